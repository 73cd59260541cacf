"""Highlighted snippets — 摘要高亮. Pure: no Django; the output is escaped HTML.

Matching happens on the folded, compacted text (only Han characters, letters and digits, with
an index back into the original), so ``醫保`` in the text is marked for ``医保`` and a phrase
split by a line break is marked whole.
"""

from __future__ import annotations

from html import escape

from search.analysis import fold, is_han


def _compact_map(text: str) -> tuple[str, list[int]]:
    folded = fold(text)
    chars, index = [], []
    for i, char in enumerate(folded):
        if is_han(char) or (char.isascii() and char.isalnum()):
            chars.append(char)
            index.append(i)
    return "".join(chars), index


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``text`` (original offsets) where any term occurs."""
    compacted, index = _compact_map(text)
    marked = [False] * len(compacted)
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = compacted.find(term)
        while start != -1:
            end = start + len(term)
            if not any(marked[start:end]):
                for k in range(start, end):
                    marked[k] = True
                spans.append((index[start], index[end - 1] + 1))
            start = compacted.find(term, end)
    return sorted(spans)


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def snippet(text: str, terms: list[str], width: int = 120) -> str:
    """An escaped excerpt of about ``width`` characters around the densest cluster of matches."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    spans = match_spans(text, terms)
    if not spans:
        return escape(text[:width]) + ("…" if len(text) > width else "")
    best_start, best_count = spans[0][0], 0
    for s, _ in spans:
        count = sum(1 for s2, _e2 in spans if s <= s2 < s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, min(best_start - width // 4, len(text) - width))
    end = min(len(text), start + width)
    body = _render(text, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def highlight(text: str, terms: list[str]) -> str:
    """The whole text, escaped, with every match marked."""
    text = text or ""
    return _render(text, match_spans(text, terms), 0, len(text))
