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
