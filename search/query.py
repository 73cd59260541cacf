"""Query understanding — 查询理解. Pure: no Django.

A query string becomes a ``ParsedQuery`` that every engine compiles in its own dialect:

- exact identifiers (文号, standard codes, clause labels) are cut out first and become *key*
  constraints (see ``search.identifiers``);
- the rest is folded (traditional → simplified, width, case) and split into *concepts*: glossary
  labels found by longest match (each concept carries all its synonyms as alternatives), then
  words from rjieba for what remains; stop characters are dropped;
- every concept must match somewhere (title, document title or text); a whole segment matched
  as a phrase scores higher; when nothing matches every concept the service falls back to a
  relaxed query over the segment's bigrams and says so.

Query syntax is not interpreted: quotes, ``*``, ``AND (`` are plain punctuation, so no input can
break the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import compact, fold, is_han, runs
from search.identifiers import Identifier, find_identifiers

MAX_QUERY_CHARS = 200
MAX_CONCEPTS = 16
STOP_WORDS = frozenset("的 和 与 及 了 在 是 或 等 对 把 被 于 之 其 也 有 为 以 并 及其 关于 有关".split())


@dataclass(frozen=True)
class Concept:
    """Something the query asks for; ``alternatives`` are compact folded strings (synonyms)."""

    alternatives: tuple[str, ...]
    from_glossary: bool = False


@dataclass(frozen=True)
class KeyConstraint:
    """An identifier; any of ``keys`` must be present (the unit's own or, as ``cite:``, cited)."""

    kind: str
    keys: tuple[str, ...]
    text: str


@dataclass
class ParsedQuery:
    raw: str
    concepts: list[Concept] = field(default_factory=list)
    identifiers: list[KeyConstraint] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # whole segments, compact folded
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.concepts and not self.identifiers

    @property
    def labels(self) -> list[KeyConstraint]:
        return [i for i in self.identifiers if i.kind == "label"]

    @property
    def references(self) -> list[KeyConstraint]:
        return [i for i in self.identifiers if i.kind != "label"]

    def highlight_terms(self) -> list[str]:
        """Folded strings to mark in snippets, longest first."""
        terms = {a for c in self.concepts for a in c.alternatives} | set(self.phrases)
        terms.update(compact(i.text) for i in self.identifiers)
        return sorted((t for t in terms if t), key=len, reverse=True)

    def relaxed_tokens(self) -> list[str]:
        """Bigrams (or single characters / words) of every concept, for the relaxed fallback."""
        out: list[str] = []
        for concept in self.concepts:
            for alt in concept.alternatives:
                for run in runs(alt):
                    if run.kind == "han" and len(run.text) > 1:
                        out.extend(run.text[i : i + 2] for i in range(len(run.text) - 1))
                    else:
                        out.append(run.text)
        return list(dict.fromkeys(out))


class SynonymTable:
    """Glossary labels → their synonym group, all compact folded. Built from Term rows."""

    def __init__(self, groups: list[list[str]] | None = None):
        self.groups: dict[str, tuple[str, ...]] = {}
        self.max_len = 0
        for group in groups or []:
            self.add(group)

    def add(self, labels: list[str]) -> None:
        folded = tuple(dict.fromkeys(c for c in (compact(label) for label in labels) if c))
        for label in folded:
            merged = tuple(dict.fromkeys(self.groups.get(label, ()) + folded))
            for other in merged:
                self.groups[other] = tuple(dict.fromkeys(self.groups.get(other, ()) + merged))
            self.max_len = max(self.max_len, len(label))

    def longest_match(self, text: str, start: int) -> str:
        for end in range(min(len(text), start + self.max_len), start + 1, -1):
            if text[start:end] in self.groups:
                return text[start:end]
        return ""

    def __len__(self) -> int:
        return len(self.groups)


def _cut(text: str) -> list[str]:
    import rjieba

    return [w for w in rjieba.cut(text) if w.strip()]


def _segment_concepts(segment: str, synonyms: SynonymTable) -> list[Concept]:
    """Glossary labels by longest match, then rjieba words for the gaps."""
    concepts: list[Concept] = []
    gap: list[str] = []

    def flush_gap():
        if gap:
            for word in _cut("".join(gap)):
                if word not in STOP_WORDS:
                    concepts.append(Concept((word,)))
            gap.clear()

    i = 0
    while i < len(segment):
        label = synonyms.longest_match(segment, i) if len(synonyms) else ""
        if label:
            flush_gap()
            concepts.append(Concept(synonyms.groups[label], from_glossary=True))
            i += len(label)
        else:
            gap.append(segment[i])
            i += 1
    flush_gap()
    return concepts


def _cut_identifiers(text: str) -> tuple[str, list[Identifier]]:
    found = find_identifiers(text)
    pieces, last = [], 0
    for ident in found:
        pieces.append(text[last : ident.start])
        pieces.append(" ")
        last = ident.end
    pieces.append(text[last:])
    return "".join(pieces), found


def _primary_keys(ident: Identifier) -> tuple[str, ...]:
    """The most specific key of a 文号 (its full number, else year+serial, else serial)."""
    if ident.kind == "doc_number":
        return ident.keys[:1]
    if ident.kind == "code":
        return ident.keys[-1:]
    return ident.keys


def parse_query(raw: str, synonyms: SynonymTable | None = None) -> ParsedQuery:
    """Understand a query; never raises, whatever the input."""
    synonyms = synonyms or SynonymTable()
    raw = raw if isinstance(raw, str) else ""
    text = raw.strip()
    parsed = ParsedQuery(raw=raw, truncated=len(text) > MAX_QUERY_CHARS)
    text = fold(text[:MAX_QUERY_CHARS])
    rest, found = _cut_identifiers(text)
    seen = set()
    for ident in found:
        keys = _primary_keys(ident)
        if keys not in seen:
            seen.add(keys)
            parsed.identifiers.append(KeyConstraint(ident.kind, keys, ident.text))
    # Segments: maximal stretches of Han characters and words, split by punctuation.
    for segment in re.split(r"[^\w\u3400-\u9fff]+|_", rest):
        segment = compact(segment)
        if not segment:
            continue
        concepts = _segment_concepts(segment, synonyms)
        if len(concepts) > 1 and any(is_han(c) for c in segment):
            parsed.phrases.append(segment)
        for concept in concepts:
            if concept not in parsed.concepts:
                parsed.concepts.append(concept)
    parsed.concepts = parsed.concepts[:MAX_CONCEPTS]
    parsed.phrases = parsed.phrases[:4]
    return parsed
