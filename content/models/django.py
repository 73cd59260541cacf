"""Content data models: works, versions, clause trees, terms and reference data.

The database is the only source of truth; the RDF graph and the search index are projections.
The tree inside a document is plain Django models, as in CFPB regulations3k; the Wagtail pages
that publish it are in ``content.models.pages`` and nothing here imports them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content.models.review import ReviewedFact, ReviewedQuerySet, ReviewStatus
from content.parse.titles import book_title


class WorkKind(models.TextChoices):
    LAW = "law", _("法律")
    REGULATION = "regulation", _("规章/办法")
    STANDARD = "standard", _("标准")
    EXPLANATION = "explanation", _("编制说明")
    OPINION = "opinion", _("意见")
    PLAN = "plan", _("方案")
    NOTICE = "notice", _("通知")
    GUIDE = "guide", _("指南")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    UNKNOWN = "unknown", _("未知")


class Stage(models.TextChoices):
    """Drafting stage of a version (征求意见稿 is not 发布稿)."""

    CONSULTATION = "consultation", _("征求意见稿")
    SUBMITTED = "submitted", _("送审稿")
    APPROVAL = "approval", _("报批稿")
    PUBLISHED = "published", _("发布稿")
    TEMPLATE = "template", _("模板")


class WorkStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    IN_FORCE = "in_force", _("现行有效")
    SUPERSEDED = "superseded", _("已被替代")
    REPEALED = "repealed", _("已废止")
    UNKNOWN = "unknown", _("状态未知")


class WorkQuerySet(models.QuerySet):
    def with_text(self) -> WorkQuerySet:
        """Works whose text is in the portal (not only known because something cites them)."""
        return self.filter(has_text=True)

    def readable(self) -> WorkQuerySet:
        """Works with a current version to read: their text, or an outline of it taken from an
        explanatory note (a standard before its text is imported)."""
        return self.filter(versions__is_current=True).distinct()

    def cited_only(self) -> WorkQuerySet:
        """Works known only because something cites them: no version at all."""
        return self.exclude(versions__isnull=False)


# Metadata an import detects and an editor reviews: the name ``metadata_review`` lists → Work field.
METADATA_FIELDS: dict[str, str] = {
    "title": "title",
    "doc_number": "doc_number",
    "issued": "date_issued",
    "effective": "date_effective",
    "issuers": "issuers",
    "level": "level",
    "kind": "kind",
}


@register_snippet
class Work(index.Indexed, models.Model):
    """The identity of a document (ELI LegalResource) — 作品/文件身份.

    A work may be known only because something cites it (``has_text`` is False); importing its
    text later completes the same row instead of creating a second one.
    """

    key = models.SlugField(_("标识"), max_length=120, unique=True)
    title = models.CharField(_("标题"), max_length=500)
    doc_number = models.CharField(_("发文字号"), max_length=120, blank=True, db_index=True)
    standard_code = models.CharField(_("标准编号"), max_length=120, blank=True, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=WorkKind.choices, default=WorkKind.OTHER)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.UNKNOWN)
    issuers = models.JSONField(_("发布机关"), default=list, blank=True)
    date_issued = models.DateField(_("发布日期"), null=True, blank=True)
    date_effective = models.DateField(_("实施日期"), null=True, blank=True)
    status = models.CharField(
        _("效力状态"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.UNKNOWN
    )
    has_text = models.BooleanField(_("已收录全文"), default=False)
    is_placeholder = models.BooleanField(
        _("占位文号"), default=False, help_text=_("模板中的占位引用，如 X政办〔20XX〕X号")
    )
    notes = models.TextField(_("说明"), blank=True)
    metadata_review = models.JSONField(
        _("待核对的元数据"),
        default=list,
        blank=True,
        help_text=_("导入时依据不足、需要人工核对的字段，如 level"),
    )
    metadata_reviewed = models.JSONField(
        _("已审核的元数据"),
        default=dict,
        blank=True,
        help_text=_("编辑确认或修改过的字段（名称 → 状态、审核人、时间、原识别值）；再次导入时保留其值"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("创建时间"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("更新时间"))

    objects = WorkQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("doc_number"),
        index.FilterField("kind"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("key"),
        MultiFieldPanel(
            [FieldPanel("doc_number"), FieldPanel("standard_code"), FieldPanel("issuers")],
            heading=_("编号与机关"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("level"),
                FieldPanel("status"),
                FieldPanel("date_issued"),
                FieldPanel("date_effective"),
            ],
            heading=_("分类与日期"),
        ),
        FieldPanel("is_placeholder"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        ordering = ["-date_issued", "title"]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    @property
    def identifier(self) -> str:
        return self.doc_number or self.standard_code

    @property
    def citation_title(self) -> str:
        # A title that already holds book-title marks (…》编制说明) is cited as it stands.
        return book_title(self.title)

    @property
    def page(self):
        """The document page publishing this work, or None (the page is the reverse one-to-one)."""
        try:
            return self.document_page
        except ObjectDoesNotExist:
            return None

    def get_absolute_url(self) -> str:
        page = self.page
        return page.url if page else f"/works/{self.key}/"

    def metadata_value(self, name: str):
        return getattr(self, METADATA_FIELDS[name])

    def mark_metadata_reviewed(self, name: str, status: str, user=None, detected=None) -> None:
        """Record an editor's decision on a detected field (not saved): its mark goes, a re-import keeps it.

        ``detected`` is the value the import had read (kept so a re-import of the same text, still
        reading it, finds this work after a corrected 文号).
        """
        from django.utils import timezone

        entry = {
            "status": str(status),
            "by": user.get_username() if user is not None and user.is_authenticated else "",
            "at": timezone.localtime().isoformat(timespec="seconds"),  # the portal's time zone, as shown
        }
        previous = (self.metadata_reviewed or {}).get(name, {})
        if "detected" in previous:
            entry["detected"] = previous["detected"]
        elif detected not in (None, "", []):
            entry["detected"] = detected.isoformat() if hasattr(detected, "isoformat") else detected
        self.metadata_reviewed = {**(self.metadata_reviewed or {}), name: entry}
        self.metadata_review = [n for n in (self.metadata_review or []) if n != name]

    def related(self) -> list[tuple[str, str, Work]]:
        """(kind, direction "out" or "in", other work) for every structural relation of this work."""
        # With each other work's document page, which its link (get_absolute_url) needs.
        outgoing = [(r.kind, "out", r.object) for r in self.relations_out.select_related("object__document_page")]
        incoming = self.relations_in.select_related("subject__document_page")
        return outgoing + [(r.kind, "in", r.subject) for r in incoming]


class WorkAlias(models.Model):
    """Another title (or number) the work is known by — 别名. Aliases are data, not code."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("文件"))
    title = models.CharField(_("别名"), max_length=500)
    normalised = models.CharField(_("规范化标题"), max_length=500, db_index=True)
    source = models.CharField(
        _("来源"), max_length=20, default="extracted", choices=[("extracted", _("抽取")), ("editor", _("编辑添加"))]
    )

    class Meta:
        verbose_name = _("文件别名")
        verbose_name_plural = _("文件别名")
        unique_together = [("work", "normalised")]

    def __str__(self) -> str:
        return self.title


