"""Public views of documents: the library, a document, its versions and clause permalinks,
works known only by citation, the glossary, the 组织架构 diagram and the 指标体系 page."""

from __future__ import annotations

import logging
from collections import OrderedDict

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.diff import ClauseText, diff_clauses, summarise
from content.models import (
    Dimension,
    DocumentPage,
    Frequency,
    Indicator,
    Level,
    Organisation,
    Stage,
    Term,
    Version,
    Work,
    WorkKind,
    WorkRelation,
    WorkStatus,
)
from content.reading import is_outline_version, load_tree

logger = logging.getLogger(__name__)

PAGE_SIZE = 50

# How a relation reads from either end (subject → object): "本文件 印发 X" / "由 X 印发".
RELATION_PHRASES = {
    "issues": (gettext_lazy("本文件印发"), gettext_lazy("印发本文件的文件")),
    "forwards": (gettext_lazy("本文件转发"), gettext_lazy("转发本文件的文件")),
    "annex": (gettext_lazy("附件"), gettext_lazy("本文件所附属的文件")),
    "explains": (gettext_lazy("本说明所说明的文件"), gettext_lazy("编制说明")),
    "based_on": (gettext_lazy("本文件的依据"), gettext_lazy("以本文件为依据的文件")),
    "implements": (gettext_lazy("本文件贯彻落实"), gettext_lazy("贯彻落实本文件的文件")),
    "cites": (gettext_lazy("本文件引用"), gettext_lazy("引用本文件的文件")),
    "normative_reference": (gettext_lazy("规范性引用文件"), gettext_lazy("规范性引用本文件的文件")),
    "related": (gettext_lazy("相关文件"), gettext_lazy("相关文件")),
}


def _bad_request(message: str):
    return HttpResponseBadRequest(f"<p>{escape(message)}</p>", content_type="text/html; charset=utf-8")


# --- library -------------------------------------------------------------------------------


def _current_versions(work_ids) -> dict[int, Version]:
    return {
        v.work_id: v
        for v in Version.objects.filter(work_id__in=list(work_ids), is_current=True).only(
            "id", "work_id", "stage", "label", "date", "number"
        )
    }


def library_context(request, page) -> dict:
    """Filter by level, kind, issuer, year, stage and status (GET parameters); sort by date.

    Filtering and facets work on plain rows; only the documents of the page shown are loaded
    as Wagtail pages."""
    params = request.GET
    rows = list(
        DocumentPage.objects.live()
        .child_of(page)
        .values(
            "id", "work_id", "work__title", "work__level", "work__kind", "work__issuers",
            "work__date_issued", "work__status",
        )
    )
    stages = dict(
        Version.objects.filter(work_id__in=[r["work_id"] for r in rows], is_current=True).values_list(
            "work_id", "stage"
        )
    )
    for row in rows:
        row["stage"] = stages.get(row["work_id"], "")
        row["year"] = str(row["work__date_issued"].year) if row["work__date_issued"] else ""
        row["work__issuers"] = row["work__issuers"] or []

    def options(values, choices=None):
        # In the order of the choices (国家, 省级, 市级, 县级), not alphabetically by key.
        labels = dict(choices or [])
        order = {v: i for i, v in enumerate(labels)}
        seen = sorted({v for v in values if v}, key=lambda v: (order.get(v, len(order)), v))
        return [(v, labels.get(v, v)) for v in seen]

    facets = {
        "level": options((r["work__level"] for r in rows), Level.choices),
        "kind": options((r["work__kind"] for r in rows), WorkKind.choices),
        "issuer": options(i for r in rows for i in r["work__issuers"]),
        "year": sorted({r["year"] for r in rows if r["year"]}, reverse=True),
        "stage": options((r["stage"] for r in rows), Stage.choices),
        "status": options((r["work__status"] for r in rows), WorkStatus.choices),
    }
    selected = {key: params.get(key, "").strip() for key in ("level", "kind", "issuer", "year", "stage", "status")}
    field_of = {"level": "work__level", "kind": "work__kind", "year": "year", "stage": "stage", "status": "work__status"}

    def keep(row) -> bool:
        for key, value in selected.items():
            if not value:
                continue
            if key == "issuer":
                if value not in row["work__issuers"]:
                    return False
            elif row[field_of[key]] != value:
                return False
        return True

    results = [r for r in rows if keep(r)]
    sort = params.get("sort", "date_desc")
    if sort not in {"date_desc", "date_asc", "title"}:
        sort = "date_desc"
    if sort == "title":
        results.sort(key=lambda r: r["work__title"])
    else:
        dated = [r for r in results if r["work__date_issued"]]
        undated = [r for r in results if not r["work__date_issued"]]
        dated.sort(key=lambda r: (r["work__date_issued"], r["work__title"]), reverse=(sort == "date_desc"))
        undated.sort(key=lambda r: r["work__title"])
        results = dated + undated
    paginator = Paginator(results, PAGE_SIZE)
    page_obj = paginator.get_page(params.get("page"))
    ids = [r["id"] for r in page_obj.object_list]
    pages = DocumentPage.objects.filter(id__in=ids).select_related("work").in_bulk()
    versions = _current_versions(p.work_id for p in pages.values())
    documents = []
    for pk in ids:
        doc = pages[pk]
        doc.current = versions.get(doc.work_id)
        documents.append(doc)
    query = params.copy()
    query.pop("page", None)
    return {
        "documents": documents,
        "page_obj": page_obj,
        "result_count": len(results),
        "total_count": len(rows),
        "facets": facets,
        "selected": selected,
        "sort": sort,
        "filtered": any(selected.values()),
        "querystring": query.urlencode(),
    }


