"""Glossary terms in running text: an index of their labels, longest first, kept in memory.

The index is cleared when a Term changes (connected in ContentConfig.ready).
"""

from __future__ import annotations

import re

from content.models.django import Term

_INDEX: list[tuple[str, Term]] | None = None


def clear_term_index(**kwargs) -> None:
    global _INDEX
    _INDEX = None


def term_index() -> list[tuple[str, Term]]:
    global _INDEX
    if _INDEX is not None:
        return _INDEX
    labels: list[tuple[str, Term]] = []
    for term in Term.objects.published().only("pk", "pref_label", "alt_labels", "definition"):
        for label in term.labels:
            if len(label) >= 2:
                labels.append((label, term))
    labels.sort(key=lambda x: -len(x[0]))
    _INDEX = labels
    return labels


def terms_in(text: str, index: list[tuple[str, Term]] | None = None) -> list[tuple[int, int, Term]]:
    """Non-overlapping (start, end, term) occurrences of glossary labels in ``text``, longest first."""
    index = term_index() if index is None else index
    taken: list[tuple[int, int, Term]] = []
    for label, term in index:
        for match in re.finditer(re.escape(label), text):
            s, e = match.span()
            if all(e <= a or s >= b for a, b, _t in taken):
                taken.append((s, e, term))
    return sorted(taken, key=lambda x: x[0])
