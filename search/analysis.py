"""Text analysis for Chinese policy text — 中文文本分析. Pure: no Django.

One analysis serves the index and the query, in every engine:

- ``fold`` is length-preserving: traditional → simplified (OpenCC's character table),
  full-width → half-width, lower case. Because it keeps offsets, highlighting can map matches in
  folded text back onto the original.
- ``tokens`` turns folded text into two streams: Han characters as overlapping bigrams (like
  Elasticsearch's ``cjk`` analyzer; a lone Han character stays a unigram) and as unigrams, and
  Latin letters and digits as separate words (``GB/T27775`` → ``gb t 27775``). Whitespace
  between two Han characters does not break a run, so a phrase that crossed a PDF line break
  stays contiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, int]:
    """Traditional → simplified, one character to one character, from OpenCC's own table."""
    import opencc

    table: dict[int, int] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        source, targets = parts
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = ord(target)
    # Full-width ASCII → half-width; the ideographic space → space.
    for code in range(0xFF01, 0xFF5F):
        table.setdefault(code, code - 0xFEE0)
    table[0x3000] = 0x20
    return table


def fold(text: str) -> str:
    """Fold text for matching without changing its length (醫保 → 医保, ＷＳ／Ｔ → ws/t)."""
    return text.translate(_t2s_table()).lower()


def is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
        or char == "〇"
    )


@dataclass(frozen=True)
class Run:
    """A run of folded text: ``han`` (contiguous Han characters) or ``word`` (letters or digits)."""

    kind: str
    text: str


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff〇"
_HAN_BREAK = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")
_RUN = re.compile(f"(?P<han>[{HAN}]+)|[a-z]+|[0-9]+")


def runs(folded: str) -> list[Run]:
    """Split folded text into Han runs and Latin/digit words; whitespace inside Han is skipped."""
    joined = _HAN_BREAK.sub("", folded)
    return [Run("han" if m.lastgroup == "han" else "word", m.group(0)) for m in _RUN.finditer(joined)]


def bigrams(han: str) -> list[str]:
    if len(han) < 2:
        return [han] if han else []
    return [han[i : i + 2] for i in range(len(han) - 1)]


def tokens(text: str, *, folded: bool = False) -> tuple[list[str], list[str]]:
    """(bigram stream, unigram stream) of a text, for the index."""
    if not folded:
        text = fold(text)
    bi: list[str] = []
    uni: list[str] = []
    for run in runs(text):
        if run.kind == "han":
            bi.extend(bigrams(run.text))
            uni.extend(run.text)
        else:
            bi.append(run.text)
            uni.append(run.text)
    return bi, uni


def token_string(text: str) -> tuple[str, str]:
    """The two streams as whitespace-separated strings (for a ``whitespace`` tokenizer)."""
    bi, uni = tokens(text)
    return " ".join(bi), " ".join(uni)


def compact(text: str) -> str:
    """Folded text with whitespace and punctuation removed — for exact keys and phrase checks."""
    return "".join(run.text for run in runs(fold(text)))


def segment_for_wagtail(text: str) -> str:
    """Text as words a database full-text index can match: Han bigrams and unigrams, words."""
    bi, uni = tokens(unicodedata.normalize("NFC", text or ""))
    return " ".join(bi + [u for u in uni if len(u) == 1 and is_han(u)])


def join_han_breaks(text: str) -> str:
    """Folded text with whitespace between two Han characters removed (PDF line breaks)."""
    folded = fold(text or "")
    out: list[str] = []
    i, n = 0, len(folded)
    while i < n:
        char = folded[i]
        if char.isspace() and out and is_han(out[-1]):
            j = i
            while j < n and folded[j].isspace():
                j += 1
            if j < n and is_han(folded[j]):
                i = j
                continue
        out.append(char)
        i += 1
    return "".join(out)
