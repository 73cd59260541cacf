"""The interface every search engine implements, and the shapes it speaks — 检索引擎接口.

A *unit* is a plain dict (see ``search.units``); engines index units and answer a
``SearchRequest`` (a ``ParsedQuery`` plus filters and a page) with a ``SearchResponse``.
Snippets are made by the service from the units' text, so every engine highlights the same way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.query import ParsedQuery

# Facet name → the unit key it reads (lists are multi-valued).
FACETS: dict[str, str] = {
    "type": "type",
    "document": "document_title",
    "level": "level",
    "issuer": "issuers",
    "year": "year",
    "modality": "modality",
    "duty_bearer": "duty_bearer",
    "dimension": "dimension",
    "stage": "stage",
}
FACET_SIZE = 20

# Text fields and their weight: the unit's own name, its document's title, its text.
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "context": 1.5, "body": 1.0}
OWN_KEY_BOOST = 4.0  # a work's own 文号 outranks the clauses inside it…
IN_KEY_BOOST = 2.0  # …which outrank a clause that merely cites it
PHRASE_BOOST = 2.0
RELAXED_CONCEPT_BOOST = 2.0  # relaxed mode: a whole word counts more than its bigrams
OPTIONAL_BOOST = 0.5  # what a question asks for (几年 → 年): scored when present, not required
PHRASE_FIELDS = ("title",)  # where a multi-word segment is also matched in sequence

# Prior by unit type: the score is multiplied by log2(2 + rank) (tantivy's weight_by_field); a
# type registers its rank (search.units.register_unit_type), e.g. derived fragments rank lower.
DEFAULT_RANK = 2


def type_ranks() -> dict[str, int]:
    from search.units import type_ranks as registered

    return registered()


def type_rank(type_name: str) -> int:
    return type_ranks().get(type_name, DEFAULT_RANK)


# A unit with an audience (search.units) carries two keys: RESTRICTED_KEY and "audience:<name>";
# public units carry neither, so an index built before audiences existed needs no rebuild.
RESTRICTED_KEY = "audience:restricted"
PUBLIC_AUDIENCE = "public"


def audience_keys(unit: dict) -> list[str]:
    audience = unit.get("audience") or PUBLIC_AUDIENCE
    return [] if audience == PUBLIC_AUDIENCE else [RESTRICTED_KEY, f"audience:{audience}"]


def allowed_audience_keys(audiences) -> list[str] | None:
    """Keys of the restricted audiences a request may see; None when every unit may be seen."""
    if audiences is None:
        return None
    return sorted(f"audience:{a}" for a in audiences if a and a != PUBLIC_AUDIENCE)


class EngineError(RuntimeError):
    """The engine is unavailable or failed; the message is shown to the user."""


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict[str, list[str]] = field(default_factory=dict)
    offset: int = 0
    limit: int = 10
    relaxed: bool = False
    facets: bool = True
    # Audiences whose units may be found (search.units.audiences_for); None: every unit.
    audiences: frozenset[str] | None = frozenset({"public"})


@dataclass
class Hit:
    unit: dict
    score: float


@dataclass
class SearchResponse:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def facet_values(unit: dict, facet: str) -> list[str]:
    value = unit.get(FACETS[facet])
    if value in (None, ""):
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [str(v) for v in values if v not in (None, "")]


class SearchEngine(ABC):
    name = "base"

    @abstractmethod
    def index_units(self, units: Iterable[dict]) -> int:
        """Add or replace units (by ``id``); returns how many were written."""

    @abstractmethod
    def delete_scope(self, scope: str) -> None:
        """Delete every unit carrying the scope key (``work:<key>``, ``type:term``)."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every unit."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResponse: ...

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 10) -> list[dict]:
        """Terms and document titles containing ``prefix`` (compact folded), best first."""

    @abstractmethod
    def count(self) -> int: ...

    def size_bytes(self) -> int | None:
        return None

    def replace_scope(self, scope: str, units: Iterable[dict]) -> int:
        self.delete_scope(scope)
        return self.index_units(units)

    def rebuild(self, units: Iterable[dict]) -> int:
        self.clear()
        return self.index_units(units)
