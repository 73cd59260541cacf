"""JSON API of the knowledge layer under /api/v1/graph/: citations, obligations, traces, panels."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from content.models import Clause, Work, published_q
from knowledge import graph as g
from knowledge.models import Citation, Obligation
from knowledge.references import check_references
from knowledge.review import can_review
from knowledge.sparql import run_select
from knowledge.tracing import citation_graph, neighbourhood, trace

router = Router()



class WorkRef(Schema):
    key: str
    title: str
    identifier: str
    has_text: bool
    uri: str


class CitationOut(Schema):
    id: int
    raw_text: str
    span_start: int
    span_end: int
    relation: str
    work: WorkRef | None
    target_clause: str | None
    review_status: str
    confidence: float | None


class ObligationOut(Schema):
    id: int
    text: str
    span_start: int
    span_end: int
    modality: str
    modal_word: str
    duty_bearer: str
    duty_bearer_inherited: bool
    action: str
    quantity_comparator: str
    quantity_value: Decimal | None
    quantity_unit: str
    frequency: str
    deadline: date | None
    condition: str
    review_status: str
    confidence: float | None
    uri: str


class TraceOut(Schema):
    work: WorkRef
    rests_on: list[dict]
    depends: list[dict]
    citing_clauses: list[dict]


def _work_ref(work: Work, request=None) -> dict:
    return {
        "key": work.key,
        "title": work.title,
        "identifier": work.identifier,
        "has_text": work.has_text,
        "uri": g.localise(g.work_uri(work.key), request),
    }


def _clause(key: str, path: str) -> Clause:
    clause = (
        Clause.objects.filter(version__work__key=key, version__is_current=True, path=path)
        .select_related("version__work")
        .first()
    )
    if clause is None:
        raise Http404(_("没有这个条款。"))
    return clause


class RadiusParams(Schema):
    radius: int = Field(1, ge=1, le=3, description="关系层数（1–3）")


@router.get("/clauses/{key}/{path}/citations", response=list[CitationOut], summary="条款引用（分页）")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def clause_citations(request, key: str, path: str):
    clause = _clause(key, path)
    rows = Citation.objects.filter(published_q(), clause=clause).select_related("work", "target_clause__version__work").order_by("span_start", "pk")
    return [
        {
            "id": c.id,
            "raw_text": c.raw_text,
            "span_start": c.span_start,
            "span_end": c.span_end,
            "relation": c.relation,
            "work": _work_ref(c.work, request) if c.work else None,
            "target_clause": c.target_clause.get_absolute_url() if c.target_clause else None,
            "review_status": c.review_status,
            "confidence": c.confidence,
        }
        for c in rows
    ]


@router.get("/clauses/{key}/{path}/obligations", response=list[ObligationOut], summary="条款义务（分页）")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def clause_obligations(request, key: str, path: str):
    clause = _clause(key, path)
    return [
        {**{f: getattr(o, f) for f in ObligationOut.model_fields if f != "uri"}, "uri": g.obligation_uri(o.id)}
        for o in Obligation.objects.filter(published_q(), clause=clause).order_by("span_start", "pk")
    ]


PANEL_QUERY = """
SELECT ?kind ?node ?label WHERE {
  { ?clause eli:cites ?node . BIND("cites" AS ?kind) OPTIONAL { ?node eli:title ?label } }
  UNION { ?node eli:cites ?clause . ?node a eli:LegalResourceSubdivision . BIND("cited_by" AS ?kind)
          OPTIONAL { ?node eli:number ?label } }
  UNION { ?node prov:wasDerivedFrom ?clause ; a ygt:Obligation ; ygt:text ?label . BIND("obligation" AS ?kind) }
  UNION { ?node prov:wasDerivedFrom ?clause ; a skos:Concept ; skos:prefLabel ?label . BIND("term" AS ?kind) }
}
"""


def clause_panel_from_graph(clause_uri: str) -> list[dict[str, str]]:
    """The clause page's graph panel, answered by the graph (used by the API and the benchmark)."""
    if any(ch in clause_uri for ch in '<>" {}|\\^`'):
        return []
    return run_select(PANEL_QUERY.replace("?clause", f"<{clause_uri}>"))


@router.get("/clauses/{key}/{path}/panel", summary="条款图谱面板（来自图谱）")
def clause_panel(request, key: str, path: str):
    _clause(key, path)
    rows = [{k: g.localise(v, request) for k, v in row.items()} for row in clause_panel_from_graph(g.clause_uri(key, path))]
    return {"clause": g.localise(g.clause_uri(key, path), request), "rows": rows}


@router.get("/works/{key}/trace", response=TraceOut, summary="追溯与影响")
def work_trace(request, key: str):
    work = Work.objects.filter(key=key).first()
    if work is None:
        raise Http404(_("没有这个文件。"))
    result = trace(work, citation_graph())
    return {
        "work": _work_ref(work, request),
        "rests_on": [{**_work_ref(w, request), "distance": d} for w, d in result.rests_on],
        "depends": [{**_work_ref(w, request), "distance": d} for w, d in result.depends],
        "citing_clauses": [
            {"work": c.clause.version.work.key, "clause": c.clause.path, "url": c.clause.get_absolute_url(), "raw_text": c.raw_text}
            for c in result.citing_clauses
        ],
    }


@router.get("/works/{key}/neighbourhood", summary="关系图数据（Cytoscape.js 元素）")
def work_neighbourhood(request, key: str, params: Query[RadiusParams]):
    if not Work.objects.filter(key=key).exists():
        raise Http404(_("没有这个文件。"))
    return neighbourhood(key, params.radius)


@router.get("/references", response=list[dict], summary="引用核查报告（分页）")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def references(request):
    return [f.as_dict() for f in check_references(include_held=can_review(request.user))]
