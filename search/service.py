"""The search service the page, the API and the command share — 检索服务.

It understands the query (with the glossary's synonyms), asks the engine, falls back to a relaxed
query when nothing matches every word, makes highlighted snippets and labels the facets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search.engines import EngineError, get_engine
from search.engines.base import FACETS, SearchRequest, SearchResponse
from search.highlight import snippet
from search.query import MAX_QUERY_CHARS, parse_query
from search.ranking import RERANK_WINDOW, diversify, rerank
from search.synonyms import synonym_table
from search.units import audiences_for, type_labels

PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_PAGE = 100
# Hits are grouped by clause after the engine call, so the engine is asked for a window of units
# wider than the page: up to GROUP_SPREAD units a result, never more than MAX_WINDOW units.
GROUP_SPREAD = 3
MAX_WINDOW = 1000
# Types whose unit *is* a clause's sentence (or a span of it): a clause, an obligation and a
# checklist item made from the same clause are one result with a badge for each.
SENTENCE_TYPES = ("clause", "obligation", "checklist_item")
# A query of several words that fewer units than this match in full is also run relaxed, and the
# partial matches follow the full ones (a question's words are rarely all in the answering clause).
FEW_MATCHES = 5

FACET_LABELS = {
    "type": gettext_lazy("类型"),
    "document": gettext_lazy("文件"),
    "level": gettext_lazy("层级"),
    "issuer": gettext_lazy("发布机关"),
    "year": gettext_lazy("年份"),
    "modality": gettext_lazy("情态"),
    "duty_bearer": gettext_lazy("义务主体"),
    "dimension": gettext_lazy("评价维度"),
    "stage": gettext_lazy("阶段"),
}


def value_labels() -> dict[str, dict[str, str]]:
    from content.models import Dimension, Level, Stage
    from knowledge.models import Obligation

    return {
        "type": type_labels(),
        "level": dict(Level.choices),
        "stage": dict(Stage.choices),
        "modality": dict(Obligation.Modality.choices),
        "dimension": dict(Dimension.choices),
    }


@dataclass
class ResultPage:
    query: str
    hits: list[dict] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    facets: list[dict] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    relaxed: bool = False
    message: str = ""
    took_ms: float = 0.0
    understood: list[dict] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.per_page)))

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "relaxed": self.relaxed,
            "message": self.message,
            "took_ms": round(self.took_ms, 2),
            "understood": self.understood,
            "filters": self.filters,
            "facets": self.facets,
            "hits": self.hits,
        }


def clean_filters(raw: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {}
    for facet, values in (raw or {}).items():
        if facet in FACETS:
            kept = [str(v)[:200] for v in values if v not in (None, "")][:20]
            if kept:
                out[facet] = kept
    return out


def _hit(unit: dict, score: float, terms: list[str], labels) -> dict:
    text = unit.get("text") or ""
    return {
        "id": unit["id"],
        "type": unit["type"],
        "type_label": labels["type"].get(unit["type"], unit["type"]),
        "title": unit.get("title") or "",
        "document_title": unit.get("document_title") or "",
        "document_number": unit.get("document_number") or unit.get("document_code") or "",
        "label": unit.get("label") or "",
        "heading": unit.get("heading") or "",
        "text": text,
        "snippet": snippet(text or unit.get("title") or "", terms),
        "url": unit.get("url") or "",
        "score": round(float(score), 4),
        "level": unit.get("level") or "",
        "stage": unit.get("stage") or "",
        "stage_label": str(labels["stage"].get(unit.get("stage") or "", "")),
        "year": unit.get("year") or "",
        "modality": unit.get("modality") or "",
        "duty_bearer": unit.get("duty_bearer") or "",
        "dimension": unit.get("dimension") or "",
        "badges": [{"type": unit["type"], "label": labels["type"].get(unit["type"], unit["type"]), "url": unit.get("url") or ""}],
        "members": [unit["id"]],
    }


def group_by_clause(hits: list) -> list[list]:
    """Engine hits (best first) → results: hits of SENTENCE_TYPES that share a clause are one
    result, in the place of its best hit; every other hit stands alone."""
    groups: list[list] = []
    by_clause: dict[str, list] = {}
    for hit in hits:
        key = hit.unit.get("clause") or ""
        if key and hit.unit.get("type") in SENTENCE_TYPES:
            if key in by_clause:
                by_clause[key].append(hit)
                continue
            by_clause[key] = [hit]
            groups.append(by_clause[key])
        else:
            groups.append([hit])
    return groups


def _grouped_hit(group: list, terms: list[str], labels) -> dict:
    """One result for a group: the clause's own unit when it is there (its whole sentence),
    else the best hit; the best score; a badge for each type (条款 · 义务 · 自评估条目)."""
    shown = next((h for h in group if h.unit.get("type") == "clause"), group[0])
    hit = _hit(shown.unit, group[0].score, terms, labels)
    order = {name: n for n, name in enumerate(SENTENCE_TYPES)}
    members = sorted(group, key=lambda h: order.get(h.unit.get("type"), len(order)))
    hit["badges"] = []
    for member in members:
        unit = member.unit
        if unit["type"] not in [b["type"] for b in hit["badges"]]:
            label = labels["type"].get(unit["type"], unit["type"])
            hit["badges"].append({"type": unit["type"], "label": label, "url": unit.get("url") or ""})
        for key in ("modality", "duty_bearer", "dimension"):
            if not hit[key] and unit.get(key):
                hit[key] = unit[key]
    hit["members"] = [m.unit["id"] for m in members]
    return hit


def _may_fill(parsed) -> bool:
    """Whether a query with few matches of every word is also run relaxed: several words and no
    identifier (a 文号 or a clause label asks for exactly that, not for neighbours)."""
    return len(parsed.concepts) > 1 and not parsed.identifiers


def _relaxed(engine, request: SearchRequest) -> SearchResponse:
    """The request relaxed (any of the words), its first hits re-ranked by how much of the query
    each holds (``search.ranking``); the window is at least RERANK_WINDOW, the same on every page."""
    request.relaxed = True
    request.limit = min(MAX_WINDOW, max(request.limit, RERANK_WINDOW))
    response = engine.search(request)
    response.hits = rerank(response.hits, request.query.concepts)
    return response


def _few(response: SearchResponse) -> bool:
    """Fewer than FEW_MATCHES results (grouped by clause), every one of them in the window."""
    return len(response.hits) == response.total and len(group_by_clause(response.hits)) < FEW_MATCHES


def _fill(strict: SearchResponse, relaxed: SearchResponse) -> SearchResponse:
    """The few units that match every word first, then the units that match some of them.

    ``strict`` holds every unit that matches in full (see ``_few``), so the order is the same on
    every page. Every strict unit also matches relaxed: the total is relaxed's."""
    seen = {h.unit["id"] for h in strict.hits}
    rest = [h for h in relaxed.hits if h.unit["id"] not in seen]
    return SearchResponse(strict.hits + rest, max(relaxed.total, strict.total), relaxed.facets or strict.facets)


