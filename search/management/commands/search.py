"""manage.py search "QUERY" [--type T] [--limit N] [--json] — search from the command line."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.service import search
from search.units import CORE_TYPES


class Command(BaseCommand):
    help = _("检索文件、条款、术语、义务、指标和自评估条目。")

    def add_arguments(self, parser):
        parser.add_argument("query", help=_("检索词，例如 医保、41号文、第十四条、WS/T 892"))
        parser.add_argument("--type", action="append", default=[], help=_("只检索某类单元：%s") % ", ".join(CORE_TYPES))
        parser.add_argument("--limit", type=int, default=10, help=_("最多显示的结果数（1–50）"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出"))

    def handle(self, *args, **options):
        if not 1 <= options["limit"] <= 50:
            raise CommandError(_("--limit 必须在 1 到 50 之间。"))
        filters = {"type": options["type"]} if options["type"] else {}
        result = search(options["query"], filters=filters, per_page=options["limit"], facets=options["json"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        if result.message:
            self.stdout.write(result.message)
        self.stdout.write(_("共 %(total)d 条结果（%(ms).1f 毫秒）") % {"total": result.total, "ms": result.took_ms})
        for n, hit in enumerate(result.hits, 1):
            where = " ".join(p for p in (hit["document_title"], hit["label"]) if p)
            self.stdout.write(f"{n}. [{hit['type_label']}] {hit['title']} — {where}  ({hit['score']})")
            self.stdout.write(f"   {hit['url']}")
