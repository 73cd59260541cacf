"""The assessment workflow — 填报流程, one explicit state machine.

draft → submitted → returned (with comments per item) → submitted → approved (locked);
a province administrator can reopen an approved assessment (→ draft). Every transition is
written to the audit log.

Guardrails: submitting refuses while a required item is unanswered or marked 不适用 without a
reason; approving refuses while that holds or while an item without a rule awaits the
reviewer's judgement (``judge``). Both raise ``Incomplete`` (a ``WorkflowError``, so the page
and the API refuse with their usual 4xx) carrying the list of what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import permissions
from assessment.answers import answer_of, rescore
from assessment.models import (
    Assessment,
    AuditEntry,
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    Response,
    Status,
)
from assessment.periods import parse_period
from assessment.values import InvalidAnswer, parse_judgement


class WorkflowError(Exception):
    """A transition that the current state does not allow (HTTP 409)."""


class NotAllowed(Exception):
    """The user's role does not allow this action (HTTP 403)."""


# Why an item keeps an assessment incomplete.
UNANSWERED, NA_WITHOUT_REASON, AWAITING_JUDGEMENT = "unanswered", "na_without_reason", "awaiting_judgement"
MISSING_LABELS = {
    UNANSWERED: gettext_lazy("未作答"),
    NA_WITHOUT_REASON: gettext_lazy("选择不适用但未说明理由"),
    AWAITING_JUDGEMENT: gettext_lazy("待审核评定"),
}
MAX_LISTED = 20


@dataclass(frozen=True)
class MissingItem:
    item_id: int
    code: str
    title: str
    reason: str

    @property
    def reason_label(self) -> str:
        return str(MISSING_LABELS[self.reason])

    def as_dict(self) -> dict:
        return {"item_id": self.item_id, "code": self.code, "title": self.title, "reason": self.reason, "reason_label": self.reason_label}


@dataclass(eq=False)
class Incomplete(WorkflowError):
    """Submit or approve refused: ``missing`` lists each item and why (HTTP 409 / a page message)."""

    action_label: str
    missing: list[MissingItem] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(str(self))

    def __str__(self) -> str:
        listed = "；".join(f"{m.code}（{m.reason_label}）" for m in self.missing[:MAX_LISTED])
        more = _("等，共 %(n)d 项") % {"n": len(self.missing)} if len(self.missing) > MAX_LISTED else ""
        return _("还有 %(n)d 个检查项未完成，不能%(label)s：%(items)s%(more)s。") % {
            "n": len(self.missing), "label": self.action_label, "items": listed, "more": more,
        }


def missing_items(assessment: Assessment, *, for_approval: bool = False) -> list[MissingItem]:
    """What keeps ``assessment`` from being submitted (or, ``for_approval``, approved), in item order."""
    items = ChecklistItem.objects.filter(template_id=assessment.template_id).order_by("position")
    responses = {r.item_id: r for r in Response.objects.filter(assessment=assessment)}
    missing = []
    for item in items:
        response = responses.get(item.id)
        answer = answer_of(item, response)
        reason = ""
        if answer.not_applicable:
            if not (response.note or "").strip():
                reason = NA_WITHOUT_REASON
        elif not answer.answered:
            reason = UNANSWERED if item.required else ""
        elif for_approval and answer.awaiting_judgement:
            reason = AWAITING_JUDGEMENT
        if reason:
            missing.append(MissingItem(item.id, item.code, item.title, reason))
    return missing


def judge(assessment: Assessment, item: ChecklistItem, judgement: str, user) -> Response:
    """A reviewer's verdict (met/partly/not_met or 达标/部分达标/未达标; "" clears) on an item without a rule."""
    if not permissions.can_review(user, assessment):
        raise NotAllowed(_("您的角色不能进行审核评定。"))
    try:
        judgement = parse_judgement(judgement)
    except InvalidAnswer as exc:
        raise WorkflowError(str(exc)) from None
    if item.template_id != assessment.template_id:
        raise WorkflowError(_("检查项不属于该自评估。"))
    if not item.needs_judgement:
        raise WorkflowError(_("%(code)s 有判定规则，按作答自动判定，无需评定。") % {"code": item.code})
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != Status.SUBMITTED:
            raise WorkflowError(_("只有已提交的自评估才能评定（当前为“%(status)s”）。") % {"status": locked.get_status_display()})
        response = Response.objects.filter(assessment=locked, item=item).first()
        if response is None or not answer_of(item, response).answered or response.not_applicable:
            raise WorkflowError(_("%(code)s 尚未作答，不能评定。") % {"code": item.code})
        old = response.judgement
        Response.objects.filter(pk=response.pk).update(
            judgement=judgement, judged_by=user if judgement else None, judged_at=timezone.now() if judgement else None
        )
        if old != judgement:
            AuditEntry.objects.create(
                assessment=locked, item=item, user=user, action="judge", old={"judgement": old}, new={"judgement": judgement}
            )
        rescore(locked)
    assessment.refresh_from_db()
    response.refresh_from_db()
    return response


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


def apply(
    assessment: Assessment, action: str, user, comment: str = "", item_comments: dict[int, str] | None = None,
    judgements: dict[int, str] | None = None,
) -> Assessment:
    """Run ``action``; ``judgements`` ({item id: met/partly/not_met}) are recorded first (review only)."""
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
        if judgements and action in {"approve", "return"}:
            items = {i.id: i for i in ChecklistItem.objects.filter(template_id=locked.template_id, id__in=list(judgements))}
            for item_id, verdict in judgements.items():
                if int(item_id) not in items:
                    raise WorkflowError(_("检查项“%(key)s”不存在。") % {"key": item_id})
                judge(locked, items[int(item_id)], verdict, user)
        if action in {"submit", "approve"}:
            missing = missing_items(locked, for_approval=action == "approve")
            if missing:
                raise Incomplete(str(transition.label), missing)
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
    """The published version new assessments start on; drafts are never returned."""
    qs = ChecklistTemplate.objects.active()
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
    if not template.is_published:
        raise WorkflowError(_("模板“%(title)s”尚未发布，不能用于填报。") % {"title": template})
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
