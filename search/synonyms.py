"""Synonyms — 同义词: groups of words a query for one of them also finds the others.

Three sources, merged into one table (groups sharing a word join):

- the curated health-policy vocabulary in ``search/data/synonyms.toml`` (慢病 = 慢性病 …);
- synonym groups editors keep in the admin (``search.models.SynonymGroup``);
- the glossary: every Term's preferred and alternative labels (SKOS prefLabel/altLabel).

Read at query time (cached for a short while, dropped when a Term or a synonym group is saved or
deleted), so a synonym added in the admin changes search at once, without code or a re-index.
"""

from __future__ import annotations

import threading
import time
import tomllib
from functools import lru_cache
from pathlib import Path

from search.query import SynonymTable

TTL_SECONDS = 30.0
CURATED_FILE = Path(__file__).resolve().parent / "data" / "synonyms.toml"
_cache: dict[str, tuple[float, SynonymTable]] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def curated_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of the curated file (read once per process)."""
    with CURATED_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    groups = []
    for group in data.get("group", []):
        labels = tuple(str(label).strip() for label in group.get("labels", []) if str(label).strip())
        if len(labels) > 1:
            groups.append(labels)
    return tuple(groups)


def synonym_table() -> SynonymTable:
    with _lock:
        cached = _cache.get("table")
        if cached and time.monotonic() - cached[0] < TTL_SECONDS:
            return cached[1]
    from content.models import Term
    from search.models import SynonymGroup

    groups: list[list[str]] = [list(g) for g in curated_groups()]
    groups += [g.label_list() for g in SynonymGroup.objects.filter(enabled=True)]
    groups += [
        [pref, *(alts or [])]
        for pref, alts in Term.objects.published().values_list("pref_label", "alt_labels")
    ]
    table = SynonymTable([[str(label) for label in g if isinstance(label, str)] for g in groups])
    with _lock:
        _cache["table"] = (time.monotonic(), table)
    return table


def clear_synonyms(**_kwargs) -> None:
    with _lock:
        _cache.clear()
