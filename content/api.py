"""JSON API for documents under /api/v1/documents: a list, and one document with its clause tree
nested as it is printed (label, path, heading, text, url, children)."""

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from content.models import DocumentPage, Version
from content.reading import is_outline_version, load_tree

router = Router()


class ClauseOut(Schema):
    label: str
    path: str
    kind: str
    heading: str
    text: str
    url: str
    table: list[list[str]] | None = None
    children: list["ClauseOut"] = []


ClauseOut.model_rebuild()


class VersionOut(Schema):
    number: int
    stage: str
    stage_display: str
    label: str
    date: date | None
    is_current: bool
    is_outline: bool = False
    change_note: str = ""  # an editor's revision or restore says what changed (imports: empty)
    created_at: datetime | None = None


class RelationOut(Schema):
    kind: str
    direction: str  # "out": this work → other; "in": other → this work
    work_key: str
    title: str
    doc_number: str
    url: str


class DocumentSummary(Schema):
    slug: str
    key: str
    title: str
    doc_number: str
    standard_code: str
    kind: str
    level: str
    issuers: list[str]
    date_issued: date | None
    status: str
    stage: str | None
    url: str
    api_url: str


class DocumentDetail(DocumentSummary):
    date_effective: date | None
    version: VersionOut | None
    versions: list[VersionOut]
    relations: list[RelationOut]
    clauses: list[ClauseOut]


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def _version_out(version: Version) -> VersionOut:
    return VersionOut(
        number=version.number,
        stage=version.stage,
        stage_display=str(version.get_stage_display()),
        label=version.label,
        date=version.date,
        is_current=version.is_current,
        is_outline=is_outline_version(version),
        change_note=version.change_note,
        created_at=version.created_at,
    )


def _summary(request, page: DocumentPage, stage: str | None) -> dict:
    work = page.work
    return {
        "slug": page.slug,
        "key": work.key,
        "title": work.title,
        "doc_number": work.doc_number,
        "standard_code": work.standard_code,
        "kind": work.kind,
        "level": work.level,
        "issuers": list(work.issuers or []),
        "date_issued": work.date_issued,
        "status": work.status,
        "stage": stage,
        "url": _absolute(request, page.get_url(request) or f"/documents/{page.slug}/"),
        "api_url": _absolute(request, f"/api/v1/documents/{page.slug}/"),
    }


class DocumentFilter(Schema):
    kind: str = Field("", max_length=40, description="文件类型")
    level: str = Field("", max_length=40, description="层级：national、provincial …")
    stage: str = Field("", max_length=40, description="当前版本的阶段：published、consultation …")


class _Summaries:
    """The paginator slices the queryset; only the slice is turned into summaries."""

    def __init__(self, request, pages):
        self.request, self.pages = request, pages

    def all(self):
        return self.pages

    def __getitem__(self, key):
        pages = list(self.pages[key])
        stages = dict(
            Version.objects.filter(work_id__in=[p.work_id for p in pages], is_current=True).values_list("work_id", "stage")
        )
        return [_summary(self.request, page, stages.get(page.work_id)) for page in pages]


@router.get("/", response=list[DocumentSummary], summary="文件列表（分页：page、page_size）", url_name="documents")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def list_documents(request, filters: Query[DocumentFilter]):
    """Published documents (optionally filtered by kind, level and stage of the current version)."""
    pages = DocumentPage.objects.live().select_related("work").order_by("-work__date_issued", "title", "pk")
    if filters.kind:
        pages = pages.filter(work__kind=filters.kind)
    if filters.level:
        pages = pages.filter(work__level=filters.level)
    if filters.stage:
        pages = pages.filter(work__versions__is_current=True, work__versions__stage=filters.stage)
    return _Summaries(request, pages)


def _nest(request, clauses) -> list[dict]:
    def node(c) -> dict:
        return {
            "label": c.label,
            "path": c.path,
            "kind": c.kind,
            "heading": c.heading,
            "text": c.text,
            "url": _absolute(request, c.url),
            "table": c.table,
            "children": [node(child) for child in c.child_nodes],
        }

    return [node(c) for c in clauses]


@router.get("/{slug}/", response=DocumentDetail, summary="文件详情（含条款树）", url_name="document")
def get_document(request, slug: str, version: int | None = None):
    """One document with its metadata, versions, related works and the nested clause tree of the
    current version (or of ``?version=N``)."""
    page = DocumentPage.objects.live().select_related("work").filter(slug=slug).first()
    if page is None:
        raise Http404(_("没有这份文件。"))
    work = page.work
    versions = list(work.versions.all().order_by("number"))
    if version is not None:
        chosen = next((v for v in versions if v.number == version), None)
        if chosen is None:
            raise Http404(_("没有这个版本。"))
    else:
        chosen = next((v for v in versions if v.is_current), versions[-1] if versions else None)
    base_url = page.get_url(request) or f"/documents/{page.slug}/"
    tree = load_tree(chosen, base_url) if chosen else None
    relations = [
        RelationOut(
            kind=kind,
            direction=direction,
            work_key=other.key,
            title=other.title,
            doc_number=other.doc_number,
            url=_absolute(request, other.get_absolute_url()),
        )
        for kind, direction, other in work.related()
    ]
    data = _summary(request, page, chosen.stage if chosen else None)
    data.update(
        {
            "date_effective": work.date_effective,
            "version": _version_out(chosen) if chosen else None,
            "versions": [_version_out(v) for v in versions],
            "relations": relations,
            "clauses": _nest(request, tree.roots) if tree else [],
        }
    )
    return data
