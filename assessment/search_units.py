"""Checklist items as search units of type ``checklist_item`` (only the active templates)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from search.indexing import schedule_type_reindex
from search.units import make_unit, register_unit_provider

logger = logging.getLogger(__name__)

TYPE = "checklist_item"


def checklist_units() -> Iterator[dict]:
    from assessment.models import ChecklistItem

    items = (
        ChecklistItem.objects.filter(template__is_active=True)
        .select_related("template")
        .prefetch_related("clauses__version__work")
        .order_by("template_id", "position")
    )
    for item in items:
        clauses = list(item.clauses.all())
        clause = clauses[0] if clauses else None
        sources = " ".join(s.get("citation", "") for s in item.sources or [])
        unit = make_unit(
            TYPE,
            item.pk,
            clause=clause,
            title=f"{item.code} {item.title}",
            text="\n".join(t for t in (item.title, item.rule_text, sources) if t),
            dimension=item.dimension,
        )
        unit["url"] = f"/assessments/templates/{item.template_id}/#item-{item.pk}"
        yield unit


def register() -> None:
    register_unit_provider(TYPE, checklist_units)


def schedule_reindex() -> None:
    try:
        schedule_type_reindex(TYPE)
    except Exception:  # the index is a projection: a failure here must not break saving templates
        logger.exception("could not schedule checklist_item reindex")
