from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.regions import REGIONS_FILE, seed_regions


class Command(BaseCommand):
    help = "从 corpus/regions.toml 载入辽宁省 → 市 → 县（市、区）行政区划。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(REGIONS_FILE), help="区划 TOML 文件")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到区划文件 {path}。")
        try:
            cities, counties = seed_regions(path)
        except (KeyError, ValueError) as exc:
            raise CommandError(f"区划文件格式错误：{exc}") from None
        self.stdout.write(f"已载入 {cities} 个市、{counties} 个县（市、区）。")
