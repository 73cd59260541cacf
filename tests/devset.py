"""The development set of real documents (bench/devset/): each document with its hand-checked truth.

    from tests.devset import cases
    for path, truth in cases():
        ...

``truth`` is the parsed TOML of ``bench/devset/truth/<stem>.toml``: ``metadata``, ``structure``,
``citations``, ``not_citations``, ``obligations``, ``definitions``, ``questions`` (see
bench/devset/README.md for the fields). Tests may take their cases from it (a table of inputs and
expected rows); the figures over the whole set come from ``bench/extraction.py``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

DEVSET = Path(__file__).resolve().parent.parent / "bench" / "devset"
DOCS = DEVSET / "docs"
TRUTH = DEVSET / "truth"
# The held-out set (bench/heldout/, same layout) is for measuring only: no test and no rule
# takes anything from it, so its figures show how the rules do on documents nobody tuned to.
HELDOUT = DEVSET.parent / "heldout"
# The fresh set (bench/fresh/, same layout) is likewise for measuring only: its truth was written
# before the portal was run on it, and no rule and no test takes anything from it.
FRESH = DEVSET.parent / "fresh"
# The second fresh set (bench/fresh2/, same layout) is likewise for measuring only: its truth was
# written and committed before the portal was run on it; no test and no rule takes from it.
FRESH2 = DEVSET.parent / "fresh2"
SETS = {"dev": DEVSET, "heldout": HELDOUT, "fresh": FRESH, "fresh2": FRESH2}


def document_paths(root: Path = DEVSET) -> list[Path]:
    """The documents, in order (source notes ``*.source.md`` are not documents)."""
    docs = root / "docs"
    return sorted(p for p in docs.iterdir() if p.is_file() and not p.name.endswith(".source.md"))


def load_truth(path: Path) -> dict:
    with (path.parent.parent / "truth" / f"{path.stem}.toml").open("rb") as fh:
        truth = tomllib.load(fh)
    for key in ("citations", "obligations", "definitions", "questions"):
        truth.setdefault(key, [])
    truth.setdefault("not_citations", {}).setdefault("spans", [])
    truth.setdefault("structure", {})
    return truth


def cases(name: str | None = None, root: Path = DEVSET) -> Iterator[tuple[Path, dict]]:
    """Yield (document path, truth dict).

    ``name`` keeps the documents whose file name starts with it (``"007"``) or, for a word,
    contains it (``"hushi"``); ``root`` is the set (the dev set unless told)."""
    for path in document_paths(root):
        if name and not (path.name.startswith(name) or (not name.isdigit() and name in path.name)):
            continue
        yield path, load_truth(path)


def rows(section: str) -> Iterator[tuple[Path, dict]]:
    """Every truth row of one section (``citations``, ``obligations``, …) with its document."""
    for path, truth in cases():
        for row in truth.get(section, []):
            yield path, row
