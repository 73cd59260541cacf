"""Exact identifiers in Chinese policy text — 文号、标准编号、条款编号. Pure: no Django.

Each identifier becomes a *key*, a short normalised string stored in the index's keyword field
and produced from the query the same way, so that ``41号文``, ``〔2023〕41号`` and
``国卫基层发〔2023〕41号`` all meet the work numbered 国卫基层发〔2023〕41号, ``WS/T 892`` meets
``WS/T 892-2026``, and ``第14条`` meets the clause printed ``第十四条``.

Key shapes (data, in one place):

====================  ===========================================
``no:国卫基层发-2023-41``  full 发文字号 (issuer code, year, serial)
``noy:2023-41``           year and serial (``〔2023〕41号``)
``nos:41``                serial only (``41号文``)
``code:ws/t892``          standard code without year
``code:ws/t892-2026``     standard code with year
``label:art:14``          第十四条 (art, ch, sec, part, box, annex, num)
====================  ===========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.parse.markers import CN_NUM, cn_to_int

OPEN = r"〔\[［(（【"
CLOSE = r"〕\]］)）】"

# 国卫基层发〔2023〕41号 — issuer code, bracketed year, serial number.
FULL_DOC_NUMBER = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{1,12}}?[发函字令办通])\s*[{OPEN}]\s*(?P<year>\d{{4}})\s*[{CLOSE}]"
    rf"\s*第?\s*(?P<seq>\d{{1,4}})\s*号"
)
YEAR_DOC_NUMBER = re.compile(
    rf"[{OPEN}]\s*(?P<year>\d{{4}})\s*[{CLOSE}]\s*第?\s*(?P<seq>\d{{1,4}})\s*号"
)
SERIAL_DOC_NUMBER = re.compile(r"(?<![\d〕\]）)])(?P<seq>\d{1,4})\s*号\s*文(?:件)?")

STANDARD_PREFIXES = ("GB", "WS", "YY", "DB", "WB", "GBZ", "JJF", "SB")
STANDARD_CODE = re.compile(
    r"(?<![A-Za-z])(?P<prefix>GBZ|GB|WS|YY|DB\s*\d{0,6}|JJF|SB)\s*(?:/\s*(?P<suffix>[TZ]))?\s*"
    r"(?P<number>\d+(?:\.\d+)?)(?:\s*[-—–]\s*(?P<year>\d{4}))?",
    re.IGNORECASE,
)

LABEL_KIND = {"条": "art", "章": "ch", "节": "sec", "编": "part"}
ARTICLE_LABEL = re.compile(rf"第\s*(?P<num>{CN_NUM}|\d+)\s*(?P<unit>[条章节编])")
BOX_LABEL = re.compile(rf"专栏\s*(?P<num>{CN_NUM}|\d+)")
ANNEX_LABEL = re.compile(r"附\s*录\s*(?P<num>[A-Za-z])")
DOTTED_LABEL = re.compile(r"(?<![\d./])(?P<num>\d{1,2}(?:\.\d{1,2}){1,4})(?![\d./]|\s*[-—–]\s*\d{4})")


@dataclass(frozen=True)
class Identifier:
    """An identifier found in a text: its span, kind (doc_number, code, label) and keys."""

    kind: str
    start: int
    end: int
    keys: tuple[str, ...]
    text: str


def doc_number_keys(issuer: str, year: str, seq: str) -> tuple[str, ...]:
    seq = str(int(seq))
    keys = []
    if issuer:
        keys.append(f"no:{issuer}-{year}-{seq}")
    if year:
        keys.append(f"noy:{year}-{seq}")
    keys.append(f"nos:{seq}")
    return tuple(keys)


def keys_for_doc_number(doc_number: str) -> tuple[str, ...]:
    """All keys of a 发文字号 as stored on a work (``国卫基层发〔2023〕41号``)."""
    found = find_doc_numbers(doc_number or "")
    return tuple(k for ident in found for k in ident.keys)


def find_doc_numbers(text: str) -> list[Identifier]:
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    for match in FULL_DOC_NUMBER.finditer(text):
        keys = doc_number_keys(match["issuer"], match["year"], match["seq"])
        found.append(Identifier("doc_number", match.start(), match.end(), keys, match.group(0)))
        taken.append(match.span())
    for match in YEAR_DOC_NUMBER.finditer(text):
        if free(*match.span()):
            keys = doc_number_keys("", match["year"], match["seq"])
            found.append(Identifier("doc_number", match.start(), match.end(), keys, match.group(0)))
            taken.append(match.span())
    for match in SERIAL_DOC_NUMBER.finditer(text):
        if free(*match.span()):
            keys = doc_number_keys("", "", match["seq"])
            found.append(Identifier("doc_number", match.start(), match.end(), keys, match.group(0)))
            taken.append(match.span())
    return sorted(found, key=lambda i: i.start)


def code_keys(prefix: str, suffix: str | None, number: str, year: str | None) -> tuple[str, ...]:
    base = re.sub(r"\s+", "", prefix).lower() + ("/" + suffix.lower() if suffix else "") + number
    keys = [f"code:{base}"]
    if year:
        keys.append(f"code:{base}-{year}")
    return tuple(keys)


def find_standard_codes(text: str) -> list[Identifier]:
    found = []
    for match in STANDARD_CODE.finditer(text):
        keys = code_keys(match["prefix"], match["suffix"], match["number"], match["year"])
        found.append(Identifier("code", match.start(), match.end(), keys, match.group(0)))
    return found


def keys_for_standard_code(code: str) -> tuple[str, ...]:
    return tuple(k for ident in find_standard_codes(code or "") for k in ident.keys)


def label_key(label: str) -> str:
    """The canonical key of a printed clause label, or '' (``第十四条`` → ``label:art:14``)."""
    label = (label or "").strip().rstrip("、.．")
    for pattern, kind in ((ARTICLE_LABEL, None), (BOX_LABEL, "box"), (ANNEX_LABEL, "annex")):
        match = pattern.fullmatch(label)
        if match:
            num = match["num"]
            if kind == "annex":
                return f"label:annex:{num.lower()}"
            kind = kind or LABEL_KIND[match["unit"]]
            return f"label:{kind}:{cn_to_int(num)}"
    match = DOTTED_LABEL.fullmatch(label)
    if match:
        return f"label:num:{match['num']}"
    return ""


def find_labels(text: str) -> list[Identifier]:
    found = []
    for pattern in (ARTICLE_LABEL, BOX_LABEL, ANNEX_LABEL, DOTTED_LABEL):
        for match in pattern.finditer(text):
            key = label_key(match.group(0))
            if key:
                found.append(Identifier("label", match.start(), match.end(), (key,), match.group(0)))
    return sorted(found, key=lambda i: i.start)


def find_identifiers(text: str) -> list[Identifier]:
    """文号, then standard codes, then clause labels, without overlaps (the earlier kind wins)."""
    chosen: list[Identifier] = []
    for ident in [*find_doc_numbers(text), *find_standard_codes(text), *find_labels(text)]:
        if all(ident.end <= c.start or ident.start >= c.end for c in chosen):
            chosen.append(ident)
    return sorted(chosen, key=lambda i: i.start)


def text_keys(text: str) -> set[str]:
    """Keys of the 文号 and standard codes a text mentions (``cite:`` prefixed)."""
    keys = set()
    for ident in [*find_doc_numbers(text), *find_standard_codes(text)]:
        keys.update("cite:" + k for k in ident.keys)
    return keys
