"""Titles of works as comparison keys — 标题归一.

Pure: no Django. ``normalise_title`` makes the key under which a work is found again when it is
cited loosely (《》 dropped, (试行) ≡ （试行）, a draft-stage suffix and an issuer prefix before
关于 stripped); ``issued_title`` reads the work a 关于印发X的通知 issues.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from content.parse.identifiers import to_halfwidth

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
    base = to_halfwidth(text)
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", base).strip("-").lower()
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    key = f"{ascii_part}-{digest}" if ascii_part else f"w-{digest}"
    return key[:max_length]


# --- readable keys for new works ---------------------------------------------------------------

READABLE_MAX = 60  # characters of a key read from a title; a 文号 or code key is short anyway


def transliterate(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``: one pinyin syllable per Chinese character (anyascii,
    without tones), runs of ASCII letters and digits kept, everything else a separator."""
    from anyascii import anyascii

    words, run = [], ""
    for ch in to_halfwidth(unicodedata.normalize("NFC", text or "")):
        if ch.isascii() and ch.isalnum():
            run += ch.lower()
            continue
        if run:
            words.append(run)
            run = ""
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            syllable = re.sub(r"[^a-z0-9]", "", anyascii(ch).lower())
            if syllable:
                words.append(syllable)
    if run:
        words.append(run)
    return words


def _joined(words: list[str], limit: int = READABLE_MAX) -> str:
    key = ""
    for word in words:
        candidate = f"{key}-{word}" if key else word
        if len(candidate) > limit:
            break
        key = candidate
    return key


def readable_key(doc_number: str = "", standard_code: str = "", title: str = "") -> str:
    """A work key a reader can say: from the 文号 (某发〔2024〕12号 → ``mou-fa-2024-12``), else the
    standard code (GB/T 1.1-2020 → ``gbt-1-1-2020``), else the title in pinyin, cut at a syllable.
    A placeholder 文号 (X政办〔20XX〕X号) names no work, so the title is used. Falls back to the
    hashed :func:`slugify_key` only when none of them yields a letter or digit. Not unique by
    itself: the caller adds a suffix when the key is taken."""
    from content.parse.identifiers import parse_doc_number, parse_standard_code

    number = parse_doc_number(doc_number) if doc_number else None
    if number is not None and not number.placeholder:
        words = transliterate(number.issuer) + [w for w in (number.year, number.serial) if w]
        key = _joined(words, 80)
        if key:
            return key
    code = parse_standard_code(standard_code) if standard_code else None
    if code is not None:
        key = _joined(transliterate(code.normal.replace("/", "")), 80)
        if key:
            return key
    # the subject of the title: no issuer before 关于, no 关于 (国务院办公厅关于推进X → 推进X)
    subject = re.sub(r"^关于", "", strip_issuer_prefix(_clean_title(title))) if title else ""
    key = _joined(transliterate(subject or title or ""))
    return key or slugify_key(doc_number or standard_code or title or "work")


def book_title(title: str) -> str:
    """A title between book-title marks, once: 《X》; a title that already holds a 《…》 pair
    (《X》编制说明, 关于印发《X》的通知) is shown as it stands, never 《《X》编制说明》."""
    text = (title or "").strip()
    if not text:
        return ""
    if "《" in text and "》" in text[text.index("《"):]:
        return text
    return f"《{text}》"
