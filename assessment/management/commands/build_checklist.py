from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from assessment.builder import LEFT_OUT
from assessment.checklist import DEFAULT_KEY, DEFAULT_TITLE, build_template, default_works, propose
from assessment.search_units import schedule_reindex
from content.models import Work


class Command(BaseCommand):
    help = (
        "由义务条款和监测评价指标生成新版本的自评估模板（默认：标准及其引用的文件）。"
        "只纳入县级主体的义务；默认直接发布，--draft 则保存为草稿，待省级管理员编辑后发布。"
    )

    def add_arguments(self, parser):
        parser.add_argument("works", nargs="*", help="文件标识、发文字号或标准编号（默认：标准及其引用的文件）")
        parser.add_argument("--key", default=DEFAULT_KEY)
        parser.add_argument("--title", default=DEFAULT_TITLE)
        parser.add_argument("--no-indicators", action="store_true", help="不加入附录B监测评价指标")
        parser.add_argument("--draft", action="store_true", help="保存为草稿，不发布（县级用户看不到草稿）")
        parser.add_argument("--dry-run", action="store_true", help="只列出拟纳入和排除的数量，不保存")

    def handle(self, *args, **opts):
        if opts["works"]:
            works = []
            for ref in opts["works"]:
                work = Work.objects.filter(Q(key=ref) | Q(doc_number=ref) | Q(standard_code=ref)).first()
                if work is None:
                    raise CommandError(f"找不到文件“{ref}”：请使用文件标识、发文字号或标准编号。")
                works.append(work)
        else:
            works = default_works()
        include_indicators = not opts["no_indicators"]
        proposals = propose(works, include_indicators=include_indicators)
        for kind, n in sorted(proposals.left_out.items()):
            self.stdout.write(f"  排除 {n:3d} 条：{LEFT_OUT.get(kind, kind)}")
        if proposals.merged:
            self.stdout.write(f"  合并相近条款 {proposals.merged} 条（来源均保留）")
        if opts["dry_run"]:
            self.stdout.write(f"拟纳入 {len(proposals.drafts)} 个检查项（未保存）。")
            return
        template = build_template(
            works, key=opts["key"], title=opts["title"], include_indicators=include_indicators, publish=not opts["draft"]
        )
        count = template.items.count()
        if count == 0:
            self.stderr.write("警告：没有生成任何检查项——请先导入文件并抽取义务（manage.py import_documents）。")
        schedule_reindex()
        state = "草稿，发布后县级用户可见" if opts["draft"] else "已发布"
        self.stdout.write(f"已生成模板 {template}（{state}）：{count} 个检查项，来源文件 {len(works)} 个。")
