"""Exact identifiers in Chinese policy text — 文号、标准编号、条款编号. Pure: no Django.

Each identifier becomes a *key*, a short normalised string stored in the index's keyword field
and produced from the query the same way, so that ``41号文``, ``〔2023〕41号`` and
``国卫基层发〔2023〕41号`` all meet the work numbered 国卫基层发〔2023〕41号, ``WS/T 892`` meets
``WS/T 892-2026``, and ``第14条`` meets the clause printed ``第十四条``.

Parsing and normalising are the one grammar's (``content.parse.identifiers``); this module
only turns what it finds into keys. Key shapes (data, in one place):

====================  ===========================================
``no:国卫基层发-2023-41``  full 发文字号 (issuer code, year, serial)
``no:国务院令第732号``     an order or announcement (its normal form)
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

from content.parse import identifiers as grammar
from content.parse.identifiers import parse_clause_label

_OPEN = re.escape(grammar.YEAR_OPEN)
_CLOSE = re.escape(grammar.YEAR_CLOSE)
# Partial 文号 that only a query writes: 〔2023〕41号 (year and serial), 41号文 (serial only).
# Full 文号 and standard codes come from the one grammar in content.parse.identifiers.
YEAR_DOC_NUMBER = re.compile(rf"[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]\s*第?\s*(?P<seq>\d{{1,4}})\s*[号號]")
SERIAL_DOC_NUMBER = re.compile(r"(?<![\d〕\]）)])(?P<seq>\d{1,4})\s*[号號]\s*文(?:件)?")

# Clause-label kinds that search keys (``label:art:14``); （一） and 一、 repeat in every work.
LABEL_KINDS = {"art", "ch", "sec", "part", "box", "annex", "num"}
LABEL_PATTERNS = (grammar.ORDINAL_LABEL_RE, grammar.BOX_LABEL_RE, grammar.ANNEX_LABEL_RE, grammar.DOTTED_LABEL_RE)


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
    """All keys of a 发文字号 as stored on a work (``某卫基层发〔2024〕12号``)."""
    found = find_doc_numbers(doc_number or "")
    return tuple(k for ident in found for k in ident.keys)


def _number_keys(number: grammar.DocNumber) -> tuple[str, ...]:
    if number.form == "bracket":
        return doc_number_keys(number.issuer, number.year, number.serial)
    # 令第N号 and 公告 have no bracketed year: the whole normal form is the key
    return (f"no:{number.normal}",)


def find_doc_numbers(text: str) -> list[Identifier]:
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    for number in grammar.find_doc_numbers(text):
        if number.placeholder:
            continue  # a template's X政办〔20XX〕X号 names no work
        keys = _number_keys(number)
        found.append(Identifier("doc_number", number.start, number.end, keys, text[number.start : number.end]))
        taken.append((number.start, number.end))
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


def code_keys(code: grammar.StandardCode) -> tuple[str, ...]:
    base = code.undated.replace(" ", "").lower()
    keys = [f"code:{base}"]
    if code.year:
        keys.append(f"code:{base}-{code.year}")
    return tuple(keys)


def find_standard_codes(text: str) -> list[Identifier]:
    return [
        Identifier("code", code.start, code.end, code_keys(code), text[code.start : code.end])
        for code in grammar.find_standard_codes(text)
    ]


def keys_for_standard_code(code: str) -> tuple[str, ...]:
    return tuple(k for ident in find_standard_codes(code or "") for k in ident.keys)


def label_key(label: str) -> str:
    """The canonical key of a printed clause label, or '' (``第十四条`` → ``label:art:14``)."""
    parsed = parse_clause_label((label or "").strip().rstrip("、.．"))
    if parsed is None or len(parsed.parts) != 1 or parsed.kind not in LABEL_KINDS:
        return ""
    return f"label:{parsed.key}"


def find_labels(text: str) -> list[Identifier]:
    found = []
    for pattern in LABEL_PATTERNS:
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
