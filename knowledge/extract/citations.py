"""Find citations in a clause's text: 《title》（文号）, bare 文号, standard codes, clause references.

Pure functions over text (no Django). Each match is a span with offsets into the text it was
given, the parsed title / number / code, a clause label when one follows, and the relation that
the wording shows (根据…制定 → based_on, 贯彻落实 → implements, 印发 → issues, 转发 → forwards).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from content.parse.identifiers import (
    CN_NUMERAL_CHARS,
    find_doc_numbers,
    find_standard_codes,
    is_placeholder_doc_number,
    normalise_doc_number,
)

CITES = "cites"
BASED_ON = "based_on"
IMPLEMENTS = "implements"
ISSUES = "issues"
FORWARDS = "forwards"
NORMATIVE_REFERENCE = "normative_reference"

TITLE_MAX = 120
CN_NUM = CN_NUMERAL_CHARS
CLAUSE_REF_RE = re.compile(
    rf"(?P<self>本(?:办法|规范|标准|方案|意见|通知|文件|条例|规定|细则|指南|准则|法))?"
    rf"(?P<label>(?:第[{CN_NUM}\d]+[章节条](?:第[{CN_NUM}\d]+[款项])?(?:第[{CN_NUM}\d]+项)?)"
    rf"|(?:附录[A-ZＡ-Ｚ])|(?:附件\d+))"
)
# Relation triggers, nearest one before the citation in the same sentence wins.
_BEFORE_TRIGGERS = (
    ("贯彻落实", IMPLEMENTS),
    ("贯彻", IMPLEMENTS),
    ("根据", BASED_ON),
    ("依据", BASED_ON),
    ("依照", BASED_ON),
    ("按照", BASED_ON),
    ("遵照", BASED_ON),
    ("遵循", BASED_ON),
)
# 落实《X》 only when the verb stands right before the title.
_ADJACENT_TRIGGERS = (("落实", IMPLEMENTS),)
_BASED_ON_VERBS = ("制定", "编制", "起草", "制订", "修订")
_AFTER_TRIGGERS = (("印发", ISSUES), ("转发", FORWARDS))
_SENTENCE_BREAK = "。；;！？!?\n"


@dataclass(frozen=True)
class CitationMatch:
    """One reference found in a text — 引用."""

    start: int
    end: int
    raw: str
    title: str = ""
    doc_number: str = ""
    standard_code: str = ""
    target_clause_label: str = ""
    relation: str = CITES
    self_reference: bool = False
    placeholder: bool = False

    @property
    def key(self) -> tuple:
        return (self.title, self.doc_number, self.standard_code, self.target_clause_label)


def _find_titles(text: str) -> list[tuple[int, int, str]]:
    """Balanced 《…》 spans (a title may contain a nested 《》 as in 关于印发《X》的通知)."""
    spans = []
    i = 0
    while i < len(text):
        if text[i] != "《":
            i += 1
            continue
        depth, j = 0, i
        while j < len(text) and j - i <= TITLE_MAX + 2:
            ch = text[j]
            if ch == "《":
                depth += 1
            elif ch == "》":
                depth -= 1
                if depth == 0:
                    break
            elif ch in "。\n":
                break
            j += 1
        if j < len(text) and text[j] == "》" and depth == 0:
            inner = text[i + 1 : j].strip()
            if inner:
                spans.append((i, j + 1, inner))
            i = j + 1
        else:
            i += 1
    return spans


def _find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    return [(n.start, n.end, n.normal) for n in find_doc_numbers(text)]


def _find_codes(text: str) -> list[tuple[int, int, str]]:
    # In running text a code needs its year or a slash family (GB/T …) to be told from numbers.
    return [(c.start, c.end, c.normal) for c in find_standard_codes(text, strict=True)]


def _mask_titles(text: str) -> str:
    """Blank out 《…》 contents so that words inside other titles do not count as triggers."""
    return _TITLE_CONTENT_RE.sub(lambda m: "《" + " " * (len(m.group(0)) - 2) + "》", text)


_TITLE_CONTENT_RE = re.compile(r"《[^《》]*》")
_SENTENCE_BREAK_RE = re.compile(f"[{re.escape(_SENTENCE_BREAK)}]")
# How far a relation's trigger word may stand from the citation (a long sentence of titles):
# it bounds the work per citation, so a clause of any size is read in linear time.
RELATION_WINDOW = 1000
_PAREN_NUMBER_RE = re.compile(r"\s*[（(]([^（）()]{2,40})[）)]")
_SPACES_RE = re.compile(r"\s*")


class _Context:
    """A clause's text prepared once for the relation test of each citation in it."""

    def __init__(self, text: str) -> None:
        self.masked = _mask_titles(text)
        self.breaks = [m.start() for m in _SENTENCE_BREAK_RE.finditer(self.masked)]

    def relation(self, start: int, end: int) -> str:
        i = bisect.bisect_left(self.breaks, start)
        sentence_start = self.breaks[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.breaks, end)
        sentence_end = self.breaks[j] if j < len(self.breaks) else len(self.masked)
        before = self.masked[max(sentence_start, start - RELATION_WINDOW) : start]
        after = self.masked[end : min(sentence_end, end + RELATION_WINDOW)]
        return _relation(before, after)


