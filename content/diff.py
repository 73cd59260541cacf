"""Clause-level diff between two versions of a work — 版本比对.

Pure: no Django. Clauses are matched by path (the stable identifier used in permalinks); a
clause present only in the new version is *added*, only in the old one *removed*, in both with
different label/heading/text *changed*. Inside a changed clause the words that changed are
marked: Chinese is compared character by character, Latin words and numbers as whole tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"

# One token per CJK character or punctuation mark; Latin words, numbers (3.5, 2025) and runs of
# whitespace stay whole so that 2025→2027 reads as one changed number.
TOKEN_RE = re.compile(r"[A-Za-z]+|\d+(?:[.．]\d+)*|\s+|.", re.S)


@dataclass(frozen=True)
class ClauseText:
    path: str
    label: str = ""
    heading: str = ""
    text: str = ""


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class ClauseDiff:
    status: str
    path: str
    old: ClauseText | None = None
    new: ClauseText | None = None
    heading: list[Segment] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)

    @property
    def label(self) -> str:
        clause = self.new or self.old
        return clause.label if clause else ""


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _append(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def diff_words(old: str, new: str) -> list[Segment]:
    """Segments that turn ``old`` into ``new``; a replacement is a delete followed by an insert."""
    if old == new:
        return [Segment("equal", old)] if old else []
    a, b = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(segments, "equal", "".join(a[i1:i2]))
        else:
            _append(segments, "delete", "".join(a[i1:i2]))
            _append(segments, "insert", "".join(b[j1:j2]))
    return segments


def _compare(old: ClauseText, new: ClauseText) -> ClauseDiff:
    same = (old.label, old.heading, old.text) == (new.label, new.heading, new.text)
    return ClauseDiff(
        status=UNCHANGED if same else CHANGED,
        path=new.path,
        old=old,
        new=new,
        heading=diff_words(old.heading, new.heading),
        text=diff_words(old.text, new.text),
    )


def diff_clauses(old: Sequence[ClauseText], new: Sequence[ClauseText]) -> list[ClauseDiff]:
    """Every clause of both versions once, in reading order (removed clauses where they stood)."""
    old_by_path = {c.path: c for c in old}
    new_by_path = {c.path: c for c in new}
    matcher = SequenceMatcher(None, [c.path for c in old], [c.path for c in new], autojunk=False)
    result: list[ClauseDiff] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
                result.append(_compare(o, n))
            continue
        for o in old[i1:i2]:
            if o.path not in new_by_path:
                result.append(ClauseDiff(
                    status=REMOVED, path=o.path, old=o, heading=diff_words(o.heading, ""), text=diff_words(o.text, "")
                ))
        for n in new[j1:j2]:
            if n.path in old_by_path:  # moved: compare with where it was
                result.append(_compare(old_by_path[n.path], n))
            else:
                result.append(ClauseDiff(
                    status=ADDED, path=n.path, new=n, heading=diff_words("", n.heading), text=diff_words("", n.text)
                ))
    return result


def summarise(diffs: Sequence[ClauseDiff]) -> dict[str, int]:
    counts = {ADDED: 0, REMOVED: 0, CHANGED: 0, UNCHANGED: 0}
    for d in diffs:
        counts[d.status] += 1
    return counts
