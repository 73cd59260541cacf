from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importer import ImportFailed, import_paths
from content.models import Stage


class Command(BaseCommand):
    help = "导入政策文件（.txt、.md、.docx）：解析条款树并发布。整批导入为一个事务。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="文件或目录（目录中的 manifest.toml 提供元数据）")
        parser.add_argument("--stage", choices=[s.value for s in Stage], help="版本阶段，如 consultation（征求意见稿）")
        parser.add_argument("--dry-run", action="store_true", help="只打印将要建立的条款树，不写入数据库")

    def handle(self, *args, **options):
        try:
            report = import_paths(options["paths"], stage=options["stage"], dry_run=options["dry_run"], stdout=self.stdout)
        except ImportFailed as exc:
            raise CommandError(f"导入失败，数据库未做任何修改：{exc}") from None
        changed = sum(1 for d in report.documents if d.changed)
        self.stdout.write(self.style.SUCCESS(f"完成：{len(report.documents)} 个文件，{changed} 个新建或更新。"))
