"""Everything `make run` needs before serving: migrate, site, corpus, reference data, indexes,
a local admin account and static files. Running it again is fast and changes nothing."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

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
        # Projections: rebuilt after a fresh import, or when their store is missing.
        for name, store in (("build_graph", settings.GRAPH_STORE_DIR), ("rebuild_search_index", settings.SEARCH_INDEX_DIR)):
            if imported or not Path(store).exists():
                self.step(f"{name}…")
                call_command(name)
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@localhost", os.environ.get("PORTAL_ADMIN_PASSWORD", ADMIN_PASSWORD))
            self.step(f"已创建本地管理员账号 {ADMIN_USERNAME}")
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("门户已就绪。"))
