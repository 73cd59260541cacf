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
``keys``           exact identifiers (see ``search.identifiers``)
``scopes``         groups the unit is deleted with (``work:<key>``)
=================  ==============================================================

Contributing units from another app
-----------------------------------
Register a provider — a callable with no arguments returning an iterable of unit dicts — in
your AppConfig.ready()::

    from search.units import make_unit, register_unit_provider

    def checklist_units():
        for item in ChecklistItem.objects.select_related(...):
            yield make_unit(
                "checklist_item", item.pk,
                title=item.title, text=item.text, url=item.get_absolute_url(),
                dimension=item.dimension, clause=item.source_clause,  # optional
            )

    register_unit_provider("checklist_item", checklist_units)

``rebuild_search_index`` then indexes them, and they are re-indexed whenever any document is
imported or published. After changing your rows, call
``search.indexing.schedule_type_reindex("checklist_item")``; it runs once, after the commit.
Passing ``clause=`` copies the document metadata and the clause permalink onto the unit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlencode

from search.identifiers import keys_for_doc_number, keys_for_standard_code, label_key, text_keys

logger = logging.getLogger(__name__)

UnitProvider = Callable[[], Iterable[dict]]
_PROVIDERS: dict[str, UnitProvider] = {}

# The order types are listed in facets and the UI.
CORE_TYPES = ("document", "clause", "term", "obligation", "indicator", "checklist_item")


def register_unit_provider(type_name: str, provider: UnitProvider) -> None:
    """Add (or replace) the provider of units of ``type_name``."""
    _PROVIDERS[type_name] = provider


def unit_providers() -> dict[str, UnitProvider]:
    return dict(_PROVIDERS)


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
        "keys": [],
        "scopes": [],
    }
    if clause is not None:
        unit.update(clause_context(clause))
        unit["url"] = clause.get_absolute_url()
        work = clause.version.work
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


def indexable_works():
    """Works with text whose document page, if any, is live (unpublished pages drop out)."""
    from content.models import Work

    works = Work.objects.filter(has_text=True).prefetch_related("aliases")
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
        unit.update({k: v for k, v in context.items() if k != "keys"})
        unit["keys"] = merge_keys(unit["keys"], context["keys"], own)
        yield unit


def obligation_units(work=None) -> Iterator[dict]:
    from django.db.models import Q

    from knowledge.models import Obligation

    rows = Obligation.objects.exclude(review_status="rejected").select_related(
        "clause__version__work"
    )
    if work is not None:
        rows = rows.filter(clause__version__work=work, clause__version__is_current=True)
    else:
        live = Q(clause__version__work__document_page__isnull=True) | Q(
            clause__version__work__document_page__live=True
        )
        rows = rows.filter(live, clause__version__is_current=True, clause__version__work__has_text=True)
    for row in rows.iterator():
        clause = row.clause
        title = row.action[:60] if row.action else row.text[:60]
        yield make_unit(
            "obligation",
            row.pk,
            clause=clause,
            title=title,
            title_text=row.duty_bearer,
            text=row.text,
            modality=row.modality,
            duty_bearer=row.duty_bearer,
        )


def term_units() -> Iterator[dict]:
    from content.models import Term

    for term in Term.objects.exclude(review_status="rejected").select_related("source_clause__version__work"):
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
    """Everything scoped to one work: its document unit, clauses and obligations."""
    yield document_unit(work)
    yield from clause_units(work)
    yield from obligation_units(work)


def all_units() -> Iterator[dict]:
    """Every unit of every registered type (the built-in ones first)."""
    for type_name, provider in unit_providers().items():
        try:
            yield from provider()
        except Exception:  # one broken provider must not stop a rebuild
            logger.exception("search unit provider %s failed", type_name)


register_unit_provider("document+clause", documents_and_clauses)
register_unit_provider("term", term_units)
register_unit_provider("obligation", obligation_units)
register_unit_provider("indicator", indicator_units)
