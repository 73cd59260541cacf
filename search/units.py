"""Search units — 检索单元: what the index holds, built from the database, and how other apps add theirs.

A *unit* is a plain dict; ``make_unit`` fills the defaults. Keys:

=================  ==============================================================
``id``             unique, ``"<type>:<pk>"``
``type``           ``document``, ``clause``, ``term``, ``obligation``, ``indicator``,
                   ``checklist_item`` or any registered type
``title``          what a hit is called (shown, weighted highest)
``title_text``     text indexed with the title's weight (title plus alternative names)
``context_text``   text indexed with the document's weight (document title and aliases)
``heading``        heading of the clause, if any
``label``          printed label (``第十四条``, ``5.2.1``)
``text``           the unit's full text (shown and indexed)
``document_title`` / ``document_number`` (发文字号) / ``document_code`` (标准编号) /
``document_key``   the work the unit belongs to
``level`` ``issuers`` ``year`` ``stage``  the work's metadata (codes, as in content.models)
``modality`` ``duty_bearer``  for obligations
``dimension``      for indicators and checklist items (content.models.Dimension code)
``url``            where a hit links to (a clause permalink when there is one)
``clause``         ``"clause:<pk>"`` of the clause the unit is or comes from (hits that share it
                   are shown as one result), else empty
``keys``           exact identifiers (see ``search.identifiers``)
``scopes``         groups the unit is deleted with (``work:<key>``)
``audience``       who may find the unit: absent, empty or ``"public"`` for everyone, else a
                   name such as ``drafting:<work id>`` (see *Audiences* below)
=================  ==============================================================

Contributing units from another app
-----------------------------------
Register a unit type in your AppConfig.ready(): its name, its label (shown in facets and hits),
and either ``units`` (a callable returning every unit of the type: a *global* type, re-indexed
as a whole) or ``work_units`` (a callable taking a work and returning its units of the type: a
*per-work* type, re-indexed with the work it belongs to)::

    from search.units import make_unit, register_unit_type

    def checklist_units():
        for item in ChecklistItem.objects.select_related(...):
            yield make_unit(
                "checklist_item", item.pk,
                title=item.title, text=item.text, url=item.get_absolute_url(),
                dimension=item.dimension, clause=item.source_clause,  # optional
            )

    register_unit_type(
        "checklist_item", label=_("自评估条目"), units=checklist_units,
        triggers=(ChecklistItem,), follows_documents=True,
    )

``triggers`` are models whose saves and deletes re-index the type (for a per-work type, pass
``work_of=lambda row: row.clause.version.work`` and the row's work is re-indexed);
``follows_documents`` re-indexes a global type after every import (its units carry document
metadata); ``rank`` is the type's prior in scoring (``search.engines.base.DEFAULT_RANK`` unless
given; lower ranks below). ``rebuild_search_index`` indexes every registered type. After changing
rows outside the triggers, call ``search.tasks.schedule_type_reindex(name)``; it runs once,
after the commit. Passing ``clause=`` copies the document metadata and clause permalink.

Audiences
---------
A unit with an ``audience`` other than ``"public"`` is found only by users in that audience. An
app that gives its units an audience registers who belongs to it::

    register_audience_provider(lambda user: {f"drafting:{w}" for w in drafting_work_ids(user)})

``audiences_for(user)`` is the union over every provider (a provider returning None: the user
sees every unit, e.g. a superuser); with no provider, or an anonymous user, only public units.
The engines filter on it inside the query, so totals, pages and facets count only what the
user may see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from search.identifiers import keys_for_doc_number, keys_for_standard_code, label_key, text_keys

logger = logging.getLogger(__name__)

UnitProvider = Callable[[], Iterable[dict]]
AudienceProvider = Callable[[object], "set[str] | None"]
PUBLIC_AUDIENCE = "public"
WorkUnitProvider = Callable[[object], Iterable[dict]]


@dataclass(frozen=True)
class UnitType:
    """A kind of search unit, as its app registered it."""

    name: str
    label: object  # a (lazy) translatable string
    units: UnitProvider | None = None  # every unit (required for a global type; optional for a
    # per-work type, where it makes a full rebuild faster than asking work by work)
    work_units: WorkUnitProvider | None = None  # one work's units of a per-work type
    triggers: tuple = ()  # models whose saves and deletes re-index (see work_of)
    work_of: Callable[[object], object] | None = None  # trigger row → its work (per-work types)
    follows_documents: bool = False  # a global type re-indexed after every import
    rank: int | None = None  # scoring prior; None: search.engines.base.DEFAULT_RANK
    order: int = 100  # where the type is listed in facets

    @property
    def per_work(self) -> bool:
        return self.work_units is not None


_TYPES: dict[str, UnitType] = {}
_PROVIDERS: dict[str, UnitProvider] = {}  # providers registered by name only (no type record)
_LISTENERS: list[Callable[[UnitType], None]] = []


def register_unit_type(
    name: str,
    *,
    label,
    units: UnitProvider | None = None,
    work_units: WorkUnitProvider | None = None,
    triggers: tuple = (),
    work_of: Callable[[object], object] | None = None,
    follows_documents: bool = False,
    rank: int | None = None,
    order: int = 100,
) -> UnitType:
    """Add (or replace) a unit type: ``work_units`` makes it per-work, else ``units`` is required."""
    if units is None and work_units is None:
        raise ValueError(f"unit type {name!r}: give units (global) or work_units (per work)")
    unit_type = UnitType(name, label, units, work_units, tuple(triggers), work_of, follows_documents, rank, order)
    _TYPES[name] = unit_type
    for listener in _LISTENERS:
        listener(unit_type)
    return unit_type


def on_register(listener: Callable[[UnitType], None]) -> None:
    """Call ``listener`` with every unit type registered so far and every one registered later
    (search.signals connects each type's triggers this way, without units importing signals)."""
    _LISTENERS.append(listener)
    for unit_type in list(_TYPES.values()):
        listener(unit_type)


def register_unit_provider(type_name: str, provider: UnitProvider) -> None:
    """Add (or replace) the provider of every unit of a global type (keeps a registered label)."""
    _PROVIDERS[type_name] = provider


def unit_types() -> dict[str, UnitType]:
    """Every registered type, in listing order (a provider registered by name overrides)."""
    types = dict(_TYPES)
    for name, provider in _PROVIDERS.items():
        known = types.get(name)
        label = known.label if known is not None else name
        order = known.order if known is not None else 100
        types[name] = UnitType(name, label, units=provider, follows_documents=True, order=order)
    return dict(sorted(types.items(), key=lambda kv: kv[1].order))


def unit_providers() -> dict[str, UnitProvider]:
    """Name → callable yielding every unit of the type (per-work types over every indexable work)."""
    return {name: (t.units or _per_work_all(t)) for name, t in unit_types().items()}


def global_types() -> list[str]:
    return [name for name, t in unit_types().items() if not t.per_work]


def type_labels() -> dict[str, str]:
    return {name: str(t.label) for name, t in unit_types().items()}


def type_ranks() -> dict[str, int]:
    return {name: t.rank for name, t in _TYPES.items() if t.rank is not None}


class _TypeNames:
    """The registered type names, in order (a live view: apps register theirs in ready())."""

    def __iter__(self):
        return iter(unit_types())

    def __contains__(self, name) -> bool:
        return name in unit_types()

    def __len__(self) -> int:
        return len(unit_types())


CORE_TYPES = _TypeNames()


def _per_work_all(unit_type: UnitType) -> UnitProvider:
    def provider():
        for work in indexable_works():
            yield from unit_type.work_units(work)

    return provider


_AUDIENCE_PROVIDERS: list[AudienceProvider] = []


def register_audience_provider(provider: AudienceProvider) -> None:
    """Add a function ``fn(user) -> set of audience names | None`` (None: every unit)."""
    if provider not in _AUDIENCE_PROVIDERS:
        _AUDIENCE_PROVIDERS.append(provider)


def audiences_for(user) -> frozenset[str] | None:
    """The audiences whose units ``user`` may find (public always); None means every unit."""
    found: set[str] = {PUBLIC_AUDIENCE}
    for provider in _AUDIENCE_PROVIDERS:
        audiences = provider(user)
        if audiences is None:
            return None
        found.update(audiences)
    return frozenset(found)


def make_unit(type_name: str, pk, *, clause=None, work=None, **fields) -> dict:
    unit = {
        "id": f"{type_name}:{pk}",
        "type": type_name,
        "title": "",
        "heading": "",
        "label": "",
        "text": "",
        "document_title": "",
        "document_number": "",
        "document_code": "",
        "document_key": "",
        "level": "",
        "issuers": [],
        "year": "",
        "stage": "",
        "modality": "",
        "duty_bearer": "",
        "dimension": "",
        "url": "",
        "clause": "",
        "keys": [],
        "scopes": [],
    }
    if clause is not None:
        unit.update(clause_context(clause))
        unit["clause"] = f"clause:{clause.pk}"
        if fields.get("url") is None:
            unit["url"] = clause.get_absolute_url()
        work = work if work is not None else clause.version.work
    if work is not None:
        unit.update(work_context(work, in_work=True))
    unit.update({k: v for k, v in fields.items() if v is not None})
    if unit.get("text"):
        unit["keys"] = sorted(set(unit["keys"]) | text_keys(unit["text"]))
    return unit


def work_context(work, *, in_work: bool, version=None) -> dict:
    """Document metadata every unit of a work carries; ``in:`` keys mark units inside it."""
    own = [*keys_for_doc_number(work.doc_number), *keys_for_standard_code(work.standard_code)]
    year = work.date_issued.year if work.date_issued else ""
    if not year and version is not None and version.date:
        year = version.date.year
    aliases = [a.title for a in work.aliases.all()] if work.pk else []
    return {
        "document_title": work.title,
        "document_number": work.doc_number,
        "document_code": work.standard_code,
        "document_key": work.key,
        "level": work.level,
        "issuers": list(work.issuers or []),
        "year": str(year) if year else "",
        "context_text": " ".join([work.title, *aliases]),
        "keys": [("in:" + k if in_work else k) for k in own],
        "scopes": [f"work:{work.key}"],
    }


def clause_context(clause) -> dict:
    label = clause.label.strip()
    keys = [f"path:{clause.path}"]
    if label_key(label):
        keys.append(label_key(label))
    return {
        "label": label,
        "heading": clause.heading,
        "stage": clause.version.stage,
        "keys": keys,
    }


def merge_keys(*lists) -> list[str]:
    return sorted({k for keys in lists for k in keys})


# --- the built-in units ------------------------------------------------------------------------


def indexable_works(pk=None):
    """Works with text whose document page, if any, is live (unpublished pages drop out)."""
    from content.models import Work

    works = Work.objects.filter(has_text=True).select_related("document_page").prefetch_related("aliases")
    if pk is not None:
        works = works.filter(pk=pk)
    for work in works:
        page = getattr(work, "document_page", None) if hasattr(work, "document_page") else None
        if page is not None and not page.live:
            continue
        yield work


def _current_version(work):
    return work.versions.filter(is_current=True).order_by("-number").first()


def document_unit(work, version=None) -> dict:
    from content.models import ClauseKind

    version = version or _current_version(work)
    context = work_context(work, version=version, in_work=False)
    page = getattr(work, "document_page", None)
    summary = page.summary if page is not None else ""
    preamble = ""
    if version is not None:
        first = version.clauses.filter(kind=ClauseKind.PREAMBLE).order_by("position").first()
        preamble = first.text[:500] if first else ""
    names = [work.title, work.doc_number, work.standard_code]
    unit = make_unit(
        "document",
        work.pk,
        title=work.title,
        title_text=" ".join(n for n in [*names, context["context_text"]] if n),
        text="\n".join(t for t in (summary, preamble) if t),
        url=work.get_absolute_url(),
        stage=version.stage if version else "",
    )
    unit.update({k: v for k, v in context.items() if k != "keys"})
    unit["keys"] = merge_keys(unit["keys"], context["keys"])
    return unit


def clause_units(work, version=None) -> Iterator[dict]:
    from content.models import ClauseKind

    version = version or _current_version(work)
    if version is None:
        return
    context = work_context(work, version=version, in_work=True)
    base_url = work.get_absolute_url().rstrip("/")
    for clause in version.clauses.all().order_by("position"):
        if clause.kind == ClauseKind.CLOSING and not clause.text.strip():
            continue
        text = clause.text
        if clause.table:
            text = "\n".join(" ".join(str(c) for c in row) for row in clause.table) or text
        if not text.strip() and not clause.heading.strip():
            continue
        label = clause.label.strip()
        title = " ".join(p for p in (label.rstrip("、."), clause.heading) if p) or clause.path
        own = [f"path:{clause.path}"] + ([label_key(label)] if label_key(label) else [])
        unit = make_unit(
            "clause",
            clause.pk,
            title=title,
            title_text=clause.heading,
            heading=clause.heading,
            label=label,
            text=text,
            stage=version.stage,
            url=f"{base_url}/{clause.path}/",
        )
        unit["clause"] = unit["id"]
        unit.update({k: v for k, v in context.items() if k != "keys"})
        unit["keys"] = merge_keys(unit["keys"], context["keys"], own)
        yield unit


def term_units() -> Iterator[dict]:
    from content.models import Term

    for term in Term.objects.published().select_related("source_clause__version__work"):
        clause = term.source_clause
        yield make_unit(
            "term",
            term.pk,
            clause=clause,
            title=term.pref_label,
            title_text=" ".join(term.labels),
            text=term.definition or "、".join(term.labels),
            label="",
            heading="",
            url=clause.get_absolute_url() if clause else "/search/?" + urlencode({"q": term.pref_label}),
        )


def indicator_units() -> Iterator[dict]:
    from content.models import Indicator

    for indicator in Indicator.objects.prefetch_related("source_clauses__version__work"):
        clause = next(iter(indicator.source_clauses.all()), None)
        parts = [indicator.description, indicator.target and f"目标值：{indicator.target}"]
        yield make_unit(
            "indicator",
            indicator.pk,
            clause=clause,
            title=indicator.name,
            title_text=indicator.name,
            text="\n".join(p for p in parts if p) or indicator.name,
            label="",
            heading="",
            dimension=indicator.dimension,
            url=clause.get_absolute_url() if clause else "/indicators/",
        )


def documents_and_clauses() -> Iterator[dict]:
    for work in indexable_works():
        yield document_unit(work)
        yield from clause_units(work)


def work_units(work) -> Iterator[dict]:
    """Everything scoped to one work: the units of every per-work type."""
    for unit_type in unit_types().values():
        if unit_type.per_work:
            yield from unit_type.work_units(work)


def all_units() -> Iterator[dict]:
    """Every unit of every registered type."""
    for type_name, provider in unit_providers().items():
        try:
            yield from provider()
        except Exception:  # one broken provider must not stop a rebuild
            logger.exception("search unit provider %s failed", type_name)


def _document_units(work) -> Iterator[dict]:
    yield document_unit(work)
