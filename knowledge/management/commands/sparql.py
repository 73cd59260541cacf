import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = '执行只读 SPARQL 查询：manage.py sparql "QUERY" [--format json|csv|table]；默认图为所有命名图的并集。'

    def add_arguments(self, parser):
        parser.add_argument("query", help="SPARQL 查询；用 - 从标准输入读取")
        parser.add_argument("--format", default="table", choices=["table", "json", "csv", "tsv", "xml", "turtle", "nt"])
        parser.add_argument("--timeout", type=float, default=None, help="时间限制（秒）")

    def handle(self, *args, query, format="table", timeout=None, **options):
        from knowledge.graph import SPARQL_PROLOGUE
        from knowledge.sparql import SparqlError, execute, query_form

        if query == "-":
            query = sys.stdin.read()
        if "PREFIX" not in query.upper():
            query = SPARQL_PROLOGUE + query
        try:
            form = query_form(query)
            wire = "json" if format == "table" and form in {"SELECT", "ASK"} else ("turtle" if format == "table" else format)
            result = execute(query, fmt=wire, timeout=timeout)
        except SparqlError as exc:
            raise CommandError(exc.message) from exc
        if format != "table" or form not in {"SELECT", "ASK"}:
            sys.stdout.buffer.write(result.body)
            if not result.body.endswith(b"\n"):
                sys.stdout.buffer.write(b"\n")
            return
        data = json.loads(result.body)
        if "boolean" in data:
            self.stdout.write("true" if data["boolean"] else "false")
            return
        variables = data["head"]["vars"]
        rows = [[b.get(v, {}).get("value", "") for v in variables] for b in data["results"]["bindings"]]
        widths = [min(60, max([len(v) + 1] + [len(r[i]) for r in rows])) for i, v in enumerate(variables)]
        self.stdout.write("  ".join(f"?{v}".ljust(w) for v, w in zip(variables, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(c[:60].ljust(w) for c, w in zip(row, widths, strict=True)))
        self.stdout.write(_("共 %(n)s 行") % {"n": len(rows)} + (_("（已截断）") if result.truncated else ""))
