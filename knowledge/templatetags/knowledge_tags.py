"""Clause-page panels: what a clause cites, what cites it, its obligations and terms.

``{% load knowledge_tags %}{% clause_knowledge clause %}`` renders the panel;
``{{ clause.text|highlight_terms }}`` escapes the text and marks glossary terms in it.
"""

from __future__ import annotations

import re

from django import template
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from content.models import ReviewStatus, Term
from knowledge import graph as g
from knowledge.models import Citation, Obligation

register = template.Library()


_INDEX: list[tuple[str, Term]] | None = None


def clear_term_index(**kwargs) -> None:
    """Called when a Term row changes (connected in KnowledgeConfig.ready)."""
    global _INDEX
    _INDEX = None


def _term_index() -> list[tuple[str, Term]]:
    global _INDEX
    if _INDEX is not None:
        return _INDEX
    labels: list[tuple[str, Term]] = []
    for term in Term.objects.exclude(review_status=ReviewStatus.REJECTED).only("pk", "pref_label", "alt_labels"):
        for label in term.labels:
            if len(label) >= 2:
                labels.append((label, term))
    labels.sort(key=lambda x: -len(x[0]))
    _INDEX = labels
    return labels


def terms_in(text: str, index: list[tuple[str, Term]] | None = None) -> list[tuple[int, int, Term]]:
    """Non-overlapping (start, end, term) occurrences of glossary labels in ``text``, longest first."""
    index = _term_index() if index is None else index
    taken: list[tuple[int, int, Term]] = []
    for label, term in index:
        for match in re.finditer(re.escape(label), text):
            s, e = match.span()
            if all(e <= a or s >= b for a, b, _t in taken):
                taken.append((s, e, term))
    return sorted(taken, key=lambda x: x[0])


@register.filter
def highlight_terms(text: str) -> str:
    """Escape ``text`` and wrap glossary terms in links to the glossary (imported text stays inert)."""
    text = text or ""
    out, position = [], 0
    for start, end, term in terms_in(text):
        out.append(escape(text[position:start]))
        out.append(
            f'<a class="term" href="/glossary/#term-{term.pk}" title="{escape(term.definition[:120] or term.pref_label)}">'
            f"<dfn>{escape(text[start:end])}</dfn></a>"
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


@register.inclusion_tag("knowledge/_clause_knowledge.html")
def clause_knowledge(clause):
    visible = ~Q(review_status=ReviewStatus.REJECTED)
    cites = list(
        Citation.objects.filter(visible, clause=clause)
        .select_related("work", "target_clause__version__work")
        .order_by("span_start")
    )
    cited_by = list(
        Citation.objects.filter(visible, target_clause=clause)
        .exclude(clause=clause)
        .select_related("clause__version__work")
        .order_by("clause__version__work__title", "clause__position")[:50]
    )
    work_cited_by = (
        Citation.objects.filter(visible, work=clause.version.work, clause__version__is_current=True)
        .exclude(clause__version__work=clause.version.work)
        .values("clause__version__work")
        .distinct()
        .count()
    )
    obligations = list(Obligation.objects.filter(visible, clause=clause).order_by("span_start"))
    found = terms_in((clause.heading or "") + "\n" + (clause.text or ""))
    terms = list({t.pk: t for _s, _e, t in found}.values())
    defined = list(Term.objects.filter(visible, source_clause=clause))
    return {
        "clause": clause,
        "cites": cites,
        "cited_by": cited_by,
        "work_cited_by": work_cited_by,
        "work": clause.version.work,
        "obligations": obligations,
        "terms": terms,
        "defined": defined,
        "clause_uri": g.clause_uri(clause.version.work.key, clause.path),
    }
