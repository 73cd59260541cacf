"""Building a versioned checklist template from the database — 生成自评估模板.

Reads knowledge's obligation rows and content's indicators (it never re-parses text); every item
keeps the clauses it traces to and a snapshot of their text. The builder's rules are in
``assessment.builder`` and ``assessment.curation``; this module feeds them rows and stores the
result as a **draft** a province administrator publishes (``publish``). Counties only see
published versions (``ChecklistTemplate.objects.published()``, ``workflow.active_template``).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from assessment import builder, curation, permissions
from assessment.models import ChecklistItem, ChecklistTemplate, TemplateStatus
from content.models import Clause, Indicator, Work, WorkKind, WorkRelation
from knowledge.models import Citation, Obligation

REGIONS_FILE = Path(settings.BASE_DIR) / "corpus" / "regions.toml"
TITLE_SUFFIX = "紧密型县域医共体自评估清单"


@cache
def portal_region(path: Path = REGIONS_FILE) -> curation.PortalRegion:
    """The province the portal serves, read from the region tree (data, not code)."""
    try:
        with open(path, "rb") as fh:
            return curation.region_from_tree(tomllib.load(fh))
    except FileNotFoundError:
        return curation.PortalRegion()


def _default_key() -> str:
    code = ""
    try:
        with open(REGIONS_FILE, "rb") as fh:
            code = tomllib.load(fh).get("province", {}).get("code", "")
    except FileNotFoundError:
        pass
    return f"ygt-{code}" if code else "ygt"


DEFAULT_KEY = _default_key()
DEFAULT_TITLE = f"{portal_region().province}{TITLE_SUFFIX}"


def default_works() -> list[Work]:
    """The standard(s) and the works they cite; all works with obligations if there is no standard."""
    standards = list(Work.objects.with_text().filter(kind=WorkKind.STANDARD))
    if standards:
        cited = set(
            # a citation an editor rejected (or one held back for review) does not bring a work in
            Citation.objects.published()
            .filter(clause__version__work__in=standards, work__isnull=False)
            .values_list("work_id", flat=True)
        )
        cited |= set(WorkRelation.objects.filter(subject__in=standards).values_list("object_id", flat=True))
        works = {w.id: w for w in standards}
        works.update({w.id: w for w in Work.objects.with_text().filter(id__in=cited)})
        if Obligation.objects.published().filter(clause__version__work__in=list(works.values())).exists():
            return list(works.values())
    ids = Obligation.objects.published().values_list("clause__version__work_id", flat=True).distinct()
    return list(Work.objects.filter(id__in=ids))


def clause_source(clause: Clause) -> dict:
    return {
        "clause_id": clause.id,
        "citation": clause.citation(),
        "url": clause.get_absolute_url(),
        "text": clause.text,
    }


def document_facts(work: Work, version) -> curation.DocumentFacts:
    return curation.DocumentFacts(
        title=work.title, kind=work.kind, level=work.level, issuers=tuple(work.issuers or ()),
        doc_number=work.doc_number, stage=version.stage, is_placeholder=work.is_placeholder,
    )


LEFT_OUT_SCOPES = {"template_document", "other_region"}


def _scope(version, region: curation.PortalRegion) -> str:
    return curation.document_scope(document_facts(version.work, version), region)


@dataclass
class Proposals:
    """What the builder proposes from some works, and what it left out and why."""

    drafts: list[builder.ItemDraft] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    left_out_ids: dict[str, list[int]] = field(default_factory=dict)
    merged: int = 0


def obligation_proposal(ob: Obligation, region: curation.PortalRegion | None = None) -> builder.Proposal:
    clause, version = ob.clause, ob.clause.version
    parent_heading = clause.parent.heading if clause.parent else ""
    scope = curation.document_scope(document_facts(version.work, version), region or portal_region())
    return builder.from_obligation(
        id=ob.id, text=ob.text, modality=ob.modality, duty_bearer=ob.duty_bearer, action=ob.action,
        quantity_comparator=ob.quantity_comparator, quantity_value=ob.quantity_value,
        quantity_unit=ob.quantity_unit, deadline=ob.deadline, frequency=ob.frequency,
        condition=ob.condition, heading=parent_heading + clause.heading,
        clause_heading=clause.heading or parent_heading,
        sentence_before=curation.sentence_before(clause.text, ob.span_start),
        review_status=ob.review_status, scope=scope, source_label=version.work.citation_title,
        confidence=ob.confidence,
    )


def propose(works: Iterable[Work] | None = None, *, include_indicators: bool = True) -> Proposals:
    """Candidate items for ``works`` (default: the standard and what it cites), merged."""
    works = list(works) if works is not None else default_works()
    obligations = (
        Obligation.objects.published()
        .in_current_versions()
        .filter(clause__version__work__in=works)
        .select_related("clause", "clause__version", "clause__version__work", "clause__parent")
        .order_by("clause__version__work_id", "clause__position", "span_start")
    )
    out = Proposals()
    region = portal_region()
    seen: set[tuple[int, str]] = set()
    candidates: list[builder.ItemDraft] = []
    for ob in obligations:
        if (ob.clause_id, ob.text) in seen:
            continue
        seen.add((ob.clause_id, ob.text))
        proposal = obligation_proposal(ob, region)
        if proposal.draft is None:
            out.left_out[proposal.left_out] += 1
            out.left_out_ids.setdefault(proposal.left_out, []).append(ob.id)
            continue
        proposal.draft.clause_ids = [ob.clause_id]
        proposal.draft.sources = [clause_source(ob.clause)]
        candidates.append(proposal.draft)
    # The standard first, then the province's own documents, then national ones (stable within).
    candidates.sort(key=lambda d: d.priority)
    if include_indicators:
        for ind in Indicator.objects.prefetch_related("source_clauses__version__work").order_by("dimension", "position"):
            draft = builder.from_indicator(
                id=ind.id, name=ind.name, dimension=ind.dimension, unit=ind.unit, direction=ind.direction,
                target=ind.target, weight=ind.weight,
            )
            # An indicator's evidence is cited from usable documents only (no template, no other province).
            clauses = [c for c in ind.source_clauses.all() if _scope(c.version, region) not in LEFT_OUT_SCOPES]
            draft.clause_ids = [c.id for c in clauses]
            draft.sources = [clause_source(c) for c in clauses]
            candidates.append(draft)
    out.drafts = builder.merge_near_duplicates(candidates)
    out.merged = len(candidates) - len(out.drafts)
    return out


def build_template(
    works: Iterable[Work] | None = None,
    *,
    key: str = DEFAULT_KEY,
    title: str = DEFAULT_TITLE,
    include_indicators: bool = True,
    publish: bool = False,
) -> ChecklistTemplate:
    """Create the next version of template ``key`` as a draft (``publish=True``: publish it too)."""
    works = list(works) if works is not None else default_works()
    proposals = propose(works, include_indicators=include_indicators)
    with transaction.atomic():
        previous = ChecklistTemplate.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0
        template = ChecklistTemplate.objects.create(
            key=key, version=previous + 1, title=title, status=TemplateStatus.DRAFT, is_active=False,
            dimension_weights={d: 1 for d in builder.DIMENSION_ORDER},
            source_works=[{"id": w.id, "title": w.title, "identifier": w.identifier} for w in works],
        )
        _store_items(template, builder.number_items(proposals.drafts))
        if publish:
            publish_template(template)
    return template


def _store_items(template: ChecklistTemplate, numbered: list[tuple[str, builder.ItemDraft]], start: int = 0) -> list[ChecklistItem]:
    items = [
        ChecklistItem(
            template=template, code=code, dimension=d.dimension, title=d.title,
            response_type=d.response_type, unit=d.unit, comparator=d.comparator, direction=d.direction,
            threshold=d.threshold, deadline=d.deadline, weight=Decimal(d.weight), position=start + position,
            applies_to=d.applies_to, duty_bearer=d.duty_bearer[:300], proposal_reason=d.proposal_reason,
            obligation_id=d.obligation_id, indicator_id=d.indicator_id, sources=d.sources,
        )
        for position, (code, d) in enumerate(numbered)
    ]
    ChecklistItem.objects.bulk_create(items)
    through = ChecklistItem.clauses.through
    through.objects.bulk_create(
        [
            through(checklistitem_id=item.id, clause_id=cid)
            for item, (_code, d) in zip(items, numbered, strict=True)
            for cid in d.clause_ids
        ]
    )
    return items


class TemplateNotEditable(Exception):
    """A published template is never edited in place: copy it to a new draft first."""


def publish_template(template: ChecklistTemplate) -> ChecklistTemplate:
    """Publish ``template`` and make it the version new assessments of its key start on."""
    with transaction.atomic():
        ChecklistTemplate.objects.filter(key=template.key).exclude(pk=template.pk).update(is_active=False)
        now = timezone.now()
        ChecklistTemplate.objects.filter(pk=template.pk).update(status=TemplateStatus.PUBLISHED, is_active=True, published_at=now)
    template.status, template.is_active, template.published_at = TemplateStatus.PUBLISHED, True, now
    return template


def add_obligation_item(template: ChecklistTemplate, obligation: Obligation, reason: str) -> ChecklistItem:
    """An administrator adds an obligation the builder left out (another level, a template…)."""
    if template.is_published:
        raise TemplateNotEditable(f"模板 {template} 已发布，不能修改：请先复制为新版本。")
    if not reason.strip():
        raise ValueError("请说明纳入理由。")
    proposal = obligation_proposal(obligation)
    draft = proposal.draft
    if draft is None:  # left out by the rules: the administrator's decision overrides them
        draft = builder.ItemDraft(
            dimension=builder.classify(obligation.text, obligation.clause.heading),
            title=curation.clean_title(obligation.text), obligation_id=obligation.id,
            duty_bearer=obligation.duty_bearer,
        )
        if obligation.quantity_value is not None and obligation.quantity_comparator:
            unit = obligation.quantity_unit.strip()
            draft.response_type = "percentage" if unit in builder.PERCENT else "number"
            draft.unit = "" if draft.response_type == "percentage" else unit
            draft.comparator, draft.threshold = obligation.quantity_comparator, obligation.quantity_value
        elif obligation.deadline is not None:
            draft.response_type, draft.deadline = "date", obligation.deadline
    draft.reasons = [f"管理员添加：{reason.strip()}"] + draft.reasons
    draft.clause_ids = [obligation.clause_id]
    draft.sources = [clause_source(obligation.clause)]
    prefix = builder.DIMENSION_PREFIX[draft.dimension]
    codes = set(template.items.filter(dimension=draft.dimension).values_list("code", flat=True))
    n = len(codes) + 1
    while f"{prefix}{n}" in codes:
        n += 1
    last = template.items.aggregate(p=Max("position"))["p"]
    with transaction.atomic():
        return _store_items(template, [(f"{prefix}{n}", draft)], start=(last + 1) if last is not None else 0)[0]


def templates_visible_to(user):
    """Templates a user may see: all for a province administrator, published ones for everyone else."""
    qs = ChecklistTemplate.objects.all()
    return qs if permissions.scope_for(user).is_admin else qs.published()


def copy_template(template: ChecklistTemplate, *, as_draft: bool | None = None) -> ChecklistTemplate:
    """A new version with the same items (used before weights change under running assessments).

    The copy of a published template is published and active (weights change in place for new
    assessments) unless ``as_draft``; the copy of a draft stays a draft.
    """
    draft = (not template.is_published) if as_draft is None else as_draft
    with transaction.atomic():
        previous = ChecklistTemplate.objects.filter(key=template.key).aggregate(v=Max("version"))["v"] or 0
        new = ChecklistTemplate.objects.create(
            key=template.key, version=previous + 1, title=template.title, status=TemplateStatus.DRAFT,
            is_active=False, dimension_weights=dict(template.dimension_weights), source_works=template.source_works,
        )
        for item in template.items.prefetch_related("clauses"):
            clauses = list(item.clauses.all())
            item.pk = None
            item.template = new
            item.save()
            item.clauses.set(clauses)
        if not draft:
            publish_template(new)
    return new


def template_in_use(template: ChecklistTemplate) -> bool:
    return template.assessments.filter(~Q(status="draft") | Q(responses__version__gt=0)).exists()
