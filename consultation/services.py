"""What happens in a consultation — open, comment, dispose, merge, publish. Each function checks
permission through ``consultation.permissions`` and raises a clear error; nothing half-written."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation import permissions
from consultation.clauses import ClauseRef, UnknownClause, clause_refs, resolve
from consultation.models import Comment, Consultation, Decision, Disposition
from consultation.summary import state_of
from content.models import Organisation, Stage, Version

MAX_TEXT = 5000


class ConsultationError(ValueError):
    """A request that cannot be carried out, with a message for the user."""


class ConsultationClosed(ConsultationError):
    """A comment outside the consultation's dates (after its end date, or before it starts)."""


def open_consultation(
    user, version: Version, *, starts_on: date, ends_on: date, invited: list[Organisation], title: str = "", notes: str = ""
) -> Consultation:
    if not permissions.can_open(user, version):
        raise PermissionDenied(_("只有该文件的起草组可以发起征求意见。"))
    if version.stage != Stage.CONSULTATION:
        raise ConsultationError(_("只能对“征求意见稿”阶段的版本发起征求意见，该版本为“%(stage)s”。") % {"stage": version.get_stage_display()})
    if ends_on < starts_on:
        raise ConsultationError(_("截止日期不能早于开始日期。"))
    if not invited:
        raise ConsultationError(_("请至少选择一个征求意见单位。"))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            version=version, starts_on=starts_on, ends_on=ends_on, title=title.strip(), notes=notes.strip(), created_by=user
        )
        consultation.invited.set(invited)
    return consultation


def _check_text(text: str, proposed_wording: str, reason: str) -> tuple[str, str, str]:
    text, proposed_wording, reason = (text or "").strip(), (proposed_wording or "").strip(), (reason or "").strip()
    if not text:
        raise ConsultationError(_("请填写意见内容。"))
    for value in (text, proposed_wording, reason):
        if len(value) > MAX_TEXT:
            raise ConsultationError(_("每项内容不能超过 %(n)d 字。") % {"n": MAX_TEXT})
    return text, proposed_wording, reason


def check_open(consultation: Consultation) -> None:
    state = consultation.state()
    if state == "closed":
        raise ConsultationClosed(
            _("征求意见已于 %(date)s 截止，不再接收意见。") % {"date": consultation.ends_on.isoformat()}
        )
    if state == "upcoming":
        raise ConsultationClosed(_("征求意见将于 %(date)s 开始，届时方可提交意见。") % {"date": consultation.starts_on.isoformat()})


def comment_fields(ref: ClauseRef | None) -> dict:
    if ref is None:
        return {"clause": None, "clause_path": "", "clause_label": "", "clause_position": None}
    return {"clause": ref.clause, "clause_path": ref.clause.path, "clause_label": ref.label, "clause_position": ref.clause.position}


def submit_comment(
    user, consultation: Consultation, *, organisation: Organisation, clause_ref: str | None, text: str,
    proposed_wording: str = "", reason: str = "", source: str = Comment.Source.WEB,
) -> Comment:
    """A unit's comment on a clause (any level) or, with an empty reference, on the whole document."""
    if not permissions.commenting_organisations(user, consultation).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("您不是该征求意见单位的意见提交人。"))
    check_open(consultation)
    text, proposed_wording, reason = _check_text(text, proposed_wording, reason)
    try:
        ref = resolve(clause_refs(consultation.version), clause_ref)
    except UnknownClause as exc:
        raise ConsultationError(str(exc)) from None
    return Comment.objects.create(
        consultation=consultation, organisation=organisation, author=user, text=text,
        proposed_wording=proposed_wording, reason=reason, source=source, **comment_fields(ref),
    )


def dispose(user, comment: Comment, *, decision: str, reason: str = "") -> Disposition:
    """Record (or change) the disposition of a comment; a merged duplicate's goes to its group."""
    consultation = comment.consultation
    if not permissions.can_dispose(user, consultation):
        raise PermissionDenied(_("只有起草组可以处理意见。"))
    if decision not in Decision.values:
        raise ConsultationError(_("处理意见只能是“采纳”“部分采纳”或“未采纳”。"))
    reason = (reason or "").strip()
    if decision != Decision.ACCEPTED and not reason:
        raise ConsultationError(_("“%(decision)s”须写明理由。") % {"decision": Decision(decision).label})
    if len(reason) > MAX_TEXT:
        raise ConsultationError(_("理由不能超过 %(n)d 字。") % {"n": MAX_TEXT})
    primary = comment.primary
    disposition, _created = Disposition.objects.update_or_create(
        comment=primary,
        defaults={"decision": decision, "reason": reason, "decided_by": user, "decided_at": timezone.now()},
    )
    return disposition


def merge(user, duplicate: Comment, into: Comment) -> Comment:
    """Merge ``duplicate`` (and any comments already merged into it) into ``into``'s group; the
    group shares the primary comment's disposition."""
    consultation = duplicate.consultation
    if not permissions.can_dispose(user, consultation):
        raise PermissionDenied(_("只有起草组可以合并意见。"))
    if into.consultation_id != duplicate.consultation_id:
        raise ConsultationError(_("只能合并同一次征求意见中的意见。"))
    primary = into.primary
    if primary.pk == duplicate.pk or duplicate.merged_into_id == primary.pk:
        raise ConsultationError(_("这两条意见已在同一组中。"))
    with transaction.atomic():
        Comment.objects.filter(merged_into=duplicate).update(merged_into=primary)
        Disposition.objects.filter(comment=duplicate).delete()  # the group's primary decides
        duplicate.merged_into = primary
        duplicate.save(update_fields=["merged_into"])
    return primary


def unmerge(user, comment: Comment) -> None:
    if not permissions.can_dispose(user, comment.consultation):
        raise PermissionDenied(_("只有起草组可以拆分意见。"))
    comment.merged_into = None
    comment.save(update_fields=["merged_into"])


def publish_summary(user, consultation: Consultation, *, published: bool = True) -> Consultation:
    """Make the comments and their dispositions public (or withdraw them)."""
    if not permissions.can_publish(user, consultation):
        raise PermissionDenied(_("只有起草组可以公开汇总处理表。"))
    if published and consultation.state() != "closed":
        raise ConsultationError(_("征求意见截止后方可公开汇总处理表。"))
    if published:
        pending = sum(1 for c in consultation.comments.select_related("merged_into") if state_of(c) == "pending")
        if pending:
            raise ConsultationError(_("还有 %(n)d 条意见未处理，全部处理后方可公开汇总处理表。") % {"n": pending})
    consultation.summary_published = published
    consultation.summary_published_at = timezone.now() if published else None
    consultation.save(update_fields=["summary_published", "summary_published_at"])
    return consultation