# --- a document ----------------------------------------------------------------------------


def _relations(work: Work) -> list[dict]:
    rows = []
    for kind, direction, other in work.related():
        label = WorkRelation.Kind(kind).label if kind in WorkRelation.Kind.values else kind
        phrases = RELATION_PHRASES.get(kind, (label, label))
        rows.append({"phrase": phrases[0 if direction == "out" else 1], "work": other, "kind": kind})
    return rows


def _document_context(request, page: DocumentPage, version: Version | None) -> dict:
    work = page.work
    base_url = page.get_url(request) or f"/documents/{page.slug}/"
    tree = load_tree(version, base_url) if version else None
    return {
        "page": page,
        "self": page,
        "work": work,
        "version": version,
        "tree": tree,
        "base_url": base_url,
        "is_outline": is_outline_version(version),
        "version_count": work.versions.count(),
    }


def document_view(request, page: DocumentPage):
    version = page.current_version
    requested = request.GET.get("version")
    if requested:
        if not requested.isdigit():
            return _bad_request(_("版本号必须是数字。"))
        version = page.work.versions.filter(number=int(requested)).first()
        if version is None:
            raise Http404(_("没有这个版本。"))
    context = _document_context(request, page, version)
    context["clauses"] = context["tree"].ordered if context["tree"] else []
    context["toc"] = context["tree"].toc() if context["tree"] else []
    context["relations"] = _relations(page.work)
    return TemplateResponse(request, "content/document_page.html", context)


def knowledge_panel_html(request, clause) -> str:
    """The knowledge engineer's panel for a clause, or "" when that tag library is unavailable."""
    try:
        import knowledge.templatetags.knowledge_tags  # noqa: F401
    except ImportError:
        return ""
    try:
        return render_to_string("content/_knowledge_panel.html", {"clause": clause}, request=request)
    except Exception:  # the panel is an extra; the clause must still render
        logger.exception("knowledge panel failed for clause %s", clause.pk)
        return ""


def clause_view(request, page: DocumentPage, clause_path: str):
    version = page.current_version
    if version is None:
        raise Http404(_("这份文件还没有正文。"))
    context = _document_context(request, page, version)
    tree = context["tree"]
    clause = tree.by_path.get(clause_path)
    if clause is None:
        raise Http404(_("这份文件没有这个条款。"))
    index = tree.index_of(clause)
    context.update(
        {
            "clause": clause,
            "ancestors": tree.ancestors(clause),
            "subtree": tree.subtree(clause),
            "previous": tree.ordered[index - 1] if index > 0 else None,
            "next": tree.ordered[index + 1] if index + 1 < len(tree.ordered) else None,
            "citation": clause.citation(),
            "permalink": request.build_absolute_uri(clause.url),
            "knowledge_panel": knowledge_panel_html(request, clause),
        }
    )
    return TemplateResponse(request, "content/clause.html", context)


