"""Checklist items as search units of type ``checklist_item`` (only the active templates)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from search.tasks import schedule_type_reindex
from search.units import make_unit, register_unit_type

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


def register() -> bool:
    """Register the ``checklist_item`` unit type with search (items carry their clause's document)."""
    register_unit_type(TYPE, label=_("自评估条目"), units=checklist_units, follows_documents=True, order=60)
    return True


def schedule_reindex() -> None:
    """Re-index the checklist items after the current transaction commits."""
    schedule_type_reindex(TYPE)
