"""The search page (/search/) and its autocomplete endpoint (/search/autocomplete/)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe

from search.engines.base import FACETS
from search.service import MAX_PAGE, search, suggest


def _page(value) -> int:
    try:
        return max(1, min(MAX_PAGE, int(value)))
    except (TypeError, ValueError):
        return 1


def _link(query: str, filters: dict[str, list[str]], page: int = 1) -> str:
    params = [("q", query)] if query else []
    for facet, values in filters.items():
        params.extend((facet, v) for v in values)
    if page > 1:
        params.append(("page", str(page)))
    return "?" + urlencode(params)


def search_view(request):
    query = request.GET.get("q", "")
    filters = {f: request.GET.getlist(f) for f in FACETS if request.GET.getlist(f)}
    result = search(query, filters=filters, page=_page(request.GET.get("page")), user=request.user)
    for facet in result.facets:
        for value in facet["values"]:
            toggled = {k: list(v) for k, v in result.filters.items()}
            chosen = toggled.setdefault(facet["name"], [])
            if value["selected"]:
                chosen.remove(value["value"])
            else:
                chosen.append(value["value"])
            value["link"] = _link(query, {k: v for k, v in toggled.items() if v})
    for hit in result.hits:
        hit["snippet_html"] = mark_safe(hit["snippet"])  # built by search.highlight: escaped
    pages = {
        "previous": _link(query, result.filters, result.page - 1) if result.page > 1 else "",
        "next": _link(query, result.filters, result.page + 1) if result.page < result.pages else "",
    }
    context = {"result": result, "query": query, "pages": pages, "has_query": bool(query.strip() or filters)}
    return TemplateResponse(request, "search/search.html", context)


def autocomplete_view(request):
    items = suggest(request.GET.get("q", ""), limit=10)
    return JsonResponse({"suggestions": [{k: i[k] for k in ("type", "type_label", "label", "url")} for i in items]})
