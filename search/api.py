"""JSON search API under /api/v1/search: ``GET ?q=…&type=…&page=…`` and ``GET /autocomplete?q=…``.

Filters repeat: ``type=clause&type=term``, ``document=…``, ``level=national``, ``issuer=…``,
``year=2023``, ``modality=must``, ``duty_bearer=…``, ``dimension=…``, ``stage=…``.
"""

from django.http import HttpRequest
from ninja import Router, Schema

from search.engines.base import FACETS
from search.service import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, search, suggest

router = Router()


class HitOut(Schema):
    id: str
    type: str
    type_label: str
    title: str
    document_title: str
    document_number: str
    label: str
    heading: str
    text: str
    snippet: str
    url: str
    score: float
    level: str
    stage: str
    year: str
    modality: str
    duty_bearer: str
    dimension: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class UnderstoodOut(Schema):
    kind: str
    text: str


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    per_page: int
    relaxed: bool
    message: str
    took_ms: float
    understood: list[UnderstoodOut]
    filters: dict[str, list[str]]
    facets: list[FacetOut]
    hits: list[HitOut]


class SuggestionOut(Schema):
    type: str
    type_label: str
    label: str
    url: str


def _filters(request: HttpRequest) -> dict[str, list[str]]:
    return {facet: request.GET.getlist(facet) for facet in FACETS if request.GET.getlist(facet)}


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


@router.get("", response=SearchOut, summary="检索文件、条款、术语、义务、指标与自评估条目")
def search_endpoint(request: HttpRequest):
    """Bad parameters never fail: an unparsable page is page 1, unknown filters are ignored."""
    result = search(
        request.GET.get("q", ""),
        filters=_filters(request),
        page=_int(request.GET.get("page"), 1, 1, MAX_PAGE),
        per_page=_int(request.GET.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE),
    )
    return result.as_dict()


@router.get("/autocomplete", response=list[SuggestionOut], summary="术语与文件标题的输入提示")
def autocomplete_endpoint(request: HttpRequest, q: str = "", limit: int = 10):
    return suggest(q, limit=limit)


__all__ = ["router"]
