"""Saving answers without lost updates, and keeping the cached score current — 作答保存.

A save names the version it was based on. The first statement of its transaction updates the
assessment row, which serialises writers of one assessment (a row lock on PostgreSQL, the write
lock on SQLite); the response is then updated only ``WHERE version = expected``. A stale copy
gets ``Conflict`` with both values, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import scoring
from assessment.models import Assessment, AuditEntry, ChecklistItem, Response
from assessment.values import CleanAnswer, clean_answer

EDITABLE = ("draft", "returned")


class Locked(Exception):
    """The assessment is submitted or approved: answers cannot change."""


@dataclass
class Conflict(Exception):
    current: dict
    yours: dict
    current_version: int


def response_values(response: Response) -> dict:
    return {
        "choice": response.choice,
        "number": None if response.number is None else format(response.number.normalize(), "f"),
        "date": response.date.isoformat() if response.date else None,
        "text": response.text,
        "note": response.note,
    }


def answer_of(item: ChecklistItem | dict, response: Response | dict | None) -> scoring.Answer:
    get_i = item.get if isinstance(item, dict) else lambda k: getattr(item, k)
    if response is None:
        return scoring.Answer(
            get_i("response_type"), comparator=get_i("comparator") or "", threshold=get_i("threshold"),
            deadline=get_i("deadline"), direction=_get(get_i, "direction"),
        )
    get_r = response.get if isinstance(response, dict) else lambda k: getattr(response, k)
    return scoring.Answer(
        response_type=get_i("response_type"),
        choice=get_r("choice") or "",
        number=get_r("number"),
        date=get_r("date"),
        text=get_r("text") or "",
        comparator=get_i("comparator") or "",
        threshold=get_i("threshold"),
        deadline=get_i("deadline"),
        direction=_get(get_i, "direction"),
        judgement=_get(get_r, "judgement"),
    )


def _get(getter, key: str) -> str:
    try:
        return getter(key) or ""
    except AttributeError:
        return ""


_ITEM_FIELDS = ["id", "dimension", "weight", "response_type", "comparator", "threshold", "deadline", "direction"]


def compute_scorecard(assessment: Assessment) -> scoring.ScoreCard:
    items = {row["id"]: row for row in ChecklistItem.objects.filter(template_id=assessment.template_id).values(*_ITEM_FIELDS)}
    responses = {
        row["item_id"]: row
        for row in Response.objects.filter(assessment=assessment).values("item_id", "choice", "number", "date", "text", "judgement")
    }
    scored = [
        scoring.ScoredItem(row["dimension"], row["weight"], answer_of(row, responses.get(item_id)))
        for item_id, row in items.items()
    ]
    return scoring.score(scored, assessment.template.dimension_weights)


def rescore(assessment: Assessment) -> scoring.ScoreCard:
    card = compute_scorecard(assessment)
    dims = {k: (None if v is None else float(v)) for k, v in card.dimensions.items()}
    Assessment.objects.filter(pk=assessment.pk).update(
        score=card.total, grade=card.grade, dimension_scores=dims, answered=card.answered, total_items=card.total_items
    )
    assessment.score, assessment.grade, assessment.dimension_scores = card.total, card.grade, dims
    assessment.answered, assessment.total_items = card.answered, card.total_items
    return card


def _value_changed(old: dict, new: dict) -> bool:
    return any(old.get(k) != new.get(k) for k in ("choice", "number", "date", "text"))


def save_answer(assessment: Assessment, item: ChecklistItem, data: dict, expected_version: int, user) -> tuple[Response, scoring.ScoreCard]:
    """Validate and store one answer based on ``expected_version``.

    Raises ``InvalidAnswer`` (nothing stored), ``Locked`` or ``Conflict``.
    """
    clean: CleanAnswer = clean_answer(item.response_type, data)
    new = clean.as_dict()
    actor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        # Serialise writers of this assessment before reading anything; refuse a locked one.
        now = timezone.now()
        if not Assessment.objects.filter(pk=assessment.pk, status__in=EDITABLE).update(updated_at=now):
            raise Locked(_("该自评估已提交或已审定，不能修改作答。"))
        response = Response.objects.filter(assessment=assessment, item=item).first()
        if response is None:
            response = Response.objects.create(assessment=assessment, item=item)
        old = response_values(response)
        if response.version != expected_version:
            raise Conflict(current=old, yours=new, current_version=response.version)
        updated = Response.objects.filter(pk=response.pk, version=expected_version).update(
            choice=clean.choice,
            number=clean.number,
            date=clean.date,
            text=clean.text,
            note=clean.note,
            not_applicable=clean.choice == "na",
            # A reviewer's judgement was about the old answer; a changed answer is judged again.
            **({"judgement": "", "judged_by": None, "judged_at": None} if _value_changed(old, new) else {}),
            version=F("version") + 1,
            updated_by=actor,
            updated_at=now,
        )
        if updated != 1:  # another writer got in between (defensive; the lock above prevents it)
            response.refresh_from_db()
            raise Conflict(current=response_values(response), yours=new, current_version=response.version)
        response.choice, response.number, response.date = clean.choice, clean.number, clean.date
        response.text, response.note, response.not_applicable = clean.text, clean.note, clean.choice == "na"
        response.version, response.updated_by, response.updated_at = expected_version + 1, actor, now
        if _value_changed(old, new):
            response.judgement, response.judged_by, response.judged_at = "", None, None
        if old != new:
            AuditEntry.objects.create(assessment=assessment, item=item, user=actor, action="answer", old=old, new=new)
        card = rescore(assessment)
    return response, card
