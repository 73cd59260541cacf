"""manage.py rebuild_search_index — rebuild the search index from the database."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.engines import EngineError, get_engine
from search.indexing import rebuild


class Command(BaseCommand):
    help = _("从数据库重建检索索引（文件、条款、术语、义务、指标、自评估条目）。")

    def handle(self, *args, **options):
        started = time.perf_counter()
        engine = get_engine()
        self.stdout.write(_("正在重建检索索引（引擎：%(engine)s）…") % {"engine": engine.name})

        def progress(n):
            self.stdout.write(_("  已处理 %(n)d 个检索单元") % {"n": n})

        try:
            count = rebuild(progress=progress)
        except EngineError as exc:
            raise CommandError(_("重建检索索引失败：%(error)s") % {"error": exc}) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("检索索引已重建：%(count)d 个检索单元，用时 %(seconds).1f 秒。")
                % {"count": count, "seconds": seconds}
            )
        )