def _page_at(request, page_path: str) -> DocumentPage | None:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = f"{site.root_page.url_path}{page_path}"
    return DocumentPage.objects.live().filter(url_path=url_path).select_related("work").first()


def clause_permalink_view(request, slug: str, clause_path: str):
    """/documents/<slug>/<clause>/ without Wagtail's tree walk; pages with view restrictions,
    and paths that are not clauses (versions/), go through Wagtail's own serving."""
    from wagtail.views import serve

    page = _page_at(request, f"documents/{slug}/")
    if page is not None and not page.get_view_restrictions().exists():
        version = page.current_version
        if version is not None and version.clauses.filter(path=clause_path).exists():
            return clause_view(request, page, clause_path)
    return serve(request, f"documents/{slug}/{clause_path}/")


def dotted_clause_view(request, page_path: str, clause_path: str):
    """A clause permalink whose path has dots (5.2.1), which Wagtail's page URLs cannot carry."""
    page = _page_at(request, page_path)
    if page is None or page.get_view_restrictions().exists():
        raise Http404(_("没有这份文件。"))
    return clause_view(request, page, clause_path)


def _clause_texts(version: Version) -> list[ClauseText]:
    tree = load_tree(version, "/")
    return [ClauseText(path=c.path, label=c.label, heading=c.heading, text=c.text) for c in tree.ordered]


def versions_view(request, page: DocumentPage):
    versions = list(page.work.versions.all().order_by("number"))
    context = _document_context(request, page, page.current_version)
    context["versions"] = versions
    a, b = request.GET.get("a"), request.GET.get("b")
    if a or b:
        if not (a and b and a.isdigit() and b.isdigit()):
            return _bad_request(_("请选择两个版本（a 和 b 都必须是版本序号）。"))
        by_number = {v.number: v for v in versions}
        old, new = by_number.get(int(a)), by_number.get(int(b))
        if old is None or new is None:
            raise Http404(_("没有这个版本。"))
        diffs = diff_clauses(_clause_texts(old), _clause_texts(new))
        context.update(
            {
                "old": old,
                "new": new,
                "diffs": diffs,
                "summary": summarise(diffs),
                "show_unchanged": request.GET.get("all") == "1",
            }
        )
    elif len(versions) >= 2:
        context["default_a"], context["default_b"] = versions[-2].number, versions[-1].number
    return TemplateResponse(request, "content/versions.html", context)


# --- works known only by citation ----------------------------------------------------------


def work_view(request, key: str):
    work = get_object_or_404(Work, key=key)
    page = DocumentPage.objects.live().filter(work=work).first()
    citing = []
    try:
        from knowledge.models import Citation

        citing = list(
            Citation.objects.filter(work=work)
            .exclude(review_status="rejected")
            .select_related("clause__version__work")
            .order_by("clause__version__work__title", "clause__position")[:200]
        )
    except Exception:  # knowledge tables may not exist yet in an early database
        logger.exception("citations unavailable for work %s", work.pk)
    relations = _relations(work)
    return TemplateResponse(
        request,
        "content/work.html",
        {"work": work, "document_page": page, "citing": citing, "relations": relations},
    )


# --- glossary, organisation, indicators ----------------------------------------------------


def glossary_view(request):
    terms = list(Term.objects.exclude(review_status="rejected").select_related("source_clause__version__work"))
    sources = [t.source_clause for t in terms if t.source_clause]
    attach_urls(sources, _page_urls(sources))
    return TemplateResponse(request, "content/glossary.html", {"terms": terms})


def _org_tree(orgs: list[Organisation]) -> tuple[list[Organisation], dict]:
    by_parent: dict[int | None, list[Organisation]] = {}
    ids = {o.pk for o in orgs}
    for org in orgs:
        parent = org.parent_id if org.parent_id in ids else None
        by_parent.setdefault(parent, []).append(org)
    for org in orgs:
        org.child_nodes = by_parent.get(org.pk, [])
    return by_parent.get(None, []), by_parent


