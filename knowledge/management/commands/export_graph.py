import sys

import pyoxigraph as ox
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


class Command(BaseCommand):
    help = "导出图谱：--format turtle|nt|jsonld|trig|nquads [-o 文件]；turtle/nt/jsonld 输出所有命名图的并集。"

    def add_arguments(self, parser):
        parser.add_argument("--format", default="turtle", choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", default="-", help="输出文件，默认标准输出")

    def handle(self, *args, format="turtle", output="-", **options):
        from knowledge.graph import PREFIXES, all_quads

        rdf_format = FORMATS[format]
        quads = list(all_quads())
        if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            data = ox.serialize(quads, format=rdf_format)
        else:
            triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
            data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if format == "turtle" else None)
        try:
            if output == "-":
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                with open(output, "wb") as fh:
                    fh.write(data)
                self.stderr.write(_("已导出 %(n)s 条三元组到 %(file)s") % {"n": len(quads), "file": output})
        except OSError as exc:
            raise CommandError(_("无法写入 %(file)s：%(error)s") % {"file": output, "error": exc.strerror}) from exc
