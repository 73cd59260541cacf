"""The assessment workflow — 填报流程, one explicit state machine.

draft → submitted → returned (with comments per item) → submitted → approved (locked);
a province administrator can reopen an approved assessment (→ draft). Every transition is
written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import permissions
from assessment.answers import rescore
from assessment.models import (
    Assessment,
    AuditEntry,
    ChecklistTemplate,
    Evidence,
    Response,
    Status,
)
from assessment.periods import parse_period


class WorkflowError(Exception):
    """A transition that the current state does not allow (HTTP 409)."""


class NotAllowed(Exception):
    """The user's role does not allow this action (HTTP 403)."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    allowed: object  # callable(user, assessment) -> bool
    label: str


TRANSITIONS = {
    "submit": Transition(
        "submit", frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED,
        lambda u, a: a.region_id in permissions.scope_for(u).assessor_counties, gettext_lazy("提交审核"),
    ),
    "return": Transition(
        "return", frozenset({Status.SUBMITTED}), Status.RETURNED, permissions.can_review, gettext_lazy("退回修改"),
    ),
    "approve": Transition(
        "approve", frozenset({Status.SUBMITTED}), Status.APPROVED, permissions.can_review, gettext_lazy("审定通过"),
    ),
    "reopen": Transition(
        "reopen", frozenset({Status.APPROVED}), Status.DRAFT, permissions.can_reopen, gettext_lazy("重新开放"),
    ),
}


def available_actions(user, assessment: Assessment) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if assessment.status in t.sources and t.allowed(user, assessment)]


def apply(assessment: Assessment, action: str, user, comment: str = "", item_comments: dict[int, str] | None = None) -> Assessment:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("未知的操作“%(action)s”。") % {"action": action})
    if not transition.allowed(user, assessment):
        raise NotAllowed(_("您的角色不能执行“%(label)s”。") % {"label": transition.label})
    item_comments = {int(k): str(v).strip() for k, v in (item_comments or {}).items() if str(v).strip()}
    if action == "return" and not (comment.strip() or item_comments):
        raise WorkflowError(_("退回时请填写审核意见（总体意见或逐项意见）。"))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status not in transition.sources:
            raise WorkflowError(
                _("当前状态为“%(status)s”，不能%(label)s。") % {"status": locked.get_status_display(), "label": transition.label}
            )
        old_status = locked.status
        Assessment.objects.filter(pk=locked.pk).update(
            status=transition.target, version=F("version") + 1,
            review_comment=comment.strip() if action in {"return", "approve", "reopen"} else locked.review_comment,
        )
        if action == "return":
            Response.objects.filter(assessment=locked).update(review_comment="")
            for item_id, text in item_comments.items():
                response, _c = Response.objects.get_or_create(assessment=locked, item_id=item_id)
                Response.objects.filter(pk=response.pk).update(review_comment=text)
        AuditEntry.objects.create(
            assessment=locked, user=user, action=action,
            old={"status": old_status},
            new={"status": transition.target, "comment": comment.strip(), "item_comments": {str(k): v for k, v in item_comments.items()}},
        )
    assessment.refresh_from_db()
    return assessment


def active_template(key: str | None = None) -> ChecklistTemplate | None:
    qs = ChecklistTemplate.objects.filter(is_active=True)
    if key:
        qs = qs.filter(key=key)
    return qs.order_by("-created_at", "-version").first()


def start(region, period_code: str, user, template: ChecklistTemplate | None = None, carry_over: bool = True) -> Assessment:
    """Start an assessment for a county × period, optionally from the previous period's answers.

    Answers are copied; evidence is carried by reference (the same stored file); review comments
    and statuses are reset.
    """
    period = parse_period(period_code)
    template = template or active_template()
    if template is None:
        raise WorkflowError(_("还没有启用的自评估模板：请省级管理员先生成模板（manage.py build_checklist）。"))
    with transaction.atomic():
        try:
            assessment = Assessment.objects.create(
                template=template, region=region, period=period.code, period_type=period.kind, created_by=user,
            )
        except IntegrityError:
            raise WorkflowError(
                _("%(region)s %(period)s 的自评估已存在。") % {"region": region.name, "period": period.label}
            ) from None
        items = list(template.items.all())
        previous = None
        if carry_over:
            previous = Assessment.objects.filter(region=region, period=period.previous().code).first()
        carried = {}
        if previous is not None:
            by_key = {it.code: it for it in items}
            for r in previous.responses.select_related("item").prefetch_related("evidence"):
                target = by_key.get(r.item.code)
                if target is not None and target.response_type == r.item.response_type:
                    carried[target.id] = r
        Response.objects.bulk_create(
            [
                Response(
                    assessment=assessment, item=it,
                    choice=carried[it.id].choice if it.id in carried else "",
                    number=carried[it.id].number if it.id in carried else None,
                    date=carried[it.id].date if it.id in carried else None,
                    text=carried[it.id].text if it.id in carried else "",
                    note=carried[it.id].note if it.id in carried else "",
                    not_applicable=carried[it.id].not_applicable if it.id in carried else False,
                )
                for it in items
            ]
        )
        if carried:
            new_responses = {r.item_id: r for r in assessment.responses.all()}
            Evidence.objects.bulk_create(
                [
                    Evidence(
                        response=new_responses[item_id], file=ev.file.name, original_name=ev.original_name,
                        kind=ev.kind, size=ev.size, note=ev.note, carried_from=ev, uploaded_by=ev.uploaded_by,
                    )
                    for item_id, r in carried.items()
                    for ev in r.evidence.all()
                ]
            )
        AuditEntry.objects.create(
            assessment=assessment, user=user, action="create",
            new={"period": period.code, "template": f"{template.key} v{template.version}", "carried_from": previous.period if previous else None},
        )
        rescore(assessment)
    return assessment
