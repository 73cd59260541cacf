"""Consultation on a draft version — 征求意见: comments by invited units, the drafting group's
dispositions, and the published 征求意见汇总处理表.

A ``Consultation`` is opened on a version at the 征求意见稿 stage. Members of invited units
(意见提交人, ``ConsultationMember``) comment on a clause or on the whole document; the work's
drafting group (起草组, ``DraftingGroupMember``) records one ``Disposition`` per comment, or per
group of merged duplicates (the group's primary comment carries it). Who may see and do what is
answered in one place, ``consultation.permissions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import Clause, Organisation, Version, Work


class Consultation(models.Model):
    """One round of consultation on a version — 征求意见."""

    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("征求意见版本")
    )
    title = models.CharField(_("标题"), max_length=300, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"), help_text=_("截止日期当天仍可提交意见，次日起关闭。"))
    invited = models.ManyToManyField(
        Organisation, related_name="consultations_invited", verbose_name=_("征求意见单位")
    )
    notes = models.TextField(_("说明"), blank=True)
    summary_published = models.BooleanField(_("已公开汇总处理表"), default=False)
    summary_published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("发起人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="consultation_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def work(self) -> Work:
        return self.version.work

    @property
    def display_title(self) -> str:
        return self.title or f"{self.version.work.citation_title}{self.version.display_label}征求意见"

    def state(self, today=None) -> str:
        """``upcoming``, ``open`` or ``closed`` (Asia/Shanghai dates; the end date is still open)."""
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "upcoming"
        if today > self.ends_on:
            return "closed"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state() == "open"

    def get_absolute_url(self) -> str:
        return f"/consultation/{self.pk}/"


class ConsultationRole(models.TextChoices):
    SUBMITTER = "submitter", _("意见提交人")


class ConsultationMember(models.Model):
    """A user who submits comments for an organisation — 意见提交人."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_memberships",
        verbose_name=_("用户"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consultation_members", verbose_name=_("单位")
    )
    role = models.CharField(_("角色"), max_length=20, choices=ConsultationRole.choices, default=ConsultationRole.SUBMITTER)

    class Meta:
        verbose_name = _("意见提交人")
        verbose_name_plural = _("意见提交人")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="consultation_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class DraftingGroupMember(models.Model):
    """A member of a work's drafting group — 起草组成员: disposes of comments, publishes the summary."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafting_groups", verbose_name=_("用户")
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="drafting_group", verbose_name=_("文件"))

    class Meta:
        verbose_name = _("起草组成员")
        verbose_name_plural = _("起草组成员")
        constraints = [models.UniqueConstraint(fields=["user", "work"], name="drafting_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.work.title}"


class CommentQuerySet(models.QuerySet):
    def in_reading_order(self):
        """Whole-document comments first, then by clause position, then as received."""
        return self.order_by(models.F("clause_position").asc(nulls_first=True), "created_at", "pk")

    def primaries(self):
        return self.filter(merged_into__isnull=True)


class Comment(models.Model):
    """A comment on a clause (any level) or, with no clause, on the whole document — 意见."""

    class Source(models.TextChoices):
        WEB = "web", _("网页提交")
        XLSX = "xlsx", _("表格导入")
        API = "api", _("接口提交")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name=_("征求意见")
    )
    # The clause row may be replaced by a re-import of the version; the path, label and position
    # kept beside it still say which clause the comment was on.
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultation_comments",
        verbose_name=_("条款"),
    )
    clause_path = models.CharField(_("条款路径"), max_length=200, blank=True, help_text=_("为空表示针对全文"))
    clause_label = models.CharField(_("章条编号"), max_length=200, blank=True)
    clause_position = models.PositiveIntegerField(_("条款顺序"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_comments", verbose_name=_("提出单位")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("提交人"),
    )
    text = models.TextField(_("意见内容"))
    proposed_wording = models.TextField(_("建议修改为"), blank=True)
    reason = models.TextField(_("提出理由"), blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.WEB)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("合并到"), help_text=_("重复意见合并后共用主意见的处理意见"),
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["consultation", "clause_position", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "organisation"]), models.Index(fields=["consultation", "clause_path"])]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="comment_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.where} · {self.organisation} · {self.text[:30]}"

    @property
    def is_whole_document(self) -> bool:
        return not self.clause_path

    @property
    def where(self) -> str:
        return self.clause_label or (self.clause_path or str(_("全文")))

    @property
    def primary(self) -> Comment:
        return self.merged_into if self.merged_into_id else self

    def disposition_or_none(self) -> Disposition | None:
        primary = self.primary
        try:
            return primary.disposition
        except Disposition.DoesNotExist:
            return None


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    REJECTED = "rejected", _("未采纳")


PENDING = "pending"  # the state of a comment without a disposition — 待处理


class Disposition(models.Model):
    """The drafting group's decision on a comment (or on a group of merged duplicates) — 处理意见."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="disposition", verbose_name=_("意见"),
        help_text=_("合并的重复意见由主意见承载处理意见"),
    )
    decision = models.CharField(_("处理意见"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), default=timezone.now)

    class Meta:
        verbose_name = _("处理意见")
        verbose_name_plural = _("处理意见")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}：{self.reason[:30]}"
