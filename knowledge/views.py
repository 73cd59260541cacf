"""Views of the knowledge layer: SPARQL endpoint, linked data, reference report, tracing, explorer."""

from __future__ import annotations

import json

import pyoxigraph as ox
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from content.models import Clause, Organisation, Term, Work
from content.parse.titles import book_title
from knowledge import graph as g
from knowledge import linked_data
from knowledge.models import Obligation
from knowledge.references import KINDS, check_references
from knowledge.review import can_review
from knowledge.sparql import (
    GRAPH_FORMATS,
    SparqlError,
    execute,
    media_types,
    query_form,
    run_select,
)
from knowledge.tracing import citation_graph, neighbourhood, trace

# Example queries on the query page. Two are filled from the graph itself (the most-cited
# document with a 文号, the document citing most others), so every example answers on whatever
# documents this instance holds and no document's number or title is written into the code.
CITED_BY_NUMBER = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?citing ?title WHERE {{
  ?cited eli:id_local {number} .
  ?citing eli:cites ?cited ; a eli:LegalResource ; eli:title ?title .
}}"""
CITES_TRANSITIVELY = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?work ?title WHERE {{
  ?doc eli:title {title} .
  ?doc eli:cites+ ?work .
  ?work eli:title ?title .
}}"""
MOST_CITED_NUMBER = """
SELECT ?number (COUNT(DISTINCT ?citing) AS ?n) WHERE {
  ?cited eli:id_local ?number .
  ?citing eli:cites ?cited ; a eli:LegalResource .
  FILTER(?citing != ?cited)
} GROUP BY ?number ORDER BY DESC(?n) ?number LIMIT 1"""
MOST_CITING_TITLE = """
SELECT ?title (COUNT(DISTINCT ?work) AS ?n) WHERE {
  ?doc a eli:LegalResource ; eli:title ?title ; eli:cites ?work .
  ?work a eli:LegalResource .
  FILTER(?doc != ?work)
} GROUP BY ?title ORDER BY DESC(?n) ?title LIMIT 1"""
STATIC_EXAMPLES = [
    (
        _("带数量要求的义务：主体、比较、数值、单位"),
        """PREFIX ygt: <https://w3id.org/yigongti/ns#>
SELECT ?text ?bearer ?cmp ?value ?unit WHERE {
  ?o a ygt:Obligation ; ygt:text ?text ; ygt:quantity ?q .
  ?q ygt:comparator ?cmp ; ygt:value ?value .
  OPTIONAL { ?q ygt:unit ?unit }
  OPTIONAL { ?o ygt:dutyBearer ?bearer }
} LIMIT 50""",
    ),
    (
        _("同一文号下有多个标题的文件"),
        """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?number (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work eli:id_local ?number .
} GROUP BY ?number HAVING (COUNT(DISTINCT ?work) > 1)""",
    ),
    (
        _("术语及其简称"),
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?alt WHERE { ?t a skos:Concept ; skos:prefLabel ?label . OPTIONAL { ?t skos:altLabel ?alt } }""",
    ),
]


def examples() -> list[tuple[str, str]]:
    """The query page's examples: two drawn from the documents in the graph, then the fixed ones."""
    found = []
    try:
        cited = run_select(MOST_CITED_NUMBER)
        citing = run_select(MOST_CITING_TITLE)
    except (SparqlError, OSError):  # e.g. another process holds the embedded store's lock
        cited = citing = []  # the fixed examples still show
    if cited:
        number = cited[0]["number"]
        found.append(
            (_("哪些文件引用了%(number)s？") % {"number": number}, CITED_BY_NUMBER.format(number=str(ox.Literal(number))))
        )
    if citing:
        title = citing[0]["title"]
        found.append(
            (
                _("%(title)s直接或间接引用的全部文件（eli:cites+）") % {"title": book_title(title)},
                CITES_TRANSITIVELY.format(title=str(ox.Literal(title, language="zh"))),
            )
        )
    return found + STATIC_EXAMPLES


HTML_TYPES = ["text/html", "application/xhtml+xml"]
SPARQL_TYPES = media_types("SELECT") + media_types("CONSTRUCT")


def _wants_html(request) -> bool:
    """A browser asking for the query page: text/html preferred over every SPARQL result type."""
    if request.GET.get("format") or request.POST.get("format"):
        return False
    return request.get_preferred_type(SPARQL_TYPES + HTML_TYPES) in HTML_TYPES


@csrf_exempt
@require_http_methods(["GET", "POST", "HEAD"])
def sparql_view(request):
    """SPARQL 1.1 Protocol endpoint (query only) and, for browsers, a query page."""
    content_type = request.content_type or ""
    if request.method == "POST":
        if content_type == "application/sparql-update" or "update" in request.POST:
            return _sparql_error(request, SparqlError(_("本端点只读，不接受 SPARQL 更新（INSERT、DELETE、DROP 等）。"), 403))
        if content_type == "application/sparql-query":
            query = request.body.decode("utf-8", errors="replace")
        else:
            query = request.POST.get("query", "")
    else:
        if "update" in request.GET:
            return _sparql_error(request, SparqlError(_("本端点只读，不接受 SPARQL 更新（INSERT、DELETE、DROP 等）。"), 403))
        query = request.GET.get("query", "")
    fmt = request.GET.get("format", "") or request.POST.get("format", "")
    if _wants_html(request) and not fmt:
        return _sparql_page(request, query)
    try:
        # IRIs copied from this host's pages name the stored (canonical) IRIs
        result = execute(g.canonicalise(query, request), fmt=fmt, preferred=request.get_preferred_type)
    except SparqlError as exc:
        return _sparql_error(request, exc)
    response = HttpResponse(g.localise(result.body, request), content_type=_with_charset(result.content_type))
    response["Vary"] = "Accept"
    if result.truncated:
        response["X-Result-Truncated"] = "true"
    return response


def _with_charset(mime: str) -> str:
    return mime if "charset" in mime else f"{mime}; charset=utf-8"


def _sparql_error(request, exc: SparqlError):
    if _wants_html(request):
        return _sparql_page(request, request.GET.get("query", "") or request.POST.get("query", ""), error=exc)
    return HttpResponse(exc.message + "\n", status=exc.status, content_type="text/plain; charset=utf-8")


def _sparql_page(request, query: str, error: SparqlError | None = None):
    context = {"query": query, "examples": examples(), "error": error, "rows": None, "variables": []}
    status = error.status if error else 200
    if query and error is None:
        try:
            form = query_form(query)
            if form in {"SELECT", "ASK"}:
                result = execute(g.canonicalise(query, request), fmt="json")
                data = json.loads(result.body)
                if "boolean" in data:
                    context["boolean"] = data["boolean"]
                else:
                    context["variables"] = data["head"]["vars"]
                    context["rows"] = [
                        [g.localise(b.get(v, {}).get("value", ""), request) for v in context["variables"]]
                        for b in data["results"]["bindings"]
                    ]
                context["truncated"] = result.truncated
            else:
                context["graph_text"] = g.localise(execute(g.canonicalise(query, request), fmt="turtle").body.decode("utf-8"), request)
        except SparqlError as exc:
            context["error"], status = exc, exc.status
    return render(request, "knowledge/sparql.html", context, status=status)


# --- linked data -------------------------------------------------------------------------------


RDF_TYPES = {mime: name for name, (mime, _f) in GRAPH_FORMATS.items()}
RDF_TYPES.update({"application/x-turtle": "turtle", "application/json": "jsonld", "text/plain": "nt"})


def _ld_format(request) -> str | None:
    """An RDF format name, or None when the client prefers the HTML page (or names nothing we have)."""
    if request.GET.get("format"):
        return linked_data.negotiate("", request.GET["format"])
    preferred = request.get_preferred_type(HTML_TYPES + list(RDF_TYPES))
    return RDF_TYPES.get(preferred)


def _ld_response(request, uri: str, html_url: str, derive):
    fmt = _ld_format(request)
    if fmt is None:
        return HttpResponseRedirect(html_url, status=303)
    if fmt not in linked_data.FORMATS:
        return HttpResponse(_("不支持的格式；可选 turtle、jsonld、rdfxml、nt。"), status=406, content_type="text/plain; charset=utf-8")
    body, mime = linked_data.serialise(linked_data.describe(uri, derive), fmt)
    response = HttpResponse(g.localise(body, request), content_type=mime)
    response["Vary"] = "Accept"
    return response


def work_resource(request, key):
    work = get_object_or_404(Work, key=key)
    uri = g.work_uri(work.key)
    graph_name = g.graph_uri(work.key)
    return _ld_response(
        request,
        uri,
        work.get_absolute_url(),
        lambda: g.document_quads(work) if work.versions.exists() else g.work_description(work, g.N(graph_name)),
    )


def clause_resource(request, key, path):
    clause = Clause.objects.filter(version__work__key=key, version__is_current=True, path=path).select_related(
        "version__work"
    ).first()
    if clause is None:
        raise Http404(_("没有这个条款。"))
    return _ld_response(
        request, g.clause_uri(key, path), clause.get_absolute_url(), lambda: g.document_quads(clause.version.work)
    )


def term_resource(request, pk):
    term = get_object_or_404(Term.objects.published(), pk=pk)
    source = None
    if term.source_clause_id:
        c = term.source_clause
        source = g.clause_uri(c.version.work.key, c.path)
    return _ld_response(
        request, g.term_uri(term.pk), f"/glossary/#term-{term.pk}", lambda: g.term_quads(term, source, g.N(g.graph_uri(g.GLOSSARY_GRAPH)))
    )


def obligation_resource(request, pk):
    obligation = get_object_or_404(
        Obligation.objects.published().select_related("clause__version__work"), pk=pk
    )
    clause = obligation.clause
    return _ld_response(
        request,
        g.obligation_uri(obligation.pk),
        clause.get_absolute_url() + f"#obligation-{obligation.pk}",
        lambda: g.obligation_quads(obligation, clause.version.work.key, clause.path, g.N(g.graph_uri(clause.version.work.key))),
    )


def organisation_resource(request, key):
    org = Organisation.objects.filter(key=key).first()
    if org is None:
        # an issuer named only in a work's metadata
        uri = g.organisation_uri(key)
        if not linked_data.describe_from_store(uri):
            raise Http404(_("没有这个组织机构。"))
        return _ld_response(request, uri, "/organisation/", lambda: [])
    return _ld_response(request, g.organisation_uri(key), f"/organisation/#org-{key}", g.organisation_quads)


# --- pages -------------------------------------------------------------------------------------


def references_view(request):
    # readers see findings on the citations they see; editors also those held back for review
    editor = can_review(request.user)
    findings = check_references(include_held=editor)
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    if request.GET.get("format") == "json" or wants_json:
        return JsonResponse(
            {"findings": [f.as_dict() for f in findings], "count": len(findings)},
            json_dumps_params={"ensure_ascii": False},
        )
    groups = [(kind, str(label), [f for f in findings if f.kind == kind]) for kind, label in KINDS.items()]
    return render(
        request, "knowledge/references.html", {"groups": groups, "total": len(findings), "editor": editor}
    )


def trace_view(request, key):
    work = get_object_or_404(Work, key=key)
    result = trace(work, citation_graph())
    # a work with only an outline (a standard known from its 编制说明) is not "only cited"
    outline_only = not work.has_text and work.versions.filter(is_current=True).exists()
    return render(request, "knowledge/trace.html", {"work": work, "trace": result, "outline_only": outline_only})


def explorer_view(request):
    key = request.GET.get("work", "")
    work = Work.objects.filter(key=key).first() if key else None
    try:
        radius = max(1, min(3, int(request.GET.get("radius", "1"))))
    except ValueError:
        radius = 1
    works = Work.objects.readable().order_by("title")
    elements = neighbourhood(work.key, radius) if work else {"nodes": [], "edges": []}
    return render(
        request,
        "knowledge/explorer.html",
        {"work": work, "works": works, "radius": radius, "elements": elements},
    )
