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
# The term of （以下简称X） is the noun phrase before it, not a verb phrase: 结合某市经济特区（以下
# 简称特区） names 某市经济特区.
_LEFT_BOUNDARIES = (
    "开展", "推进", "推动", "加快", "建设和发展", "建设", "发展", "加强", "组建", "成立", "设立",
    "建立", "构建", "完善", "深化", "实施", "全面", "在", "对", "将", "为", "是", "由", "以",
    "和", "与", "及", "的", "了", "按照", "根据", "依据", "依照", "关于", "总结", "各地", "各级",
    "结合", "依托", "通过", "利用", "围绕", "针对", "面向", "支持", "鼓励", "制定", "印发",
    "落实", "贯彻", "参加", "参与", "设置", "举办", "提供", "开设", "执行", "遵守", "参照", "所称",
)
# characters before a boundary word that make it part of another word (所在地, 存在, 现在)
_BOUNDARY_INSIDE_WORD = {"在": "所存现实正内外自好", "的": "目", "以": "可所予难得足"}
_SELF = r"本(?:办法|规范|标准|方案|意见|文件|条例|规定|细则|指南|准则|法)"
ABBREV_RE = re.compile(
    r"[（(](?:或者?称(?P<alt>[^，,（）()]{2,20})[，,])?(?:(?:以下)?简称|以下称|下称|即)\s*[“\"「《]?"
    r"(?P<abbr>[^”\"」》（）()，,。]{1,20})[”\"」》]?\s*(?:[）)]|[，,；;][^（）()]{0,60}[）)])"
)
# 《A》、《B》（以下简称《A1》、《B1》）: one short name for each title before the bracket, in order
LIST_ABBREV_RE = re.compile(
    r"[（(](?:以下)?(?:简称|下称|以下称)(?P<list>《[^《》（）()]{1,20}》(?:、《[^《》（）()]{1,20}》)+)[）)]"
)
_TITLES_BEFORE_RE = re.compile(r"(?:《[^《》]{2,60}》、)*《[^《》]{2,60}》$")
# X、Y（以下统称Z）: Z is the collective term, defined by the list before it.
COLLECTIVE_RE = re.compile(r"[（(](?:以下)?统称[“\"「]?(?P<abbr>[^”\"」（）()，,。]{1,20})[”\"」]?[）)]")
_PRIOR = rf"(?:{_SELF}|前款|前条|本条|本款|本章|第[一二三四五六七八九十百零\d]+条(?:第[一二三四五六七八九十\d]+款)?)"
BARE_ABBREV_RE = re.compile(r"[（(][“\"]?(?P<abbr>[\u4e00-\u9fff]{2,10})[”\"]?[）)]")
# 本条例所称(的)X，是指… / 包括… (a definition by extension); 本办法中的“X”是指…
SO_CALLED_RE = re.compile(
    rf"{_PRIOR}(?:所称的?|中(?:所称)?的)\s*(?P<term>[^，,。；：:是指包括]{{2,{TERM_MAX}}}?)[，,]?"
    r"(?:是指|系指|指|(?=包括))(?P<definition>[^。]+)"
)
IS_DEFINED_RE = re.compile(
    rf"(?:^|(?<=[。；\n]))[ \t　]*(?P<term>[\u4e00-\u9fffA-Za-z0-9（）()]{{2,{TERM_MAX}}}?)[，,：:]?[ \t　]*"
    r"(?:是指|系指|是特指|特指|指(?![导出定南标数令挥示引向明]))"
    r"(?P<definition>[^。]+)"
)
# a glossary entry of a list of 用语 (血吸虫病，是血吸虫寄生于…的一种寄生虫病。): a line that is only
# "term，是 <noun phrase>。" — a short term, a comma, 是 and a definition that is a 的-phrase
IS_NOUN_LINE_RE = re.compile(
    r"(?m)^[ \t　]*(?P<term>[\u4e00-\u9fff]{2,12})[，,]是(?!指)(?P<definition>[^。\n]{2,}?的[^。\n]{2,})。[ \t　]*$"
)
_NOT_A_TERM_LEAD = ("本", "该", "其", "这", "此", "但", "同时", "目前", "因此", "所以", "这样", "那")
# X、Y统称Z。 (a collective term without brackets: 前两款所列行政部门统称社会救助管理部门)
COLLECTIVE_BARE_RE = re.compile(
    r"(?:^|(?<=[。；\n]))(?P<listed>[^，,。；;\n（）()]{2,40}?)统称[“\"「]?(?P<abbr>[^，,。；;\n（）()”\"」]{2,20})[”\"」]?(?=[。；;])"
)
# a glossary: a line that announces terms (本规范所使用的术语： / 下列用语的含义是：) and lines
# ``X：definition`` after it
GLOSSARY_LEAD_RE = re.compile(r"(?:术语|用语)(?:的含义)?(?:是|为|如下)?[：:][ \t　]*$", re.M)
GLOSSARY_LINE_RE = re.compile(
    rf"(?m)^[ \t　]*(?P<term>[\u4e00-\u9fffA-Za-z0-9（）()]{{2,{TERM_MAX}}}?)[：:][ \t　]*(?P<definition>[^\n]{{4,}})$"
)


