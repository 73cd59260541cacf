"""Everything `make run` needs before serving: migrate, site, corpus, reference data, indexes,
a local admin account and static files. Running it again is fast and changes nothing."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "yigongti-admin"  # documented in README: a local account for a local instance


class Command(BaseCommand):
    help = "准备门户：迁移数据库、导入语料（数据库为空时）、建立索引、创建本地管理员账号。"

    def add_arguments(self, parser):
        parser.add_argument("--no-static", action="store_true", help="不收集静态文件")

    def step(self, message):
        self.stdout.write(f"• {message}")
        self.stdout.flush()

    def handle(self, *args, **options):
        from assessment.models import ChecklistTemplate
        from content.importer import ImportFailed, import_corpus
        from content.models import Work
        from content.seed import seed_reference_data
        from portal.setup import ensure_site

        self.step(f"数据目录：{settings.DATA_DIR}")
        self.step("迁移数据库…")
        call_command("migrate", interactive=False, verbosity=0)
        ensure_site()
        imported = False
        if not Work.objects.with_text().exists():
            self.step("导入 corpus/ 中的语料…")
            try:
                import_corpus(stdout=self.stdout)
            except ImportFailed as exc:
                raise CommandError(f"导入语料失败：{exc}") from None
            imported = True
        else:
            self.step("语料已导入，跳过。")
        # One transaction: the projection jobs the seeds' saves ask for are queued once each.
        with transaction.atomic():
            self.step("组织架构与指标体系数据…")
            seed_reference_data()
            call_command("seed_regions", verbosity=0)
        if not ChecklistTemplate.objects.filter(is_active=True).exists():
            self.step("自评估模板…")
            call_command("build_checklist", verbosity=0)
        if imported:
            # Wagtail's admin search index (segmented Chinese, see search.wagtail_backend).
            self.step("编辑后台检索索引…")
            call_command("update_index", verbosity=0)
        self.projections()
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@localhost", os.environ.get("PORTAL_ADMIN_PASSWORD", ADMIN_PASSWORD))
            self.step(f"已创建本地管理员账号 {ADMIN_USERNAME}")
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("门户已就绪。"))

    def projections(self):
        """Bring the graph and the search index level with the database.

        A missing store is rebuilt whole; then every scope (one work's named graph or units, a
        shared graph, a global unit type) whose recorded stamp differs from the database — an
        import killed after its commit, a failed job, an edit made with projections off — is
        re-projected. Only the process holding the projection lock writes: when a server is
        running, the repairs are queued for it."""
        from content.jobs import failed_since, immediate, run_pending, take_lock
        from knowledge.tasks import repair as repair_graph
        from search.tasks import repair as repair_index

        started = timezone.now()
        writer = immediate() or take_lock()
        if writer:
            for name, store in (("build_graph", settings.GRAPH_STORE_DIR), ("rebuild_search_index", settings.SEARCH_INDEX_DIR)):
                if not Path(store).exists():
                    self.step(f"{name}…")
                    call_command(name)
        self.step("检查图谱与检索索引是否与数据库一致…")
        stale = repair_graph(self.stdout) + repair_index(self.stdout)
        if not writer:
            self.step(f"服务器正在运行（持有投影锁）：{stale} 项更新已排队，由服务器进程完成。")
            return
        ran = 0 if immediate() else run_pending()
        failed = 0 if immediate() else failed_since(started)
        if failed:
            raise CommandError(f"{failed} 个投影任务失败；详情见管理后台的任务结果，修复后重新运行 setup_portal。")
        if stale or ran:
            self.step(f"投影已更新：{stale} 项过期，{ran} 个任务已执行。")
        else:
            self.step("图谱与检索索引均为最新。")

