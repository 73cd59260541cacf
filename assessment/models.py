"""Self-assessment models — 自评估.

The framework (what is asked: a versioned ``ChecklistTemplate`` of ``ChecklistItem`` rows built
from obligations and indicators) is kept apart from the assessment (what a county answered: an
``Assessment`` per county × period with one ``Response`` per item), as in CISO Assistant.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from assessment.scoring import needs_judgement, rule_parts
from content.models import Clause, Dimension, Indicator
from knowledge.models import Obligation


@register_snippet
class Region(models.Model):
    """Province → city → county tree that assessments belong to — 行政区划."""

    class RegionLevel(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级地区")
    )

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("level"), FieldPanel("parent")]

    class Meta:
        db_table = "content_region"  # created by content's first migration; moved here with its rows
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Role(models.TextChoices):
    ASSESSOR = "assessor", _("县级填报员")
    REVIEWER = "reviewer", _("市级审核员")
    ADMIN = "admin", _("省级管理员")


class Membership(models.Model):
    """A user's role in a region — 角色与范围 (county assessor, city reviewer, province admin)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_memberships", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("地区"))

    class Meta:
        verbose_name = _("自评估角色")
        verbose_name_plural = _("自评估角色")
        unique_together = [("user", "role", "region")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户"))
    name = models.CharField(_("名称"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("密钥摘要"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, key_hash=cls.hash(key))
        return key


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ChecklistTemplateQuerySet(models.QuerySet):
    def published(self):
        """Versions counties may see and fill in — 已发布版本."""
        return self.filter(status=TemplateStatus.PUBLISHED)

    def active(self):
        """The published version new assessments start on (one per key)."""
        return self.published().filter(is_active=True)


class ChecklistTemplate(models.Model):
    """A versioned checklist — 自评估模板. An assessment keeps the version it was started on.

    A template is an edited artefact: the builder proposes a draft, a province administrator
    edits and publishes it; counties only ever see published versions.
    """

    key = models.SlugField(_("标识"), max_length=80)
    version = models.PositiveIntegerField(_("版本"), default=1)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("发布状态"), max_length=12, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    is_active = models.BooleanField(_("当前启用"), default=False)
    dimension_weights = models.JSONField(_("维度权重"), default=dict, blank=True)
    source_works = models.JSONField(_("来源文件"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("自评估模板")
        verbose_name_plural = _("自评估模板")
        unique_together = [("key", "version")]
        ordering = ["key", "-version"]
        constraints = [
            # A draft is never the version counties start on.
            models.CheckConstraint(
                condition=~models.Q(is_active=True) | models.Q(status="published"), name="active_template_is_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def dimension_weight(self, dimension: str) -> float:
        return float(self.dimension_weights.get(dimension, 1))

    @property
    def is_published(self) -> bool:
        return self.status == TemplateStatus.PUBLISHED


class ResponseType(models.TextChoices):
    CHOICE = "choice", _("是/部分/否/不适用")
    NUMBER = "number", _("数值")
    PERCENTAGE = "percentage", _("百分比")
    DATE = "date", _("日期")
    TEXT = "text", _("文本")


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class AppliesTo(models.TextChoices):
    """The county-level actor an item asks about — 适用层级."""

    COUNTY = "county", _("县级党委政府及部门")
    COMMUNITY = "community", _("医共体及牵头医院")
    MEMBER = "member", _("医共体成员单位")


class ChecklistItem(models.Model):
    """One question of a template — 检查项, traced to the clauses it comes from."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("模板"))
    code = models.CharField(_("编号"), max_length=20)
    dimension = models.CharField(_("评价维度"), max_length=20, choices=Dimension.choices)
    title = models.TextField(_("检查内容"))
    response_type = models.CharField(
        _("作答类型"), max_length=20, choices=ResponseType.choices, default=ResponseType.CHOICE
    )
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    comparator = models.CharField(_("判定比较"), max_length=2, blank=True)
    threshold = models.DecimalField(_("判定阈值"), max_digits=14, decimal_places=4, null=True, blank=True)
    deadline = models.DateField(_("期限"), null=True, blank=True)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    required = models.BooleanField(_("必答"), default=True)
    applies_to = models.CharField(_("适用层级"), max_length=12, choices=AppliesTo.choices, blank=True)
    duty_bearer = models.CharField(_("责任主体"), max_length=300, blank=True)
    proposal_reason = models.TextField(_("纳入理由"), blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    obligation = models.ForeignKey(
        Obligation, on_delete=models.SET_NULL, null=True, blank=True, related_name="checklist_items", verbose_name=_("义务")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="checklist_items", verbose_name=_("指标")
    )
    clauses = models.ManyToManyField(Clause, blank=True, related_name="checklist_items", verbose_name=_("来源条款"))
    # The clause citations and texts as they were when the template was built, so an item still
    # shows where it comes from after a re-import.
    sources = models.JSONField(_("来源条款"), default=list, blank=True)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "position"]
        unique_together = [("template", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:40]}"

    @property
    def rule_text(self) -> str:
        return rule_parts(self.response_type, self.comparator, self.threshold, self.unit, self.deadline, self.direction)

    @property
    def needs_judgement(self) -> bool:
        """No rule the answer can be checked against: the reviewer judges it (达标/部分达标/未达标)."""
        return needs_judgement(self.response_type, self.comparator, self.threshold, self.deadline, self.direction)


class Status(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审定")


class Assessment(models.Model):
    """One county's self-assessment for one period — 自评估."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("模板"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("地区"))
    period = models.CharField(_("周期"), max_length=10)
    period_type = models.CharField(_("周期类型"), max_length=12)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本号"), default=1)
    # Cached totals, recomputed inside every save's transaction (dashboards read these).
    score = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=10, blank=True)
    dimension_scores = models.JSONField(_("维度得分"), default=dict, blank=True)
    answered = models.PositiveIntegerField(_("已作答"), default=0)
    total_items = models.PositiveIntegerField(_("检查项数"), default=0)
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("自评估")
        verbose_name_plural = _("自评估")
        unique_together = [("region", "period")]
        ordering = ["-period", "region__code"]

    def __str__(self) -> str:
        return f"{self.region.name} {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in {Status.DRAFT, Status.RETURNED}

    def get_absolute_url(self) -> str:
        return f"/assessments/{self.pk}/"


class Choice(models.TextChoices):
    YES = "yes", _("是")
    PARTLY = "partly", _("部分")
    NO = "no", _("否")
    NA = "na", _("不适用")


class Judgement(models.TextChoices):
    """A reviewer's verdict on an item without a rule — 审核评定."""

    MET = "met", _("达标")
    PARTLY = "partly", _("部分达标")
    NOT_MET = "not_met", _("未达标")


class Response(models.Model):
    """A county's answer to one item — 作答. ``version`` guards against lost updates."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses", verbose_name=_("评估"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="responses", verbose_name=_("检查项"))
    choice = models.CharField(_("结论"), max_length=10, choices=Choice.choices, blank=True)
    number = models.DecimalField(_("数值"), max_digits=14, decimal_places=4, null=True, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    text = models.TextField(_("文本"), blank=True)
    note = models.TextField(_("说明"), blank=True)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    review_comment = models.TextField(_("审核意见"), blank=True)
    judgement = models.CharField(_("审核评定"), max_length=10, choices=Judgement.choices, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("判定人")
    )
    judged_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本号"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("更新人")
    )
    updated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("更新时间"))

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        unique_together = [("assessment", "item")]
        ordering = ["assessment", "item__position"]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item.code}"


ORIGINAL_NAME_MAX = 1000
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}$")


def evidence_path(instance: Evidence, filename: str) -> str:
    """A short generated name (random + the file's type); the uploaded name may be longer than
    the file system allows or hold any character, so it lives only in ``original_name``."""
    suffix = _SAFE_SUFFIX.search(filename.lower())
    return f"evidence/{instance.response.assessment_id}/{secrets.token_hex(16)}{suffix.group(0) if suffix else ''}"


def original_name(name: str) -> str:
    """The name as uploaded, without control characters, at most ORIGINAL_NAME_MAX characters."""
    clean = "".join(ch for ch in (name or "") if ch.isprintable())
    return clean[:ORIGINAL_NAME_MAX]


class Evidence(models.Model):
    """A file or note supporting an answer — 佐证材料. Carried to a new period by reference."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("作答"))
    file = models.FileField(_("文件"), upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=ORIGINAL_NAME_MAX, blank=True)
    kind = models.CharField(_("文件类型"), max_length=10, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    note = models.TextField(_("说明"), blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("沿用自")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("上传时间"))

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name or self.note[:40]


class AuditEntry(models.Model):
    """Who changed what, when, old → new — 操作日志."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="audit", verbose_name=_("评估"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("检查项"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("用户"))
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("时间"))
    action = models.CharField(_("操作"), max_length=30)
    old = models.JSONField(_("原值"), null=True, blank=True)
    new = models.JSONField(_("新值"), null=True, blank=True)

    ACTION_LABELS = {
        "create": _("创建"), "answer": _("修改作答"), "import": _("Excel 导入"), "evidence": _("上传佐证材料"),
        "submit": _("提交审核"), "return": _("退回修改"), "approve": _("审定通过"), "reopen": _("重新开放"),
        "judge": _("审核评定"),
    }

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))

    @property
    def old_text(self) -> str:
        return describe_change(self.old)

    @property
    def new_text(self) -> str:
        return describe_change(self.new)


FIELD_LABELS = {
    "choice": _("结论"), "number": _("数值"), "date": _("日期"), "text": _("文字"), "note": _("说明"),
    "status": _("状态"), "comment": _("意见"), "period": _("周期"), "template": _("模板"),
    "carried_from": _("沿用自"), "file": _("文件"), "item_comments": _("逐项意见"), "judgement": _("审核评定"),
}


def describe_change(values: dict | None) -> str:
    """An audit value as readable text: 结论：是；说明：已落实 (empty fields left out)."""
    if not values:
        return ""
    parts = []
    for key, value in values.items():
        if value in (None, "", {}, []):
            continue
        if key == "choice":
            value = Choice(value).label if value in Choice.values else value
        elif key == "status":
            value = Status(value).label if value in Status.values else value
        elif key == "judgement":
            value = Judgement(value).label if value in Judgement.values else value
        elif key == "item_comments":
            value = _("%(n)d 项") % {"n": len(value)}
        parts.append(f"{FIELD_LABELS.get(key, key)}：{value}")
    return "；".join(str(p) for p in parts) or "—"
