"""JSON search API under /api/v1/search: ``GET ?q=…&type=…&page=…`` and ``GET /autocomplete?q=…``.

Filters repeat: ``type=clause&type=term``, ``document=…``, ``level=national``, ``issuer=…``,
``year=2023``, ``modality=must``, ``duty_bearer=…``, ``dimension=…``, ``stage=…``.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from search.engines.base import FACETS
from search.service import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, search, suggest

router = Router()


class BadgeOut(Schema):
    type: str
    label: str
    url: str


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
    stage_label: str = Field(description="文本阶段（模板、征求意见稿……）")
    year: str
    modality: str
    duty_bearer: str
    dimension: str
    badges: list[BadgeOut] = Field(description="同一句话的各类结果：条款、义务、自评估条目")
    members: list[str] = Field(description="并入本条结果的检索单元")


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


def _clamped(value, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError, OverflowError):
        return default


class SearchParams(Schema):
    """Query parameters; filters repeat (``type=clause&type=term``). An unparsable or out-of-range
    page or per_page is brought into range instead of failing."""

    q: str = Field("", description="检索词（过长部分由检索服务截断）")
    page: int = Field(1, description=f"页码（1–{MAX_PAGE}）")
    per_page: int = Field(PER_PAGE, description=f"每页条数（1–{MAX_PER_PAGE}）")
    type: list[str] = Field([], description="类型：document、clause、term、obligation、indicator、item")
    document: list[str] = Field([], description="文件标题")
    level: list[str] = Field([], description="层级：national、provincial …")
    issuer: list[str] = Field([], description="发文机关")
    year: list[str] = Field([], description="年份")
    modality: list[str] = Field([], description="义务类型：must、must_not …")
    duty_bearer: list[str] = Field([], description="义务主体")
    dimension: list[str] = Field([], description="评价维度")
    stage: list[str] = Field([], description="版本阶段")

    @field_validator("page", mode="before")
    @classmethod
    def _page(cls, value):
        return _clamped(value, 1, 1, MAX_PAGE)

    @field_validator("per_page", mode="before")
    @classmethod
    def _per_page(cls, value):
        return _clamped(value, PER_PAGE, 1, MAX_PER_PAGE)

    def filters(self) -> dict[str, list[str]]:
        return {facet: getattr(self, facet) for facet in FACETS if getattr(self, facet, None)}


class AutocompleteParams(Schema):
    q: str = Field("", description="输入的开头")
    limit: int = Field(10, description="最多条数（1–20）")

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value):
        return _clamped(value, 10, 1, 20)


@router.get("", response=SearchOut, summary="检索文件、条款、术语、义务、指标与自评估条目")
def search_endpoint(request: HttpRequest, params: Query[SearchParams]):
    """Bad paging never fails: an unparsable page is page 1, unknown parameters are ignored."""
    result = search(params.q, filters=params.filters(), page=params.page, per_page=params.per_page, user=request.user)
    return result.as_dict()


@router.get("/autocomplete", response=list[SuggestionOut], summary="术语与文件标题的输入提示")
def autocomplete_endpoint(request: HttpRequest, params: Query[AutocompleteParams]):
    return suggest(params.q, limit=params.limit)


__all__ = ["router"]
