import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "引用核查报告：未解析引用（含指向占位文件的引用）、文号/标题不一致、占位文号、引用失效文件、日期倒置。"
        "默认只核查向读者公开的引用；--include-held 同时核查因置信度低而待审核的引用。"
        "--json 输出 JSON；发现问题时退出码为 1（--exit-zero 只报告、不以非零状态退出）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--strict", action="store_true", help="（默认行为）有任何发现时以非零状态退出")
        parser.add_argument("--exit-zero", action="store_true", help="有发现时也以零状态退出")
        parser.add_argument(
            "--include-held", action="store_true", help="同时核查因置信度低、尚未向读者显示的引用（已驳回的除外）"
        )

    def handle(self, *args, json: bool = False, exit_zero: bool = False, include_held: bool = False, **options):
        from knowledge.references import check_references

        findings = check_references(include_held=include_held)
        if json:
            self.stdout.write(_dumps({"count": len(findings), "findings": [f.as_dict() for f in findings]}))
        else:
            for f in findings:
                self.stdout.write(f"[{f.label}] {f.message}")
                for c in f.citations:
                    self.stdout.write(f"    {c.clause.version.work.title} · {c.clause.display_label} ({c.clause.get_absolute_url()})")
            self.stdout.write(f"共 {len(findings)} 条发现。")
        if findings and not exit_zero:
            raise CommandError(f"引用核查发现 {len(findings)} 条问题。", returncode=1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
