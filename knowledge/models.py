"""Extracted facts stored as rows an editor can correct: citations and obligations.

Every row keeps its provenance: the clause and the character span it came from. A re-import
keeps rows whose review status is confirmed, edited, added or rejected. The review state, the
extractor's confidence and who reviewed a row come from ``content.models.ReviewedFact``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from content.models import Clause, ReviewedFact, ReviewedQuerySet, Work
from knowledge.extract import wording


class ExtractedQuerySet(ReviewedQuerySet):
    """Citations and obligations: rows extracted from a clause."""

    def in_current_versions(self) -> ExtractedQuerySet:
        """Rows of the clauses of the works' current versions (what readers see today)."""
        return self.filter(clause__version__is_current=True)


class Citation(ReviewedFact):
    """A span of a clause that refers to a work (and maybe to a clause of it) — 引用."""

    class Relation(models.TextChoices):
        CITES = "cites", _("引用")
        BASED_ON = "based_on", _("依据（根据…制定）")
        IMPLEMENTS = "implements", _("贯彻落实")
        ISSUES = "issues", _("印发")
        FORWARDS = "forwards", _("转发")
        NORMATIVE_REFERENCE = "normative_reference", _("规范性引用")

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="citations", verbose_name=_("引用所在条款"))
    span_start = models.PositiveIntegerField(_("起始位置"))
    span_end = models.PositiveIntegerField(_("结束位置"))
    raw_text = models.CharField(_("原文"), max_length=500)
    title = models.CharField(_("被引标题"), max_length=500, blank=True)
    doc_number = models.CharField(_("被引文号"), max_length=120, blank=True)
    standard_code = models.CharField(_("被引标准编号"), max_length=120, blank=True)
    target_clause_label = models.CharField(_("被引条款"), max_length=60, blank=True)
    relation = models.CharField(_("关系"), max_length=30, choices=Relation.choices, default=Relation.CITES)
    work = models.ForeignKey(
        Work, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by", verbose_name=_("被引文件")
    )
    target_clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by", verbose_name=_("被引条款")
    )
    objects = ExtractedQuerySet.as_manager()

    class Meta:
        verbose_name = _("引用")
        verbose_name_plural = _("引用")
        ordering = ["clause", "span_start"]

    def __str__(self) -> str:
        return self.raw_text


class Obligation(ReviewedFact):
    """A span of a clause that imposes something — 义务/要求."""

    class Modality(models.TextChoices):
        MUST = "must", _("应当/必须")
        MUST_NOT = "must_not", _("不得/禁止")
        SHOULD = "should", _("宜")
        MAY = "may", _("可以")
        ENCOURAGED = "encouraged", _("鼓励/支持")
        TARGET = "target", _("目标")

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("所在条款"))
    span_start = models.PositiveIntegerField(_("起始位置"))
    span_end = models.PositiveIntegerField(_("结束位置"))
    text = models.TextField(_("原文"))
    modality = models.CharField(_("情态"), max_length=20, choices=Modality.choices)
    modal_word = models.CharField(_("情态词"), max_length=20, blank=True)
    duty_bearer = models.CharField(_("义务主体"), max_length=300, blank=True)
    duty_bearer_inherited = models.BooleanField(_("主体来自上级标题"), default=False)
    action = models.TextField(_("行为"), blank=True)
    quantity_comparator = models.CharField(
        _("数量比较"), max_length=8, blank=True, help_text=_(">=, <=, >, <, =, ≈（左右）, range（区间）")
    )
    quantity_value = models.DecimalField(
        _("数量"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    quantity_max = models.DecimalField(
        _("数量上限"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("区间（如 二倍以上五倍以下）的上限；下限在“数量”"),
    )
    quantity_unit = models.CharField(_("单位"), max_length=30, blank=True)
    frequency = models.CharField(_("频次（ISO 8601 时长）"), max_length=20, blank=True)
    deadline = models.DateField(_("期限"), null=True, blank=True)
    deadline_text = models.CharField(
        _("相对期限"), max_length=120, blank=True,
        help_text=_("如原文所印：自受理之日起15个工作日内"),
    )
    condition = models.CharField(_("条件"), max_length=300, blank=True)
    objects = ExtractedQuerySet.as_manager()

    class Meta:
        verbose_name = _("义务")
        verbose_name_plural = _("义务")
        ordering = ["clause", "span_start"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_quantified(self) -> bool:
        return self.quantity_value is not None or self.deadline is not None

    # Values in words for readers (不少于3名, 每6个月, 2025年12月31日前), see knowledge/extract/wording.py.
    @property
    def quantity_words(self) -> str:
        return wording.quantity_words(
            self.quantity_comparator, self.quantity_value, self.quantity_unit, self.quantity_max
        )

    @property
    def frequency_words(self) -> str:
        return wording.frequency_words(self.frequency)

    @property
    def deadline_words(self) -> str:
        return wording.deadline_words(self.deadline, self.deadline_text)

class ProjectedGraph(models.Model):
    """What one named graph of the RDF projection was last built from (see ``content.jobs``).

    ``scope`` is the graph's name (a work key, or a shared graph such as ``_glossary``);
    ``stamp`` is ``content.jobs.work_stamp`` of the work when it was projected, emptied when a
    re-projection is asked for, so ``setup_portal`` finds graphs that are stale or missing."""

    scope = models.CharField(max_length=200, unique=True, verbose_name=_("范围"))
    stamp = models.CharField(max_length=100, blank=True, verbose_name=_("数据戳"))
    quads = models.PositiveIntegerField(default=0, verbose_name=_("四元组数"))
    projected_at = models.DateTimeField(auto_now=True, verbose_name=_("投影时间"))

    class Meta:
        verbose_name = _("图谱投影状态")
        verbose_name_plural = _("图谱投影状态")

    def __str__(self) -> str:
        return f"{self.scope} {self.stamp}"
