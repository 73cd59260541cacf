import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "从数据库重建 RDF 图谱投影（每个文件一个命名图）；--extract 先重新抽取引用、义务与术语。"
        "服务器运行时（它持有投影锁）改为排队，由服务器进程重建。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true", help="先对所有当前版本重新抽取")

    def handle(self, *args, extract=False, **options):
        from content.jobs import enqueue_once, immediate, take_lock
        from knowledge.graph import build_graph, documents, remote
        from knowledge.pipeline import extract_all
        from knowledge.tasks import project_shared_graphs, project_work_graph

        started = time.perf_counter()
        try:
            if extract:
                report = extract_all(self.stdout)
                self.stdout.write(
                    _("抽取完成：引用 %(c)s，义务 %(o)s，术语 %(t)s，新建被引文件 %(w)s。")
                    % {"c": report.citations, "o": report.obligations, "t": report.terms, "w": report.created_works}
                )
            if not immediate() and not take_lock():
                # A server holds the store: ask its worker to re-project every scope.
                works = list(documents())
                for work in works:
                    enqueue_once(project_work_graph, work.pk, work.key)
                enqueue_once(project_shared_graphs)
                self.stdout.write(
                    _("服务器正在运行并持有图谱存储：已排队 %(n)s 个命名图的重建，由服务器进程完成。")
                    % {"n": len(works) + 1}
                )
                return
            total = build_graph()
        except Exception as exc:
            raise CommandError(_("图谱重建失败：%(error)s") % {"error": exc}) from exc
        target = _("远程 SPARQL 服务") if remote() else _("本地 Oxigraph 存储")
        self.stdout.write(
            _("图谱已重建：%(n)s 条三元组写入%(target)s，用时 %(s).2f 秒。")
            % {"n": total, "target": target, "s": time.perf_counter() - started}
        )
