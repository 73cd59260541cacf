"""Query understanding — 查询理解. Pure: no Django.

A query string becomes a ``ParsedQuery`` that every engine compiles in its own dialect:

- exact identifiers (文号, standard codes, clause labels) are cut out first and become *key*
  constraints (see ``search.identifiers``);
- the rest is folded (traditional → simplified, width, case) and split into *concepts*: glossary
  labels found by longest match (each concept carries all its synonyms as alternatives), then
  words from rjieba for what remains; stop characters are dropped;
- the words of a colloquial question (怎么, 多久, 几年, 谁负责的谁 …, listed as data in
  ``search/data/question_words.toml``) are not concepts: the clause that answers never contains
  them. They split the segment, and the measure a question asks for (几*年*, 多少*天*) becomes an
  *optional* concept: it adds to the score, it is not required;
- every concept must match somewhere (title, document title or text); a whole segment matched
  as a phrase scores higher; when nothing matches every concept the service falls back to a
  relaxed query (any of the concepts, then any of their bigrams) and says so.

Query syntax is not interpreted: quotes, ``*``, ``AND (`` are plain punctuation, so no input can
break the engine.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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
    optional: list[Concept] = field(default_factory=list)  # scored when present, not required
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
        terms = {a for c in self.concepts + self.optional for a in c.alternatives} | set(self.phrases)
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


QUESTION_FILE = Path(__file__).resolve().parent / "data" / "question_words.toml"


@dataclass(frozen=True)
class QuestionWords:
    """The words of a colloquial question (see ``search/data/question_words.toml``)."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    measures: frozenset[str] = frozenset()
    measure_alternatives: dict = field(default_factory=dict)
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()

    @classmethod
    def from_file(cls, path: Path = QUESTION_FILE) -> QuestionWords:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        around = data.get("around", {})
        return cls(
            words=frozenset(compact(w) for w in data.get("words", [])),
            prefixes=tuple(sorted((compact(w) for w in data.get("prefixes", [])), key=len, reverse=True)),
            measures=frozenset(compact(w) for w in data.get("measures", [])),
            measure_alternatives={
                compact(k): tuple(compact(a) for a in v) for k, v in data.get("measure_alternatives", {}).items()
            },
            before=frozenset(compact(w) for w in around.get("before", [])),
            after=frozenset(compact(w) for w in around.get("after", [])),
            optional=frozenset(compact(w) for w in data.get("optional", {}).get("words", [])),
        )

    def asked_measure(self, word: str) -> str | None:
        """``""`` for a question word, the measure for 几年/多少天 (``"年"``), else None."""
        if word in self.words:
            return ""
        for prefix in self.prefixes:
            rest = word[len(prefix) :].removeprefix("个") if word.startswith(prefix) else None
            if rest is not None and (rest in self.measures or rest == ""):
                return rest
        return None

    def concept(self, measure: str) -> Concept:
        return Concept(self.measure_alternatives.get(measure, (measure,)))


@lru_cache(maxsize=1)
def question_words() -> QuestionWords:
    return QuestionWords.from_file()


def _join_question_words(cut: list[str], words: QuestionWords, span: int = 3) -> list[str]:
    """rjieba cuts some question words in two (能|不能, 什么|时候): join them back."""
    out, i = [], 0
    while i < len(cut):
        for n in range(min(span, len(cut) - i), 1, -1):
            if "".join(cut[i : i + n]) in words.words:
                out.append("".join(cut[i : i + n]))
                i += n
                break
        else:
            out.append(cut[i])
            i += 1
    return out


def asks(segment: str, words: QuestionWords | None = None) -> bool:
    """Whether a compact segment holds a question word."""
    words = words or question_words()
    return any(words.asked_measure(w) is not None for w in _join_question_words(_cut(segment), words))


def split_question(
    segment: str, words: QuestionWords | None = None, *, asked: bool = False
) -> tuple[list[str], list[Concept]]:
    """A compact segment → (the pieces that name what is asked about, optional measure concepts).

    Question words are matched on rjieba's word boundaries only; with the grammar around them
    (是多少, 谁来) they split the segment. A segment comes back whole unless it, or (``asked``)
    another segment of the query, holds a question."""
    words = words or question_words()
    cut = _join_question_words(_cut(segment), words)
    if not asked and not any(words.asked_measure(w) is not None for w in cut):
        return [segment], []
    pieces: list[list[str]] = [[]]
    optional: list[Concept] = []
    after_question = False
    for word in cut:
        measure = words.asked_measure(word)
        if measure is not None:  # a question word (几年: asking for 年)
            if pieces[-1] and pieces[-1][-1] in words.before:
                pieces[-1].pop()
            if measure:
                optional.append(words.concept(measure))
            pieces.append([])
            after_question = True
        elif after_question and word in words.after:
            continue
        elif after_question and (word in words.measures or (len(word) == 1 and is_han(word))):
            # 几年 → 年; a lone character right after the question is its light verb
            # (怎么算, 谁出, 怎么用): scored, not required.
            optional.append(words.concept(word))
        elif word in words.optional:
            optional.append(words.concept(word))
            pieces.append([])
            after_question = False
        else:
            pieces[-1].append(word)
            after_question = False
    out = ["".join(p) for p in pieces if p]
    return out, list(dict.fromkeys(optional))


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
    # Segments: maximal stretches of Han characters and words, split by punctuation; the words
    # of a question split them further (unless the query is nothing but a question).
    segments = [s for s in (compact(s) for s in re.split(r"[^\w\u3400-\u9fff]+|_", rest)) if s]
    question = any(asks(s) for s in segments)
    asked = [split_question(s, asked=question) for s in segments]
    if any(pieces for pieces, _optional in asked) or found:
        segments = [piece for pieces, _optional in asked for piece in pieces]
        parsed.optional = list(dict.fromkeys(c for _pieces, optional in asked for c in optional))
    for segment in segments:
        concepts = _segment_concepts(segment, synonyms)
        if len(concepts) > 1 and any(is_han(c) for c in segment):
            parsed.phrases.append(segment)
        for concept in concepts:
            if concept not in parsed.concepts:
                parsed.concepts.append(concept)
    parsed.optional = [c for c in parsed.optional if c not in parsed.concepts][:MAX_CONCEPTS]
    parsed.concepts = parsed.concepts[:MAX_CONCEPTS]
    parsed.phrases = parsed.phrases[:4]
    return parsed