@dataclass(frozen=True)
class DefinitionMatch:
    """A term found in a text, with its span (offsets into that text)."""

    start: int
    end: int
    pref_label: str
    alt_labels: tuple[str, ...] = field(default_factory=tuple)
    definition: str = ""


_SO_CALLED_PREFIX_RE = re.compile(rf"^{_PRIOR}?(?:所称的?|中(?:所称)?的)")


def _clean(term: str) -> str:
    return _SO_CALLED_PREFIX_RE.sub("", term.strip(" “”\"「」‘’《》，,：:")).strip(" “”\"「」‘’《》，,：:")


def _full_term_before(text: str, pos: int) -> str:
    window = text[max(0, pos - TERM_MAX) : pos]
    quoted = re.search(r"[“\"《]([^“”\"《》]{2,30})[”\"》]$", window.rstrip())
    if quoted:
        return _clean(quoted.group(1))
    window = re.split(r"[，,。；;：:、\n“”\"]", window)[-1]
    return _clean(_strip_leading_verb(_strip_left(window)))


def _described_before(text: str, pos: int) -> str:
    """The 的-phrase right before ``pos`` (是指设置急诊科室的医疗机构 → 设置急诊科室的医疗机构), or ``""``."""
    window = re.split(r"[，,。；;：:\n“”\"]|是指|系指", text[max(0, pos - 2 * TERM_MAX) : pos])[-1].strip()
    return window if "的" in window[1:-1] and len(window) <= 2 * TERM_MAX else ""


def _strip_leading_verb(phrase: str) -> str:
    """A verb that opens the phrase is no part of the term (享受带薪年休假 → 带薪年休假), by part of
    speech (rjieba, the search app's segmenter); the term keeps at least two characters."""
    if len(phrase) < 4:
        return phrase
    import rjieba  # imported on first use

    words = rjieba.tag(phrase)
    if len(words) > 1 and words[0][1] == "v" and len(phrase) - len(words[0][0]) >= 2:
        return phrase[len(words[0][0]) :]
    return phrase


