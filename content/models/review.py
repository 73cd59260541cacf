"""The editorial review of machine-read facts: one abstract base for every extracted row.

Citations and obligations (knowledge), terms and their definitions (here) are read from the
text by extractors. Each row carries a review state, the extractor's confidence (0–1; empty for
a row a person added) and who decided on it and when. Readers, projections and checklist
candidates see ``published()`` rows only: not rejected, and either decided by a person or
extracted with a confidence of at least ``settings.PORTAL_REVIEW_MIN_CONFIDENCE``. Extracted rows
below it wait in the review queue (knowledge's admin) instead of being shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_MIN_CONFIDENCE = 0.6


class ReviewStatus(models.TextChoices):
    """Review state shared by every extracted row an editor can correct."""

    EXTRACTED = "extracted", _("自动抽取")
    CONFIRMED = "confirmed", _("已确认")
    EDITED = "edited", _("已修改")
    ADDED = "added", _("人工添加")
    REJECTED = "rejected", _("已驳回")


# A person decided on these rows (a re-import keeps them; readers see them without a mark).
REVIEWED = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED, ReviewStatus.ADDED)


def min_confidence() -> float:
    """The confidence an unreviewed row needs to be shown (``PORTAL_REVIEW_MIN_CONFIDENCE``)."""
    return float(getattr(settings, "PORTAL_REVIEW_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE))


def published_q(prefix: str = "") -> Q:
    """The ``published()`` rule as a ``Q`` (``prefix`` reaches the rows through a relation)."""
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}review_status__in": REVIEWED}) | Q(
        **{f"{p}review_status": ReviewStatus.EXTRACTED, f"{p}confidence__gte": min_confidence()}
    )


class ReviewedQuerySet(models.QuerySet):
    """Rows with a review state (terms here, citations and obligations in knowledge)."""

    def visible(self) -> ReviewedQuerySet:
        """Everything an editor has not rejected (the admin, re-import bookkeeping)."""
        return self.exclude(review_status=ReviewStatus.REJECTED)

    def published(self) -> ReviewedQuerySet:
        """What readers, projections and checklists use: reviewed, or extracted with enough confidence."""
        return self.filter(published_q())

    def awaiting_review(self) -> ReviewedQuerySet:
        """Extracted rows no person has decided on yet (shown or not)."""
        return self.filter(review_status=ReviewStatus.EXTRACTED)

    def low_confidence(self) -> ReviewedQuerySet:
        """Extracted rows held back from readers until reviewed."""
        return self.filter(review_status=ReviewStatus.EXTRACTED).filter(
            Q(confidence__lt=min_confidence()) | Q(confidence__isnull=True)
        )


class ReviewedFact(models.Model):
    """A machine-read fact an editor can confirm, correct, add or reject."""

    review_status = models.CharField(
        _("审核状态"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.EXTRACTED
    )
    confidence = models.FloatField(
        _("置信度"), null=True, blank=True, help_text=_("自动抽取的置信度（0–1）；人工添加的为空")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_reviewed(self) -> bool:
        return self.review_status in REVIEWED

    @property
    def awaiting_review(self) -> bool:
        """Shown to readers with the mark 自动识别，待审核."""
        return self.review_status == ReviewStatus.EXTRACTED

    @property
    def is_published(self) -> bool:
        if self.review_status in REVIEWED:
            return True
        return (
            self.review_status == ReviewStatus.EXTRACTED
            and self.confidence is not None
            and self.confidence >= min_confidence()
        )

    def mark_reviewed(self, status: str, user=None) -> None:
        """Record a person's decision (not saved)."""
        self.review_status = status
        self.reviewed_by = user if user is not None and user.is_authenticated else None
        self.reviewed_at = timezone.now()
