"""Who may see and do what in a consultation — 征求意见权限. Every view, API endpoint, export,
panel and search unit asks these functions.

- the public sees a consultation's announcement (dates, invited units) and, only once the
  drafting group publishes the summary, the comments and their dispositions;
- a 意见提交人 (member of an invited unit) comments while the consultation is open and sees their
  unit's comments and dispositions — never another unit's before publication;
- the work's drafting group (起草组, or a superuser) sees every comment, disposes of them, merges
  duplicates, imports units' spreadsheets, exports the tables and publishes the summary.
Objects a user may not see answer 404; actions on visible objects they may not take answer 403.
"""

from __future__ import annotations

from django.db.models import QuerySet

from consultation.models import Comment, Consultation, ConsultationMember, DraftingGroupMember
from content.models import Organisation, Stage, Version


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def member_organisation_ids(user) -> set[int]:
    """Organisations the user submits comments for (意见提交人)."""
    if not _authenticated(user):
        return set()
    cached = getattr(user, "_consultation_orgs", None)
    if cached is None:
        cached = set(ConsultationMember.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._consultation_orgs = cached
    return cached


def drafting_work_ids(user) -> set[int]:
    if not _authenticated(user):
        return set()
    cached = getattr(user, "_drafting_works", None)
    if cached is None:
        cached = set(DraftingGroupMember.objects.filter(user=user).values_list("work_id", flat=True))
        user._drafting_works = cached
    return cached


def is_drafter_of_work(user, work_id: int) -> bool:
    return _authenticated(user) and (user.is_superuser or work_id in drafting_work_ids(user))


def is_drafter(user, consultation: Consultation) -> bool:
    return is_drafter_of_work(user, consultation.version.work_id)


def can_open(user, version) -> bool:
    """Opening a consultation on a version is the drafting group's act."""
    return is_drafter_of_work(user, version.work_id)


def commenting_organisations(user, consultation: Consultation) -> QuerySet[Organisation]:
    """Invited units the user may comment for (whatever the dates: see ``can_comment``)."""
    ids = member_organisation_ids(user)
    if not ids:
        return Organisation.objects.none()
    return consultation.invited.filter(id__in=ids)


def is_participant(user, consultation: Consultation) -> bool:
    return commenting_organisations(user, consultation).exists()


def can_comment(user, consultation: Consultation) -> bool:
    return consultation.is_open and is_participant(user, consultation)


def importable_organisations(user, consultation: Consultation) -> QuerySet[Organisation]:
    """Units whose offline spreadsheet the user may import: every invited unit for the drafting
    group (comments received by post or e-mail), the user's own units for a 意见提交人."""
    if is_drafter(user, consultation):
        return consultation.invited.all()
    return commenting_organisations(user, consultation)


def can_see_all_comments(user, consultation: Consultation) -> bool:
    return consultation.summary_published or is_drafter(user, consultation)


def visible_comments(user, consultation: Consultation) -> QuerySet[Comment]:
    qs = Comment.objects.filter(consultation=consultation)
    if can_see_all_comments(user, consultation):
        return qs
    ids = member_organisation_ids(user)
    return qs.filter(organisation_id__in=ids) if ids else qs.none()


def can_view_comment(user, comment: Comment) -> bool:
    consultation = comment.consultation
    return can_see_all_comments(user, consultation) or comment.organisation_id in member_organisation_ids(user)


def can_dispose(user, consultation: Consultation) -> bool:
    return is_drafter(user, consultation)


def can_publish(user, consultation: Consultation) -> bool:
    return is_drafter(user, consultation)


def can_export(user, consultation: Consultation) -> bool:
    """The 汇总处理表 and 修改对照表: the drafting group always, everyone once published."""
    return can_see_all_comments(user, consultation)


def visible_consultations(user) -> QuerySet[Consultation]:
    """The announcement of every consultation is public."""
    return Consultation.objects.select_related("version__work")


def openable_versions(user) -> QuerySet[Version]:
    """征求意见稿 versions the user's drafting groups may open a consultation on."""
    qs = Version.objects.filter(stage=Stage.CONSULTATION).select_related("work").order_by("work__title", "number")
    if not _authenticated(user):
        return qs.none()
    return qs if user.is_superuser else qs.filter(work_id__in=drafting_work_ids(user))