def _strip_left(window: str) -> str:
    """The noun phrase at the end of ``window``: what follows the last verb or function word."""
    best = 0
    for word in _LEFT_BOUNDARIES:
        k = window.rfind(word)
        while word in _BOUNDARY_INSIDE_WORD and k > 0 and window[k - 1] in _BOUNDARY_INSIDE_WORD[word]:
            k = window.rfind(word, 0, k)  # 所在地, 存在: 在 inside a word is no boundary
        if k >= 0 and k + len(word) > best and len(window) - (k + len(word)) >= 2:
            best = k + len(word)
    return window[best:].strip()


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
        described = _described_before(text, match.start())
        if "以下称" in match.group(0) and described and not _is_subsequence(abbr, full):
            # 设置急诊科室的医疗机构（以下称院内急救机构）: a new label for what the 的-phrase
            # describes — the label is defined by the phrase; it is no other name of 医疗机构
            found.append(
                DefinitionMatch(start=match.start() - len(described), end=match.end(), pref_label=abbr,
                                definition=described)
            )
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
    for match in LIST_ABBREV_RE.finditer(text) if "》、《" in text else ():
        abbrs = re.findall(r"《([^《》]+)》", match.group("list"))
        titles_span = _TITLES_BEFORE_RE.search(text, max(0, match.start() - 400), match.start())
        titles = list(re.finditer(r"《([^《》]+)》", titles_span.group())) if titles_span else []
        if len(titles) != len(abbrs):
            continue  # which short name stands for which title is not known
        for title, abbr in zip(titles, abbrs, strict=True):
            full, abbr = _clean(title.group(1)), _clean(abbr)
            if full and abbr and full != abbr:
                found.append(
                    DefinitionMatch(start=titles_span.start() + title.start(), end=match.end(), pref_label=full,
                                    alt_labels=(abbr,))
                )
    for match in COLLECTIVE_RE.finditer(text):
        abbr = _clean(match.group("abbr"))
        listed = re.split(r"[，,。；;：:\n]", text[max(0, match.start() - 2 * TERM_MAX) : match.start()])[-1]
        listed = _strip_left(listed)
        if not abbr or len(listed) < 2 or listed == abbr:
            continue
        found.append(
            DefinitionMatch(
                start=match.start() - len(listed), end=match.end(), pref_label=abbr, definition=listed
            )
        )
    for match in COLLECTIVE_BARE_RE.finditer(text):
        abbr, listed = _clean(match.group("abbr")), _strip_left(match.group("listed").strip())
        if abbr and len(listed) >= 2 and listed != abbr:
            found.append(DefinitionMatch(start=match.start(), end=match.end(), pref_label=abbr, definition=listed))
    lead = GLOSSARY_LEAD_RE.search(text)
    if lead:
        for match in GLOSSARY_LINE_RE.finditer(text, lead.end()):
            term = _clean(match.group("term"))
            if term:
                found.append(
                    DefinitionMatch(
                        start=match.start(), end=match.end(), pref_label=term,
                        definition=match.group("definition").strip(),
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
    taken = _Taken(found)
    for match in IS_NOUN_LINE_RE.finditer(text):
        term = match.group("term")
        if taken.holds(match.start()) or term.startswith(_NOT_A_TERM_LEAD):
            continue
        found.append(
            DefinitionMatch(start=match.start(), end=match.end(), pref_label=term,
                            definition="是" + match.group("definition") + "。")
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


# A standard's term entry (GB/T 1.1): the number on its own line (or before the term), the term
# with its English equivalent, then the definition; a 注 line is a note, not the definition.
TERM_ENTRY_RE = re.compile(
    r"(?m)^[ \t#]*(?P<num>\d+(?:\.\d+)+)[ \t]*(?:\n[ \t]*)+"
    r"(?P<term>[\u4e00-\u9fff][^\n]{0,80}?)[ \t]*(?:\n[ \t]*)+"
    r"(?P<definition>(?!注)[^\n#]{4,})"
)


def _term_of_entry_line(line: str) -> str:
    term = re.split(r"\s+[A-Za-z]", line.strip(), maxsplit=1)[0].strip()
    term = _clean(term)
    if not term or len(term) > TERM_MAX or re.search(r"[，,。；;：:]", term):
        return ""
    return term


def extract_term_entries(text: str) -> list[DefinitionMatch]:
    """Term entries of a 术语和定义 section written out in the text (3.1 / 共识节点 consensus node /
    definition). The caller decides the text is such a section."""
    found = []
    for match in TERM_ENTRY_RE.finditer(text or ""):
        term = _term_of_entry_line(match.group("term"))
        definition = match.group("definition").strip()
        if not term or not definition:
            continue
        alts = tuple(_clean(a.group("abbr")) for a in ABBREV_RE.finditer(definition))
        found.append(
            DefinitionMatch(
                start=match.start(), end=match.end(), pref_label=term, alt_labels=alts, definition=definition
            )
        )
    return found


def definition_from_term_clause(heading: str, text: str) -> DefinitionMatch | None:
    """A clause of a 术语和定义 chapter: ``3.1 牵头医院 lead hospital`` + definition text.

    With no heading, the clause's first line is the term line (3.1 on its own line, then the term)."""
    if not heading.strip() and text.strip():
        first, _, rest = text.strip().partition("\n")
        if _term_of_entry_line(first) and rest.strip():
            heading, text = first, rest
    term = re.split(r"\s+[A-Za-z]", heading.strip(), maxsplit=1)[0].strip()
    term = _clean(term)
    if not term or len(term) > TERM_MAX or not text.strip():
        return None
    definition = text.strip().split("\n")[0]
    alts = tuple(a.group("abbr") for a in ABBREV_RE.finditer(definition))
    return DefinitionMatch(start=0, end=len(text), pref_label=term, alt_labels=alts, definition=definition)


def is_definitions_heading(heading: str) -> bool:
    return "术语和定义" in heading or heading.strip() in {"术语", "定义", "名词解释"}
