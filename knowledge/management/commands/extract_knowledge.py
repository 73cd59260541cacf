from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "对所有当前版本重新抽取引用、义务与术语并解析引用（保留编辑确认、修改、添加和驳回的行）。"

    def handle(self, *args, **options):
        from knowledge.pipeline import extract_all

        report = extract_all(self.stdout)
        self.stdout.write(
            f"引用 {report.citations} · 义务 {report.obligations} · 术语 {report.terms} · 已解析 {report.resolved} · 新建被引文件 {report.created_works}"
        )
