"""Building a versioned checklist template from the database — 生成自评估模板.

Reads knowledge's obligation rows and content's indicators (it never re-parses text); every item
keeps the clauses it traces to and a snapshot of their text.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q

from assessment import builder
from assessment.models import ChecklistItem, ChecklistTemplate
from content.models import Clause, Indicator, Work, WorkKind, WorkRelation
from knowledge.models import Citation, Obligation

DEFAULT_KEY = "liaoning-ygt"
DEFAULT_TITLE = "辽宁省紧密型县域医共体自评估清单"


def default_works() -> list[Work]:
    """The standard(s) and the works they cite; all works with obligations if there is no standard."""
    standards = list(Work.objects.with_text().filter(kind=WorkKind.STANDARD))
    if standards:
        cited = set(
            Citation.objects.filter(clause__version__work__in=standards, work__isnull=False).values_list("work_id", flat=True)
        )
        cited |= set(WorkRelation.objects.filter(subject__in=standards).values_list("object_id", flat=True))
        works = {w.id: w for w in standards}
        works.update({w.id: w for w in Work.objects.with_text().filter(id__in=cited)})
        if Obligation.objects.filter(clause__version__work__in=list(works.values())).exists():
            return list(works.values())
    ids = Obligation.objects.values_list("clause__version__work_id", flat=True).distinct()
    return list(Work.objects.filter(id__in=ids))


def clause_source(clause: Clause) -> dict:
    return {
        "clause_id": clause.id,
        "citation": clause.citation(),
        "url": clause.get_absolute_url(),
        "text": clause.text,
    }


def build_template(
    works: Iterable[Work] | None = None,
    *,
    key: str = DEFAULT_KEY,
    title: str = DEFAULT_TITLE,
    include_indicators: bool = True,
) -> ChecklistTemplate:
    """Create the next version of template ``key`` and make it the active one."""
    works = list(works) if works is not None else default_works()
    obligations = (
        Obligation.objects.visible()
        .in_current_versions()
        .filter(clause__version__work__in=works)
        .select_related("clause", "clause__version", "clause__version__work", "clause__parent")
        .order_by("clause__version__work_id", "clause__position", "span_start")
    )
    drafts: list[builder.ItemDraft] = []
    seen: set[tuple[int, str]] = set()
    for ob in obligations:
        draft = builder.from_obligation(
            id=ob.id, text=ob.text, modality=ob.modality, duty_bearer=ob.duty_bearer, action=ob.action,
            quantity_comparator=ob.quantity_comparator, quantity_value=ob.quantity_value,
            quantity_unit=ob.quantity_unit, deadline=ob.deadline, frequency=ob.frequency,
            condition=ob.condition, heading=(ob.clause.parent.heading if ob.clause.parent else "") + ob.clause.heading,
        )
        if draft is None or (ob.clause_id, ob.text) in seen:
            continue
        seen.add((ob.clause_id, ob.text))
        draft.clause_ids = [ob.clause_id]
        draft.sources = [clause_source(ob.clause)]
        drafts.append(draft)
    if include_indicators:
        for ind in Indicator.objects.prefetch_related("source_clauses__version__work").order_by("dimension", "position"):
            draft = builder.from_indicator(
                id=ind.id, name=ind.name, dimension=ind.dimension, unit=ind.unit, direction=ind.direction,
                target=ind.target, weight=ind.weight,
            )
            clauses = list(ind.source_clauses.all())
            draft.clause_ids = [c.id for c in clauses]
            draft.sources = [clause_source(c) for c in clauses]
            drafts.append(draft)
    with transaction.atomic():
        previous = ChecklistTemplate.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0
        ChecklistTemplate.objects.filter(key=key).update(is_active=False)
        template = ChecklistTemplate.objects.create(
            key=key, version=previous + 1, title=title, is_active=True,
            dimension_weights={d: 1 for d in builder.DIMENSION_ORDER},
            source_works=[{"id": w.id, "title": w.title, "identifier": w.identifier} for w in works],
        )
        items = []
        numbered = builder.number_items(drafts)
        for position, (code, d) in enumerate(numbered):
            items.append(
                ChecklistItem(
                    template=template, code=code, dimension=d.dimension, title=d.title,
                    response_type=d.response_type, unit=d.unit, comparator=d.comparator,
                    threshold=d.threshold, deadline=d.deadline, weight=Decimal(d.weight), position=position,
                    obligation_id=d.obligation_id, indicator_id=d.indicator_id, sources=d.sources,
                )
            )
        ChecklistItem.objects.bulk_create(items)
        through = ChecklistItem.clauses.through
        through.objects.bulk_create(
            [
                through(checklistitem_id=item.id, clause_id=cid)
                for item, (_code, d) in zip(items, numbered, strict=True)
                for cid in d.clause_ids
            ]
        )
    return template


def copy_template(template: ChecklistTemplate) -> ChecklistTemplate:
    """A new version with the same items (used before weights change under running assessments)."""
    with transaction.atomic():
        previous = ChecklistTemplate.objects.filter(key=template.key).aggregate(v=Max("version"))["v"] or 0
        ChecklistTemplate.objects.filter(key=template.key).update(is_active=False)
        new = ChecklistTemplate.objects.create(
            key=template.key, version=previous + 1, title=template.title, is_active=True,
            dimension_weights=dict(template.dimension_weights), source_works=template.source_works,
        )
        for item in template.items.prefetch_related("clauses"):
            clauses = list(item.clauses.all())
            item.pk = None
            item.template = new
            item.save()
            item.clauses.set(clauses)
    return new


def template_in_use(template: ChecklistTemplate) -> bool:
    return template.assessments.filter(~Q(status="draft") | Q(responses__version__gt=0)).exists()