def _understood(parsed) -> list[dict]:
    kinds = {"doc_number": _("文号"), "code": _("标准编号"), "label": _("条款编号")}
    out = [{"kind": kinds[i.kind], "text": i.text} for i in parsed.identifiers]
    for concept in parsed.concepts:
        if concept.from_glossary and len(concept.alternatives) > 1:
            out.append({"kind": _("同义词"), "text": " = ".join(concept.alternatives)})
    return out


def search(
    query: str,
    *,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    facets: bool = True,
    engine=None,
    user=None,
) -> ResultPage:
    """Run a search; never raises for bad input (the message says what was wrong). ``user``
    decides which audiences' units may be found (``search.units.audiences_for``)."""
    started = time.perf_counter()
    query = query if isinstance(query, str) else ""
    page = max(1, min(int(page or 1), MAX_PAGE))
    per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
    filters = clean_filters(filters or {})
    result = ResultPage(query=query, page=page, per_page=per_page, filters=filters)
    parsed = parse_query(query, synonym_table())
    if parsed.truncated:
        result.message = _("检索词过长，只使用了前 %(n)d 个字符。") % {"n": MAX_QUERY_CHARS}
    if parsed.is_empty and not filters:
        if query.strip():
            result.message = _("检索词中没有可检索的文字，请输入中文词语、文号或条款编号。")
        return result
    result.understood = _understood(parsed)
    engine = engine or get_engine()
    start = (page - 1) * per_page
    window = min(MAX_WINDOW, max(per_page, FEW_MATCHES, (start + per_page) * GROUP_SPREAD))
    request = SearchRequest(parsed, filters, 0, window, facets=facets, audiences=audiences_for(user))
    filled = False
    try:
        response = engine.search(request)
        if response.total == 0 and not parsed.is_empty:
            response = _relaxed(engine, request)
            result.relaxed = response.total > 0
        elif _few(response) and _may_fill(parsed):
            strict = response
            response = _fill(strict, _relaxed(engine, request))
            filled = response.total > strict.total
    except EngineError as exc:
        result.message = _("检索服务暂时不可用：%(error)s") % {"error": exc}
        return result
    labels = value_labels()
    terms = parsed.highlight_terms()
    groups = group_by_clause(response.hits)
    filled_count = len(group_by_clause(strict.hits)) if filled else 0
    # The full matches stay ahead of the partial ones (they are the first groups, in order).
    groups = diversify(groups[:filled_count]) + diversify(groups[filled_count:])
    # Honest counts: exact when the window held every unit; otherwise the units beyond the window
    # are counted one result each (they may still group: an upper bound, never an undercount).
    result.total = len(groups) + max(0, response.total - len(response.hits))
    result.hits = [_grouped_hit(g, terms, labels) for g in groups[start : start + per_page]]
    for facet, buckets in response.facets.items():
        if not buckets:
            continue
        names = labels.get(facet, {})
        result.facets.append(
            {
                "name": facet,
                "label": str(FACET_LABELS[facet]),
                "values": [
                    {
                        "value": value,
                        "label": str(names.get(value, value)),
                        "count": count,
                        "selected": value in filters.get(facet, []),
                    }
                    for value, count in buckets
                ],
            }
        )
    if result.relaxed:
        result.message = _("没有同时包含全部检索词的结果，以下是部分匹配的结果。")
    elif filled:
        result.message = _("只有前 %(n)d 条结果包含全部检索词，其后是部分匹配的结果。") % {"n": filled_count}
    elif result.total == 0 and not result.message:
        result.message = _("没有找到匹配的结果。可以换一个说法，或减少检索词。")
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def suggest(prefix: str, limit: int = 10) -> list[dict]:
    prefix = (prefix if isinstance(prefix, str) else "").strip()[:50]
    if not prefix:
        return []
    try:
        items = get_engine().suggest(prefix, limit=max(1, min(limit, 20)))
    except EngineError:
        return []
    labels = type_labels()
    return [{**i, "type_label": labels.get(i["type"], i["type"])} for i in items]