class WorkRelation(models.Model):
    """A structural relation between two works found by the importer (issues, forwards, annex…)."""

    class Kind(models.TextChoices):
        ISSUES = "issues", _("印发")
        FORWARDS = "forwards", _("转发")
        ANNEX = "annex", _("附件")
        EXPLAINS = "explains", _("编制说明")
        BASED_ON = "based_on", _("依据")
        IMPLEMENTS = "implements", _("贯彻落实")
        CITES = "cites", _("引用")
        NORMATIVE_REFERENCE = "normative_reference", _("规范性引用")
        RELATED = "related", _("相关")

    subject = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("主体文件"))
    kind = models.CharField(_("关系"), max_length=30, choices=Kind.choices)
    object = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("客体文件"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("文件关系")
        verbose_name_plural = _("文件关系")
        unique_together = [("subject", "kind", "object")]

    def __str__(self) -> str:
        return f"{self.subject} —{self.get_kind_display()}→ {self.object}"


class VersionQuerySet(models.QuerySet):
    def current(self) -> VersionQuerySet:
        """The version readers see: at most one per work (a conditional unique constraint)."""
        return self.filter(is_current=True)


class Version(models.Model):
    """One version of a work's text (征求意见稿, 送审稿, 报批稿, 发布稿 or a dated revision).

    A version comes from an import (a file: ``source_name``) or from an editor's revision of the
    current one (``content.revisions``: ``based_on`` it, with ``change_note`` and ``created_by``).
    Versions are never edited in place or deleted to change what readers see.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="versions", verbose_name=_("文件"))
    number = models.PositiveIntegerField(_("版本序号"))
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.PUBLISHED)
    label = models.CharField(_("版本名称"), max_length=100, blank=True)
    date = models.DateField(_("版本日期"), null=True, blank=True)
    source_name = models.CharField(_("来源文件"), max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("源文件 SHA-256"))
    original_text = models.TextField(_("原始文本"))
    text = models.TextField(_("规范化文本"))
    is_current = models.BooleanField(_("当前版本"), default=True)
    change_note = models.TextField(_("修改说明"), blank=True, help_text=_("在线修改或恢复时必填，显示在版本页"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("基于版本"),
    )
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("恢复自"),
        help_text=_("「恢复此版本」生成的版本：其条款取自的早期版本"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ["work", "number"]
        unique_together = [("work", "number")]
        constraints = [
            models.UniqueConstraint(
                fields=["work"], condition=models.Q(is_current=True), name="content_one_current_version_per_work"
            )
        ]

    def __str__(self) -> str:
        return f"{self.work.title} · {self.display_label}"

    @property
    def display_label(self) -> str:
        return self.label or f"{self.get_stage_display()} v{self.number}"


class ClauseKind(models.TextChoices):
    PREAMBLE = "preamble", _("前言/导语")
    PART = "part", _("编")
    CHAPTER = "chapter", _("章")
    SECTION = "section", _("节")
    ARTICLE = "article", _("条")
    PARAGRAPH = "paragraph", _("款")
    ITEM = "item", _("项")
    HEADING = "heading", _("标题层级")
    BOX = "box", _("专栏")
    CLAUSE = "clause", _("标准条款")
    ANNEX = "annex", _("附录/附件")
    TABLE = "table", _("表格")
    CLOSING = "closing", _("落款")


class ClauseQuerySet(models.QuerySet):
    def in_current_versions(self) -> ClauseQuerySet:
        """Clauses of the works' current versions (what readers see today)."""
        return self.filter(version__is_current=True)


class Clause(models.Model):
    """A node of a version's clause tree — 条款.

    ``label`` is as printed (第十四条, （七）, 5.2.1, 专栏一); ``path`` is normalised and used in
    URLs (art14, s2-1, 5.2.1, box1). ``text`` is the clause's own text, without its children.
    """

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("版本"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("上级条款")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ClauseKind.choices)
    label = models.CharField(_("编号"), max_length=60, blank=True)
    path = models.CharField(_("路径"), max_length=200)
    heading = models.CharField(_("标题"), max_length=500, blank=True)
    text = models.TextField(_("正文"), blank=True)
    position = models.PositiveIntegerField(_("顺序"))
    depth = models.PositiveSmallIntegerField(_("层级"), default=0)
    table = models.JSONField(_("表格数据"), null=True, blank=True)
    note = models.CharField(
        _("来源说明"), max_length=300, blank=True, help_text=_("派生条款的出处，如：据编制说明 2.4 整理")
    )

    objects = ClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("条款")
        verbose_name_plural = _("条款")
        ordering = ["version", "position"]
        unique_together = [("version", "path")]
        indexes = [models.Index(fields=["version", "parent", "position"])]

    def __str__(self) -> str:
        return f"{self.label or self.path} {self.heading}".strip()

    @property
    def work(self) -> Work:
        return self.version.work

    @property
    def display_label(self) -> str:
        return self.label or self.heading or self.path

    def citation(self) -> str:
        """A copyable citation such as 《医疗联合体管理办法（试行）》第十四条."""
        if self.kind in {ClauseKind.ARTICLE, ClauseKind.CHAPTER, ClauseKind.CLAUSE, ClauseKind.ANNEX}:
            label = self.label  # 第十四条, 5.2.1 and 附录A are unique within their document
        else:
            label = self.path_label()
        return f"{self.version.work.citation_title}{label}"

    def path_label(self) -> str:
        labels = []
        node: Clause | None = self
        while node is not None:
            if node.label:
                labels.append(node.label.rstrip("、."))
            node = node.parent
        return "".join(reversed(labels)) or self.heading

    def get_absolute_url(self) -> str:
        return f"{self.version.work.get_absolute_url().rstrip('/')}/{self.path}/"


@register_snippet
class Term(index.Indexed, ReviewedFact):
    """A SKOS concept of the glossary — 术语."""

    pref_label = models.CharField(_("术语"), max_length=200, unique=True)
    alt_labels = models.JSONField(_("同义词/简称"), default=list, blank=True)
    definition = models.TextField(_("定义"), blank=True)
    source_clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="terms_defined", verbose_name=_("出处条款")
    )
    span_start = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("起始位置"))
    span_end = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("结束位置"))
    review_status = models.CharField(
        _("审核状态"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ADDED
    )

    objects = ReviewedQuerySet.as_manager()

    panels = [
        FieldPanel("pref_label"),
        FieldPanel("alt_labels"),
        FieldPanel("definition"),
        FieldPanel("review_status"),
    ]
    search_fields = [index.SearchField("pref_label"), index.SearchField("definition")]

    class Meta:
        verbose_name = _("术语")
        verbose_name_plural = _("术语")
        ordering = ["pref_label"]

    def __str__(self) -> str:
        return self.pref_label

    @property
    def labels(self) -> list[str]:
        return [self.pref_label, *[a for a in self.alt_labels if a]]

    def all_definitions(self) -> list[TermDefinition]:
        """Every definition of this label with its source, one per defining clause.

        ``definition`` / ``source_clause`` on the term stay the first one (what older code reads);
        a second document defining the same label adds a ``TermDefinition`` instead of overwriting.
        """
        stored = list(self.definitions.all())
        if stored:  # those waiting for review (or rejected) are not shown
            return [d for d in stored if d.is_published]
        if self.definition or self.source_clause_id:
            return [
                TermDefinition(
                    term=self,
                    definition=self.definition,
                    source_clause=self.source_clause,
                    review_status=self.review_status,
                    confidence=self.confidence,
                )
            ]
        return []


class TermDefinition(ReviewedFact):
    """One definition of a term as one document gives it — 术语定义（含出处）.

    One label defined by two documents keeps both definitions, each with its source clause.
    """

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("术语"))
    definition = models.TextField(_("定义"), blank=True)
    source_clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="term_definitions", verbose_name=_("出处条款")
    )
    span_start = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("起始位置"))
    span_end = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("结束位置"))
    review_status = models.CharField(
        _("审核状态"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ADDED
    )

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        verbose_name = _("术语定义")
        verbose_name_plural = _("术语定义")
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "source_clause"], name="one_definition_per_term_and_clause")
        ]

    def __str__(self) -> str:
        return f"{self.term.pref_label}: {self.definition[:40]}"


