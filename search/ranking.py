"""Re-ranking of a relaxed query's hits by how much of the query they hold — 部分匹配重排.
Pure: no Django, no engine.

A relaxed query (no unit holds every word) asks for any of the words and any of their bigrams,
and BM25 adds up what each unit holds. A short unit that holds one word — a glossary term's
label, a document title, a chapter heading — then outranks the clause that holds three of the
four words. So the first RERANK_WINDOW relaxed hits (a fixed number, so every page sees the same
order) are re-scored by their *coverage*: the share of the query's concepts found in the unit's
name, its document's title or its text (a concept missing whole but half of its bigrams present
counts a little). Units beyond the window keep the engine's order after them.
"""

from __future__ import annotations

from search.analysis import bigrams, compact

RERANK_WINDOW = 100
PARTIAL_CREDIT = 0.5  # a concept present only as some of its bigrams, at most this much
FLOOR = 0.1  # a unit holding nothing whole keeps a tenth of its weight (ties keep BM25 order)


def unit_text(unit: dict) -> str:
    """What a unit can be found by: its name, its document's title and aliases, its text."""
    parts = (
        unit.get("title_text") or unit.get("title") or "",
        unit.get("heading") or "",
        unit.get("context_text") or unit.get("document_title") or "",
        unit.get("text") or "",
    )
    return "|".join(compact(p) for p in parts)


def concept_credit(alternatives, text: str) -> float:
    best = 0.0
    for alt in alternatives:
        if alt and alt in text:
            return 1.0
        pairs = bigrams(alt) if len(alt) > 2 else []
        if pairs:
            best = max(best, PARTIAL_CREDIT * sum(p in text for p in pairs) / len(pairs))
    return best


def coverage(unit: dict, concepts) -> float:
    """Share of the concepts (each a tuple of alternatives) the unit holds, 0..1."""
    if not concepts:
        return 1.0
    text = unit_text(unit)
    return sum(concept_credit(c, text) for c in concepts) / len(concepts)


def rerank(hits: list, concepts) -> list:
    """Hits (``.unit``, ``.score``, best first) of a relaxed query, the first RERANK_WINDOW
    re-ordered by score × (FLOOR + (1 - FLOOR) × coverage)²; a stable sort."""
    alternatives = [tuple(c.alternatives) for c in concepts]
    if len(alternatives) < 2:
        return list(hits)
    head, tail = list(hits[:RERANK_WINDOW]), list(hits[RERANK_WINDOW:])

    def weight(hit) -> float:
        return hit.score * (FLOOR + (1 - FLOOR) * coverage(hit.unit, alternatives)) ** 2

    return sorted(head, key=weight, reverse=True) + tail


# --- one overview per document ------------------------------------------------------------------

OVERVIEW_TYPES = ("document", "term")  # units that stand for a document or a word, not a clause
DEFER = 5  # a document's second overview waits this many results


def diversify(groups: list[list]) -> list[list]:
    """Results (groups of hits, best first) with each document's second and later overview units
    (the document itself, its glossary terms) moved DEFER places down, so they do not fill the top
    of the page ahead of the clauses that answer. Clause results keep their order; the result
    depends only on the results before it and DEFER after it (pages stay consistent)."""
    out: list[list] = []
    waiting: list[tuple[int, list]] = []  # (position it may take, group)
    seen: set[str] = set()
    for group in groups:
        while waiting and waiting[0][0] <= len(out):
            out.append(waiting.pop(0)[1])
        unit = group[0].unit
        if unit.get("type") in OVERVIEW_TYPES:
            document = unit.get("document_key") or unit.get("document_title") or ""
            if document and document in seen:
                waiting.append((len(out) + DEFER, group))
                continue
            seen.add(document)
        out.append(group)
    out.extend(g for _position, g in waiting)
    return out