def _page_urls(clauses) -> dict[int, str]:
    """Work id → its document page URL, in one query, for linking many clauses."""
    work_ids = {c.version.work_id for c in clauses}
    pages = DocumentPage.objects.live().filter(work_id__in=work_ids)
    return {p.work_id: p.url for p in pages}


def attach_urls(clauses, page_urls: dict[int, str]) -> None:
    for clause in clauses:
        base = page_urls.get(clause.version.work_id) or f"/works/{clause.version.work.key}/"
        clause.url = f"{base.rstrip('/')}/{clause.path}/"


def group_by_work(clauses) -> list[dict]:
    """Source clauses grouped under their work, so a long list reads 《title》 5、2.5、二（一）."""
    groups: OrderedDict[int, dict] = OrderedDict()
    for clause in clauses:
        work = clause.version.work
        groups.setdefault(work.pk, {"work": work, "clauses": []})["clauses"].append(clause)
    return list(groups.values())


def _org_echarts(node: Organisation) -> dict:
    sources = getattr(node, "sources", [])
    data = {
        "name": node.name,
        "value": str(node.get_group_display()),
        "group": node.group,
        "url": sources[0].url if sources else f"#org-{node.key}",
        "sources": len(sources),
    }
    if node.child_nodes:
        data["children"] = [_org_echarts(c) for c in node.child_nodes]
    return data


def organisation_view(request):
    orgs = list(Organisation.objects.exclude(group="issuer").prefetch_related("source_clauses__version__work"))
    for org in orgs:
        org.sources = sorted(org.source_clauses.all(), key=lambda c: (c.version.work.title, c.position))
    page_urls = _page_urls(c for o in orgs for c in o.sources)
    for org in orgs:
        attach_urls(org.sources, page_urls)
        org.source_groups = group_by_work(org.sources)
    roots, _by_parent = _org_tree(orgs)
    chart = {"name": _("县域医共体"), "children": [_org_echarts(r) for r in roots]} if len(roots) != 1 else _org_echarts(roots[0])
    groups = OrderedDict((value, label) for value, label in Organisation.Group.choices if value != "issuer")
    return TemplateResponse(
        request,
        "content/organisation.html",
        {"roots": roots, "chart": chart, "groups": groups, "org_count": len(orgs)},
    )


GRADE_BANDS = [
    {"name": gettext_lazy("优秀"), "range": "≥ 90", "min": 90, "max": 100, "css": "excellent"},
    {"name": gettext_lazy("合格"), "range": "60–89", "min": 60, "max": 89, "css": "pass"},
    {"name": gettext_lazy("不合格"), "range": "< 60", "min": 0, "max": 59, "css": "fail"},
]
CYCLES = [
    {"key": Frequency.MONTHLY, "name": gettext_lazy("月度动态监测"), "label": Frequency.MONTHLY.label},
    {"key": Frequency.HALF_YEARLY, "name": gettext_lazy("半年度中期评价"), "label": Frequency.HALF_YEARLY.label},
    {"key": Frequency.ANNUAL, "name": gettext_lazy("年度综合评价"), "label": Frequency.ANNUAL.label},
]


def indicators_view(request):
    indicators = list(Indicator.objects.prefetch_related("source_clauses__version__work"))
    for ind in indicators:
        ind.sources = sorted(ind.source_clauses.all(), key=lambda c: (c.version.work.title, c.position))
    page_urls = _page_urls(c for i in indicators for c in i.sources)
    for ind in indicators:
        attach_urls(ind.sources, page_urls)
        ind.source_groups = group_by_work(ind.sources)
    dimensions = []
    for value, label in Dimension.choices:
        items = [i for i in indicators if i.dimension == value]
        dimensions.append({"key": value, "name": label, "indicators": items})
    return TemplateResponse(
        request,
        "content/indicators.html",
        {"dimensions": dimensions, "cycles": CYCLES, "bands": GRADE_BANDS, "indicator_count": len(indicators)},
    )
