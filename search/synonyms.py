"""Synonyms from the glossary — 同义词: every Term's preferred and alternative labels form a group.

Read at query time (cached for a short while, dropped when a Term is saved or deleted), so adding
an alternative label in the admin changes search at once, without code or a re-index.
"""

from __future__ import annotations

import threading
import time

from search.query import SynonymTable

TTL_SECONDS = 30.0
_cache: dict[str, tuple[float, SynonymTable]] = {}
_lock = threading.Lock()


def synonym_table() -> SynonymTable:
    with _lock:
        cached = _cache.get("table")
        if cached and time.monotonic() - cached[0] < TTL_SECONDS:
            return cached[1]
    from content.models import Term

    groups = [
        [pref, *(alts or [])]
        for pref, alts in Term.objects.exclude(review_status="rejected").values_list("pref_label", "alt_labels")
    ]
    table = SynonymTable([[str(label) for label in g if isinstance(label, str)] for g in groups])
    with _lock:
        _cache["table"] = (time.monotonic(), table)
    return table


def clear_synonyms(**_kwargs) -> None:
    with _lock:
        _cache.clear()