@register_snippet
class Organisation(models.Model):
    """An organisation or role (W3C ORG) — 组织机构; nodes of the 附录A diagram."""

    class Group(models.TextChoices):
        GOVERNANCE = "governance", _("推进机制")
        GOVERNANCE_MEMBER = "governance_member", _("推进机制成员部门")
        ADMINISTRATION = "administration", _("卫生健康行政部门")
        LEAD = "lead", _("牵头医院")
        MEMBER = "member", _("成员单位")
        MANAGEMENT_CENTRE = "management_centre", _("统一管理中心")
        SHARED_CENTRE = "shared_centre", _("资源共享中心")
        CLINICAL_CENTRE = "clinical_centre", _("临床服务中心")
        ISSUER = "issuer", _("发文机关")
        OTHER = "other", _("其他")

    key = models.SlugField(_("标识"), max_length=120, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    group = models.CharField(_("分组"), max_length=30, choices=Group.choices, default=Group.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="units", verbose_name=_("上级机构")
    )
    description = models.TextField(_("说明"), blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    source_clauses = models.ManyToManyField(Clause, blank=True, related_name="organisations", verbose_name=_("出处条款"))

    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("group"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("position"),
    ]

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Dimension(models.TextChoices):
    """The five evaluation dimensions of the standard's 附录B."""

    MANAGEMENT = "management", _("紧密型管理成效")
    CAPABILITY = "capability", _("同质化服务能力提升")
    ORDERLY_CARE = "orderly_care", _("有序就医与分工协作")
    OPERATIONS = "operations", _("运营与基金使用效能")
    HEALTH = "health", _("健康保障与群众满意度")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    HALF_YEARLY = "half_yearly", _("半年")
    ANNUAL = "annual", _("年度")


@register_snippet
class Indicator(models.Model):
    """A measure of the monitoring and evaluation system (附录B) — 监测评价指标."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")
        TARGET = "target", _("达到目标值")

    key = models.SlugField(_("标识"), max_length=120, unique=True)
    name = models.CharField(_("指标名称"), max_length=200)
    dimension = models.CharField(_("评价维度"), max_length=20, choices=Dimension.choices)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.CharField(_("目标值"), max_length=100, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    frequency = models.CharField(
        _("监测周期"), max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    description = models.TextField(_("说明"), blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    source_clauses = models.ManyToManyField(Clause, blank=True, related_name="indicators", verbose_name=_("出处条款"))

    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("dimension"),
        FieldPanel("unit"),
        FieldPanel("direction"),
        FieldPanel("target"),
        FieldPanel("weight"),
        FieldPanel("frequency"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("监测评价指标")
        verbose_name_plural = _("监测评价指标")
        ordering = ["dimension", "position", "name"]

    def __str__(self) -> str:
        return self.name
