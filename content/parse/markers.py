"""The table of clause markers found in Chinese policy documents and standards.

Data in one place: each marker has a name, a pattern whose ``num`` group is the printed number
and whose ``rest`` group is what follows it on the line, the clause kind it makes, and how its
path segment is written. ``structure`` ranks the markers by the order they first appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from content.parse.identifiers import CIRCLED, CN_NUM, _t2s, cn_to_int, to_simplified


@dataclass(frozen=True)
class Marker:
    name: str
    pattern: re.Pattern[str]
    kind: str  # a content.models.ClauseKind value
    segment: str  # path segment template; {n} is the number, {label} the printed label
    absolute: bool = False  # the path does not include the parent's (articles are unique)
    structural: bool = False  # a heading that groups (章/节/编), text follows on later lines


def _m(name, regex, kind, segment, **kw) -> Marker:
    return Marker(name, re.compile(regex), kind, segment, **kw)


MARKERS: list[Marker] = [
    _m("part", rf"^第(?P<num>{CN_NUM})编\s*(?P<rest>.*)$", "part", "pt{n}", absolute=True, structural=True),
    _m("chapter", rf"^第(?P<num>{CN_NUM})章\s*(?P<rest>.*)$", "chapter", "ch{n}", absolute=True, structural=True),
    _m("section", rf"^第(?P<num>{CN_NUM})节\s*(?P<rest>.*)$", "section", "sec{n}", structural=True),
    _m("article", rf"^第(?P<num>{CN_NUM}|\d+)条(?:\s+|(?=[^，。、的款项]))(?P<rest>.*)$", "article", "art{n}", absolute=True),
    _m("box", rf"^专栏(?P<num>{CN_NUM}|\d+)\s*[、：:]?\s*(?P<rest>.*)$", "box", "box{n}", absolute=True),
    _m("annex", r"^附录\s*(?P<num>[A-Z])(?![为是的和、，])\s*(?P<rest>(?:[（(](?:规范性|资料性)[)）])?.{0,40})(?<![。；])$", "annex", "app{label}", absolute=True, structural=True),
    # 附件 / 附件1：… — an attachment the document carries or announces starts its own part.
    # (the title may be a Markdown link of a web copy: 附件：[某某规范](https://…/file.pdf))
    _m("attachment", rf"^附\s*(?P<word>[件录])\s*(?P<num>\d{{1,2}}|{CN_NUM})?\s*(?:[：:]\s*(?P<rest>\[[^\]\n]{{1,80}}\]\([^)\s]{{1,400}}\)|.{{0,80}})|(?P<bare>))$", "annex", "att{n}", absolute=True, structural=True),
    _m("cn_outline", rf"^(?P<num>{CN_NUM})[、，]\s*(?P<rest>.*)$", "heading", "s{n}", absolute=True),
    # A bare Chinese numeral on a line of its own (a Markdown heading "## 三" once its marks go).
    _m("cn_bare", r"^(?P<num>[一二三四五六七八九十]{1,3})(?P<rest>)$", "heading", "s{n}", absolute=True),
    _m("cn_paren", rf"^[（(](?P<num>{CN_NUM})[)）]\s*(?P<rest>.*)$", "item", "{n}"),
    _m("std_clause", r"^(?P<num>(?:\d+|[A-Z])(?:\.\d+)+)(?:\s*(?P<rest>[^\d\s.].*))?$", "clause", "{label}", absolute=True),
    _m("arabic_dot", r"^(?P<num>\d{1,2})\s*[.．、](?!\d)\s*(?P<rest>.*)$", "item", "{n}"),
    _m("std_top", r"^(?P<num>\d{1,2})\s+(?P<rest>[\u4e00-\u9fff].{0,30})$", "clause", "{label}", absolute=True, structural=True),
    _m("arabic_paren", r"^[（(](?P<num>\d{1,2})[)）]\s*(?P<rest>.*)$", "item", "{n}"),
    _m("circled", rf"^(?P<num>[{CIRCLED}])\s*(?P<rest>.*)$", "item", "{n}"),
    _m("dash_item", r"^[-–]\s*(?P<num>\d{1,2})[.．、]\s*(?P<rest>.*)$", "item", "{n}"),
]
MARKERS_BY_NAME = {m.name: m for m in MARKERS}
# Markers that are another marker printed differently: they share its rank in the hierarchy.
SAME_RANK = {"cn_bare": "cn_outline"}

# Lines that are never clause markers even though they begin like one.
_NOT_MARKER_RE = re.compile(rf"^第{CN_NUM}[条章节]?(?:[的之]|规定|所)")


_FOLD_HEAD = 160


@lru_cache(maxsize=1)
def _marker_traditional() -> re.Pattern[str]:
    """Traditional characters whose simplified form the marker patterns use (條 → 条, 節 → 节 …):
    a line without any of them matches as printed, so most lines skip the fold."""
    used = set("".join(m.pattern.pattern for m in MARKERS) + _NOT_MARKER_RE.pattern)
    chars = sorted(t for t in map(chr, _t2s()) if chr(_t2s()[ord(t)]) in used)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@dataclass
class MarkerMatch:
    marker: Marker
    label: str  # as printed, e.g. 第十四条, （一）, 5.2.1
    number: int | None
    rest: str


def match_marker(line: str) -> MarkerMatch | None:
    """The marker a line starts with; traditional characters are folded for matching only
    (第一條 → 第一条: the label is given folded, the rest of the line as printed)."""
    printed = line.strip()
    # One character for one, so offsets hold in both; only the head decides a marker (every
    # bounded pattern is shorter than it), so a long paragraph is folded no further.
    head = printed[:_FOLD_HEAD]
    line = to_simplified(head) + printed[_FOLD_HEAD:] if _marker_traditional().search(head) else printed
    if not line or _NOT_MARKER_RE.match(line):
        return None
    for marker in MARKERS:
        found = marker.pattern.match(line)
        if not found:
            continue
        num = found.group("num")
        rest = printed[found.start("rest"):].strip() if found.group("rest") else ""
        if marker.name == "attachment":
            label = "附" + found.group("word") + (num or "")
            return MarkerMatch(marker, label, parse_num(num) if num else None, rest)
        label = line[: found.start("rest")].strip() if rest else line.strip()
        try:
            number = cn_to_int(num) if num and not re.search(r"[A-Z.]", num) else None
        except ValueError:
            number = None
        if marker.name == "std_clause" or marker.name == "std_top":
            label = num
        if marker.name == "annex":
            label = f"附录{num}"
        return MarkerMatch(marker, label, number, rest)
    return None


def parse_num(num: str) -> int | None:
    try:
        return cn_to_int(num)
    except ValueError:
        return None


def is_marker_line(line: str) -> bool:
    return match_marker(line) is not None