def _relation(before: str, after: str) -> str:
    """The relation the words around a citation show (in its sentence, titles masked)."""
    for word, relation in _AFTER_TRIGGERS:
        if after.lstrip("”\"等文件").startswith(word) or after.startswith(f"等{word}"):
            return relation
    for word, relation in _ADJACENT_TRIGGERS:
        if before.rstrip("“\"").endswith(word):
            return relation
    best_pos, best_relation = -1, CITES
    for word, relation in _BEFORE_TRIGGERS:
        pos = before.rfind(word)
        if pos > best_pos:
            best_pos, best_relation = pos, relation
    if best_relation == BASED_ON:
        return BASED_ON if any(v in after or v in before for v in _BASED_ON_VERBS) else CITES
    return best_relation


class _Spans:
    """Spans taken so far; ``covers`` asks whether one of them contains a span (bisect, not scan)."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end


def extract_citations(text: str, normative: bool = False) -> list[CitationMatch]:
    """Every citation in ``text`` in reading order.

    ``normative`` marks the text as a 规范性引用文件 clause: its citations get that relation.
    Linear in the text: each citation looks at a bounded window around it.
    """
    if not text:
        return []
    results: list[CitationMatch] = []
    taken: list[tuple[int, int]] = []
    titles = _find_titles(text)
    numbers = _find_doc_numbers(text)
    codes = _find_codes(text)
    codes_by_start = {c_start: (c_end, c) for c_start, c_end, c in codes}
    codes_by_end = {c_end: (c_start, c) for c_start, c_end, c in codes}
    context = _Context(text)

    def relation(start: int, end: int) -> str:
        return NORMATIVE_REFERENCE if normative else context.relation(start, end)

    for t_start, t_end, inner in titles:
        start, end = t_start, t_end
        doc_number = code = clause_label = ""
        # （文号） right after the title
        paren = _PAREN_NUMBER_RE.match(text, end)
        if paren:
            number = normalise_doc_number(paren.group(1))
            if number:
                doc_number = number
                end = paren.end()
        # a standard code right before the title (GB/T 1.1-2020 《…》) or right after it
        before_title = t_start
        while before_title > 0 and text[before_title - 1].isspace():
            before_title -= 1
        if before_title in codes_by_end:
            start, code = codes_by_end[before_title]
        code_after = codes_by_start.get(_SPACES_RE.match(text, end).end())
        if code_after is not None:
            end, code = code_after
        # 《X》第十四条
        clause = CLAUSE_REF_RE.match(text, end)
        if clause and not clause.group("self"):
            clause_label = clause.group("label")
            end = clause.end()
        title = re.sub(r"\s+", " ", inner)
        results.append(
            CitationMatch(
                start=start,
                end=end,
                raw=text[start:end],
                title=title,
                doc_number=doc_number,
                standard_code=code,
                target_clause_label=clause_label,
                relation=relation(start, end),
                placeholder=bool(doc_number) and is_placeholder_doc_number(doc_number),
            )
        )
        taken.append((start, end))

    spans = _Spans(taken)
    for n_start, n_end, number in numbers:
        if spans.covers(n_start, n_end):
            continue
        results.append(
            CitationMatch(
                start=n_start,
                end=n_end,
                raw=text[n_start:n_end],
                doc_number=number,
                relation=context.relation(n_start, n_end),
                placeholder=is_placeholder_doc_number(number),
            )
        )
        taken.append((n_start, n_end))

    spans = _Spans(taken)
    for c_start, c_end, code in codes:
        if spans.covers(c_start, c_end):
            continue
        results.append(
            CitationMatch(
                start=c_start,
                end=c_end,
                raw=text[c_start:c_end],
                standard_code=code,
                relation=relation(c_start, c_end),
            )
        )
        taken.append((c_start, c_end))

    spans = _Spans([*taken, *((s, e) for s, e, _ in titles)])
    for match in CLAUSE_REF_RE.finditer(text):
        if spans.covers(match.start(), match.end()):
            continue
        results.append(
            CitationMatch(
                start=match.start(),
                end=match.end(),
                raw=match.group(0),
                target_clause_label=match.group("label"),
                self_reference=True,
            )
        )
    results.sort(key=lambda c: (c.start, c.end))
    return results
