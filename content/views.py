"""Public views outside the page tree: clause permalinks served without Wagtail's tree walk,
works known only by citation, the glossary, the 组织架构 diagram and the 指标体系 page.

The library, document, versions and clause views behind the page routes are in
``content.page_views``; this module is above the page models and may import them."""

from __future__ import annotations

from collections import OrderedDict

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site
from wagtail.views import serve

from content import panels
from content.models import Dimension, DocumentPage, Frequency, Indicator, Organisation, Term, Work
from content.page_views import clause_view, relations


def _page_at(request, page_path: str) -> DocumentPage | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = f"{site.root_page.url_path}{page_path}"
    return DocumentPage.objects.live().filter(url_path=url_path).select_related("work").first()


def clause_permalink_view(request, slug: str, clause_path: str):
    """/documents/<slug>/<clause>/ without Wagtail's tree walk; pages with view restrictions,
    and paths that are not clauses (versions/), go through Wagtail's own serving."""
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


# --- works known only by citation ----------------------------------------------------------


def work_view(request, key: str):
    """A work's page outside the library: what is known of it, and (through hooks) what cites it."""
    work = get_object_or_404(Work, key=key)
    page = DocumentPage.objects.live().filter(work=work).first()
    return TemplateResponse(
        request,
        "content/work.html",
        {
            "work": work,
            "document_page": page,
            "relations": relations(work),
            "work_sections": panels.render(panels.WORK_SECTIONS, request, work),
        },
    )


# --- glossary, organisation, indicators ----------------------------------------------------


def glossary_view(request):
    terms = list(
        Term.objects.published()
        .select_related("source_clause__version__work")
        .prefetch_related("definitions__source_clause__version__work")
    )
    for term in terms:
        # one label defined by several documents shows each definition with its source
        term.shown_definitions = term.all_definitions()
    sources = [d.source_clause for t in terms for d in t.shown_definitions if d.source_clause]
    sources += [t.source_clause for t in terms if t.source_clause]
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
