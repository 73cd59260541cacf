"""Resolution of citations to works, and the pure normalisers it rests on.

The normalisers (``normalise_doc_number``, ``normalise_title``, ``normalise_standard_code``,
``issued_title``) are pure functions with no Django imports: the content importer uses them to
look a work up before creating one, and the citation extractor uses them for its parsed fields.
The database part (``resolve_citations`` and friends) imports Django lazily.
"""

from __future__ import annotations

import re
import unicodedata

# --- character tables (data, not if-chains) ------------------------------------------------

# Full-width ASCII (digits, Latin letters, slash, hyphen) → half-width.
_FULLWIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
# Brackets that people type around a 文号 year, all meaning 〔〕 (GB/T 9704—2012, 7.2.4).
_YEAR_BRACKETS_OPEN = "〔[［【（(﹝{｛〖"
_YEAR_BRACKETS_CLOSE = "〕]］】）)﹞}｝〗"
_DASHES = "—–－―‐‑‒−"
# Stage suffixes that name a draft of the work, not another work.
_STAGE_SUFFIX_RE = re.compile(r"[（(](?:征求意见稿|送审稿|报批稿|草案|讨论稿|修订稿|征求意见)[)）]$")
# Issuer names that may stand before 关于 in a title (国务院办公厅关于…); a prefix ending in one
# of these suffixes is an issuer, not part of the work's own title.
_ISSUER_SUFFIXES = (
    "国务院",
    "办公厅",
    "办公室",
    "委员会",
    "中共中央",
    "人民政府",
    "政府",
    "部",
    "委",
    "局",
    "厅",
    "署",
    "院",
    "会",
    "中心",
)
_ISSUER_PREFIX_RE = re.compile(r"^(?P<prefix>[^《》关]{2,60}?)(?=关于)")
_ISSUED_RE = re.compile(r"^(?:.{0,60}?)关于(?:印发|转发|印送|发布)(?P<inner>.+?)的(?:通知|函|公告|通告)$")

DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚXＸ]{1,12}?)\s*"
    r"[〔\[［【（(﹝〖]\s*(?P<year>(?:19|20)[0-9０-９XＸxｘ]{2}|[0-9０-９]{4})\s*[〕\]］】）)﹞〗]\s*"
    r"(?:第\s*)?(?P<serial>[0-9０-９]{1,5}|[XＸxｘ]{1,3})\s*号"
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII letters, digits and signs → half-width; other characters unchanged."""
    return text.translate(str.maketrans(_FULLWIDTH)).replace("\u3000", " ")


def normalise_doc_number(value: str) -> str:
    """Normalise a 发文字号 as GB/T 9704 prints it: ``国卫基层发〔2023〕41号``.

    Full-width digits become ASCII, any bracket around the year becomes 〔〕, ``第4号`` becomes
    ``4号``, leading zeros (``〔2020〕013号``) and spaces go. Returns ``""`` when the value does
    not look like a 文号; a placeholder such as ``X政办〔20XX〕X号`` keeps its X letters (upper case).
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).strip().strip("《》“”\"'")
    match = DOC_NUMBER_RE.search(text)
    if not match:
        return ""
    prefix = to_halfwidth(match.group("prefix")).replace(" ", "")
    prefix = re.sub(r"[xｘ]", "X", prefix) if re.fullmatch(r"[xXｘＸ]+.*", prefix) else prefix
    year = to_halfwidth(match.group("year")).upper()
    serial = to_halfwidth(match.group("serial")).upper()
    if serial.isdigit():
        serial = str(int(serial))
    return f"{prefix}〔{year}〕{serial}号"


def is_placeholder_doc_number(value: str) -> bool:
    """True for template placeholders such as ``X政办〔20XX〕X号``."""
    normalised = normalise_doc_number(value) or value
    return bool(re.search(r"〔\d{0,3}X|〕X+号|^X", normalised)) or "XX" in normalised


STANDARD_CODE_RE = re.compile(
    r"(?P<family>(?:GB|WS|DB\s*\d{2}|YY|JGJ|GBZ|T/[A-Z]{2,10}|DB)(?:\s*/\s*[TZ])?)\s*"
    r"(?P<number>\d{1,6}(?:\.\d{1,3})?)\s*(?:[-—–－―]\s*(?P<year>\d{4}))?"
)


def normalise_standard_code(value: str) -> str:
    """``GB/T27775—2011`` → ``GB/T 27775-2011``; ``""`` when the value is not a standard code."""
    if not value:
        return ""
    text = to_halfwidth(unicodedata.normalize("NFC", value)).upper()
    match = STANDARD_CODE_RE.search(text)
    if not match:
        return ""
    family = re.sub(r"\s+", "", match.group("family"))
    code = f"{family} {match.group('number')}"
    if match.group("year"):
        code += f"-{match.group('year')}"
    return code


def _clean_title(value: str) -> str:
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\u3000", " ").strip()
    text = re.sub(r"[《》〈〉]", "", text).strip("<>“”\"' ")
    text = to_halfwidth(text)
    # Half-width parentheses are the exception in Chinese titles: (试行) ≡ （试行）.
    text = text.replace("(", "（").replace(")", "）")
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = text.replace("～", "-").replace("~", "-")
    # Spaces between CJK characters carry no meaning (``中共中央 国务院``), keep Latin ones.
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)
    text = re.sub(r"(?<=[^\x00-\x7f]) (?=[\x00-\x7f])|(?<=[\x00-\x7f]) (?=[^\x00-\x7f])", "", text)
    return text.strip()


def strip_issuer_prefix(title: str) -> str:
    """``国务院办公厅关于推进…`` → ``关于推进…``; titles without an issuer prefix are unchanged."""
    match = _ISSUER_PREFIX_RE.match(title)
    if not match:
        return title
    prefix = match.group("prefix").strip()
    if "转发" in prefix or "印发" in prefix:
        return title  # 某厅转发某部关于…的通知 is a notice of its own, not the forwarded one
    if prefix.endswith(_ISSUER_SUFFIXES) or " " in prefix:
        return title[match.end("prefix") :]
    return title


def normalise_title(value: str) -> str:
    """A comparison key for a work's title.

    Drops 《》 and spaces between Chinese characters, makes (试行) ≡ （试行）, unifies dashes and
    full-width ASCII, strips a draft-stage suffix (（征求意见稿）) and an issuer prefix before
    关于 (``国务院办公厅关于…`` ≡ ``关于…``). Pure and idempotent.
    """
    text = _clean_title(value)
    previous = None
    while previous != text:
        previous = text
        text = _STAGE_SUFFIX_RE.sub("", text).strip()
        text = strip_issuer_prefix(text)
    return text


def issued_title(value: str) -> str:
    """For ``关于印发X的通知`` return the normalised X (the issued work), otherwise ``""``."""
    text = normalise_title(value)
    match = _ISSUED_RE.match(text)
    if not match:
        return ""
    inner = match.group("inner").strip("《》")
    return normalise_title(inner)


def slugify_key(text: str, max_length: int = 120) -> str:
    """An ASCII-safe, stable work key from a 文号, code or title (Chinese kept as pinyin-free hex)."""
    import hashlib

    base = to_halfwidth(text)
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", base).strip("-").lower()
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    key = f"{ascii_part}-{digest}" if ascii_part else f"w-{digest}"
    return key[:max_length]
