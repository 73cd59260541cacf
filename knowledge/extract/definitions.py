"""Find definitions and abbreviations in a clause's text — 术语、定义与简称.

Pure functions over text (no Django). Recognised forms: ``X（以下简称Y）``, ``X（简称“Y”）``,
``X（Y）`` when Y abbreviates X, ``（或者称Z，以下简称Y）``, ``本办法所称X，是指…``,
``本办法所称X指…``, a sentence ``X是指…`` / ``X指…``, and a clause of a 术语和定义 chapter
(heading = term, text = definition).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

TERM_MAX = 30
# Words that end the phrase before a term: the term starts after the last of them.
_LEFT_BOUNDARIES = (
    "开展", "推进", "推动", "加快", "建设和发展", "建设", "发展", "加强", "组建", "成立", "设立",
    "建立", "构建", "完善", "深化", "实施", "全面", "在", "对", "将", "为", "是", "由", "以",
    "和", "与", "及", "的", "了", "按照", "根据", "关于", "总结", "各地", "各级",
)
_SELF = r"本(?:办法|规范|标准|方案|意见|文件|条例|规定|细则|指南|准则|法)"
ABBREV_RE = re.compile(
    r"[（(](?:或者?称(?P<alt>[^，,（）()]{2,20})[，,])?(?:以下)?简称[“\"「]?(?P<abbr>[^”\"」（）()，,。]{1,20})[”\"」]?[）)]"
)
BARE_ABBREV_RE = re.compile(r"[（(][“\"]?(?P<abbr>[\u4e00-\u9fff]{2,10})[”\"]?[）)]")
SO_CALLED_RE = re.compile(
    rf"{_SELF}所称(?P<term>[^，,。；：:是指]{{2,{TERM_MAX}}}?)[，,]?(?:是指|系指|指)(?P<definition>[^。]+)"
)
IS_DEFINED_RE = re.compile(
    rf"(?:^|(?<=[。；\n]))(?P<term>[\u4e00-\u9fffA-Za-z0-9（）()]{{2,{TERM_MAX}}}?)[，,]?(?:是指|系指|指(?![导出定南标数令挥示引向明]))"
    r"(?P<definition>[^。]+)"
)


@dataclass(frozen=True)
class DefinitionMatch:
    """A term found in a text, with its span (offsets into that text)."""

    start: int
    end: int
    pref_label: str
    alt_labels: tuple[str, ...] = field(default_factory=tuple)
    definition: str = ""


def _clean(term: str) -> str:
    return term.strip(" “”\"「」‘’《》，,：:")


def _full_term_before(text: str, pos: int) -> str:
    window = text[max(0, pos - TERM_MAX) : pos]
    quoted = re.search(r"[“\"]([^“”\"]{2,30})[”\"]$", window)
    if quoted:
        return _clean(quoted.group(1))
    window = re.split(r"[，,。；;：:、\n“”\"]", window)[-1]
    best = 0
    for word in _LEFT_BOUNDARIES:
        k = window.rfind(word)
        if k >= 0 and k + len(word) > best and len(window) - (k + len(word)) >= 2:
            best = k + len(word)
    return _clean(window[best:])


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


class _Taken:
    """Spans found so far; ``holds(pos)`` bisects instead of scanning them all."""

    def __init__(self, found: list[DefinitionMatch]) -> None:
        ordered = sorted((d.start, d.end) for d in found)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def holds(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


def extract_definitions(text: str) -> list[DefinitionMatch]:
    """Every abbreviation or definition in ``text`` in reading order."""
    if not text:
        return []
    found: list[DefinitionMatch] = []
    for match in ABBREV_RE.finditer(text):
        full = _full_term_before(text, match.start())
        abbr = _clean(match.group("abbr"))
        if not full or not abbr or full == abbr:
            continue
        alts = [abbr]
        if match.group("alt"):
            alts.insert(0, _clean(match.group("alt")))
        found.append(
            DefinitionMatch(
                start=match.start() - len(full) if text.endswith(full, 0, match.start()) else match.start(),
                end=match.end(),
                pref_label=full,
                alt_labels=tuple(alts),
            )
        )
    taken = _Taken(found)
    for match in BARE_ABBREV_RE.finditer(text):
        if taken.holds(match.start()):
            continue
        full = _full_term_before(text, match.start())
        abbr = match.group("abbr")
        if len(full) > len(abbr) >= 2 and _is_subsequence(abbr, full) and full[-1] == abbr[-1]:
            found.append(
                DefinitionMatch(
                    start=match.start() - len(full), end=match.end(), pref_label=full, alt_labels=(abbr,)
                )
            )
    for pattern in (SO_CALLED_RE, IS_DEFINED_RE):
        # a match never starts inside one found earlier in the same pass (finditer moves on)
        taken = _Taken(found)
        for match in pattern.finditer(text):
            term = _clean(match.group("term"))
            if not term or taken.holds(match.start()):
                continue
            definition = match.group("definition").strip(" ，,：:")
            if len(definition) < 4:
                continue
            found.append(
                DefinitionMatch(
                    start=match.start(), end=match.end(), pref_label=term, definition=definition + "。"
                )
            )
    found.sort(key=lambda d: d.start)
    return found


def definition_from_term_clause(heading: str, text: str) -> DefinitionMatch | None:
    """A clause of a 术语和定义 chapter: ``3.1 牵头医院 lead hospital`` + definition text."""
    term = re.split(r"\s+[A-Za-z]", heading.strip(), maxsplit=1)[0].strip()
    term = _clean(term)
    if not term or len(term) > TERM_MAX or not text.strip():
        return None
    definition = text.strip().split("\n")[0]
    alts = tuple(a.group("abbr") for a in ABBREV_RE.finditer(definition))
    return DefinitionMatch(start=0, end=len(text), pref_label=term, alt_labels=alts, definition=definition)


def is_definitions_heading(heading: str) -> bool:
    return "术语和定义" in heading or heading.strip() in {"术语", "定义", "名词解释"}
