"""The views behind the document pages' routes: the library, a document, its versions and a
clause. ``content.models.pages`` calls them with the page; this module never imports the page
classes (pages → page_views → data models), and a page's extras come from hooks
(``content.panels``), so no higher app is imported either."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import panels
from content.diff import ClauseText, diff_clauses, summarise
from content.models.django import Level, Stage, Version, Work, WorkKind, WorkRelation, WorkStatus
from content.parse.issuers import issuer_facet, issuer_key
from content.reading import is_outline_version, load_tree
from content.revisions import can_revise

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
        for v in Version.objects.current().filter(work_id__in=list(work_ids)).only(
            "id", "work_id", "stage", "label", "date", "number"
        )
    }


LIBRARY_SCOPES = {"text": gettext_lazy("收录全文"), "cited": gettext_lazy("仅被引用")}


def _cited_only_rows() -> list[dict]:
    """Works known only because something cites them, as rows shaped like the pages' rows."""
    fields = ("title", "level", "kind", "issuers", "date_issued", "status")
    return [
        {"id": w["id"], "work_id": w["id"], **{f"work__{f}": w[f] for f in fields}}
        for w in Work.objects.cited_only().values("id", *fields)
    ]


def library_context(request, documents) -> dict:
    """Filter by level, kind, issuer, year, stage and status (GET parameters); sort by date.

    ``documents`` is the queryset of the library's live document pages. Filtering and facets
    work on plain rows; only the documents of the page shown are loaded as Wagtail pages.
    ``scope=cited`` lists instead the works known only because something cites them (仅被引用).
    Issuers are faceted per body: the aliases of one body (``content.parse.issuers``) are one option."""
    params = request.GET
    scope = params.get("scope", "text")
    if scope not in LIBRARY_SCOPES:
        scope = "text"
    text_rows = list(
        documents.values(
            "id", "work_id", "work__title", "work__level", "work__kind", "work__issuers",
            "work__date_issued", "work__status",
        )
    )
    cited_rows = _cited_only_rows()
    rows = cited_rows if scope == "cited" else text_rows
    stages = dict(
        Version.objects.current().filter(work_id__in=[r["work_id"] for r in rows]).values_list(
            "work_id", "stage"
        )
    )
    for row in rows:
        row["stage"] = stages.get(row["work_id"], "")
        row["year"] = str(row["work__date_issued"].year) if row["work__date_issued"] else ""
        row["work__issuers"] = row["work__issuers"] or []
        row["issuer_keys"] = {issuer_key(i) for i in row["work__issuers"]}

    def options(values, choices=None):
        # In the order of the choices (国家, 省级, 市级, 县级), not alphabetically by key.
        labels = dict(choices or [])
        order = {v: i for i, v in enumerate(labels)}
        seen = sorted({v for v in values if v}, key=lambda v: (order.get(v, len(order)), v))
        return [(v, labels.get(v, v)) for v in seen]

    facets = {
        "level": options((r["work__level"] for r in rows), Level.choices),
        "kind": options((r["work__kind"] for r in rows), WorkKind.choices),
        "issuer": issuer_facet(i for r in rows for i in r["work__issuers"]),
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
                if issuer_key(value) not in row["issuer_keys"]:
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
    if scope == "cited":
        works = Work.objects.in_bulk(ids)
        documents = [works[pk] for pk in ids]
    else:
        pages = documents.filter(id__in=ids).select_related("work").in_bulk()
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
        "scope": scope,
        "scopes": [(key, label, len(cited_rows if key == "cited" else text_rows)) for key, label in LIBRARY_SCOPES.items()],
        "facets": facets,
        "selected": selected,
        "sort": sort,
        "filtered": any(selected.values()),
        "querystring": query.urlencode(),
    }


# --- a document ----------------------------------------------------------------------------


def relations(work: Work) -> list[dict]:
    rows = []
    for kind, direction, other in work.related():
        label = WorkRelation.Kind(kind).label if kind in WorkRelation.Kind.values else kind
        phrases = RELATION_PHRASES.get(kind, (label, label))
        rows.append({"phrase": phrases[0 if direction == "out" else 1], "work": other, "kind": kind})
    return rows


def _document_context(request, page, version: Version | None) -> dict:
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


def document_view(request, page):
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
    context["toc"] = panels.with_toc_badges(context["tree"].toc() if context["tree"] else [], request, version)
    context["relations"] = relations(page.work)
    context["document_notices"] = panels.render(panels.DOCUMENT_NOTICES, request, page)
    return TemplateResponse(request, "content/document_page.html", context)


def clause_view(request, page, clause_path: str):
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
            "clause_panels": panels.render(panels.CLAUSE_PANELS, request, clause),
            "can_revise": can_revise(request.user),
        }
    )
    return TemplateResponse(request, "content/clause.html", context)


def _clause_texts(version: Version) -> list[ClauseText]:
    tree = load_tree(version, "/")
    return [ClauseText(path=c.path, label=c.label, heading=c.heading, text=c.text) for c in tree.ordered]


def _version_rows(work: Work) -> list[Version]:
    """Every version of ``work`` with its author and base, in one query (whole texts left out)."""
    versions = list(
        work.versions.select_related("created_by").defer("original_text", "text").order_by("number")
    )
    numbers = {v.pk: v.number for v in versions}
    for i, v in enumerate(versions):
        v.based_on_number = numbers.get(v.based_on_id)
        # what this version is compared with by default: the one it revised, else the one before
        v.compare_with = v.based_on_number or (versions[i - 1].number if i else None)
        user = v.created_by
        v.author = (user.get_full_name() or user.get_username()) if user is not None else ""
    return versions


def versions_view(request, page):
    versions = _version_rows(page.work)
    context = _document_context(request, page, next((v for v in versions if v.is_current), None))
    context["versions"] = versions
    context["can_revise"] = editor = can_revise(request.user)
    for v in versions:
        v.can_restore = editor and not v.is_current
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


