"""Names of issuing bodies as one key per body — 发布机关归一.

Pure: no Django. ``…委员会`` and ``…委`` are one name (a general rule of Chinese official
abbreviation); other short forms come from the data table ``content/data/issuer_aliases.toml``
(editors extend it). The library's issuer facet shows each body once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from content.parse.identifiers import to_halfwidth

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "issuer_aliases.toml"


# A trailing parenthesis names a role (（归口）, （牵头起草）) or a short form, not another body.
_ROLE_RE = re.compile(r"[(（][^()（）]*[)）]$")


def _folded(name: str) -> str:
    text = to_halfwidth(unicodedata.normalize("NFC", name or ""))
    text = re.sub(r"\s+", "", text)
    text = _ROLE_RE.sub("", text) or text
    return text.replace("委员会", "委")


@lru_cache(maxsize=4)
def alias_table(path: Path = ALIASES_FILE) -> dict[str, str]:
    """Folded name → the folded first name of its group."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    table: dict[str, str] = {}
    for group in data.get("same", []):
        names = [_folded(n) for n in group.get("names", []) if n.strip()]
        for name in names:
            table[name] = names[0]
    return table


def issuer_key(name: str, table: dict[str, str] | None = None) -> str:
    """One key per issuing body: 国家卫生健康委员会, 国家卫生健康委 and 国家卫健委 share one."""
    folded = _folded(name)
    table = alias_table() if table is None else table
    return table.get(folded, folded)


def _preference(name: str) -> tuple:
    # a name without a role in parentheses first, then the fullest
    return (not _ROLE_RE.search(to_halfwidth(name.strip())), len(name), name)


def issuer_facet(names, table: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(key, label) per body among ``names``, sorted by label; the label is the fullest name
    that occurs (国家卫生健康委员会 over 国家卫生健康委; one without a role in parentheses over
    one with it), never one that does not occur."""
    labels: dict[str, str] = {}
    for name in names:
        if not name:
            continue
        key = issuer_key(name, table)
        shown = labels.get(key)
        if shown is None or _preference(name) > _preference(shown):
            labels[key] = name
    return sorted(((k, v) for k, v in labels.items()), key=lambda kv: kv[1])
