"""A proxy that lets Wagtail's own search backends index clauses — used to compare peers.

``IndexedClause`` adds ``search_fields`` to ``content.Clause`` without a table of its own, so the
benchmark and the relevance tests can ask Wagtail's database backend the same questions as our
engine. Nothing indexes it automatically: saving a ``Clause`` does not use the proxy and
``update_index`` skips it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from content.models import Clause


class IndexedClause(index.Indexed, Clause):
    search_fields = [
        index.SearchField("heading", boost=2),
        index.SearchField("text"),
        index.SearchField("label"),
        index.FilterField("version_id"),
    ]

    class Meta:
        proxy = True
        verbose_name = _("条款（检索对照）")
        verbose_name_plural = _("条款（检索对照）")

    @classmethod
    def get_indexed_objects(cls):
        # Not part of ``update_index``: clauses are searched through search.engines; the peer
        # comparison indexes ``peer_objects()`` explicitly.
        return cls.objects.none()

    @classmethod
    def peer_objects(cls):
        """The clauses our engine indexes: those of current versions."""
        return cls.objects.filter(version__is_current=True)


class IndexedScope(models.Model):
    """What one scope of the search index was last built from (see ``content.jobs``).

    ``scope`` is ``work:<key>`` or ``type:<name>``; ``stamp`` is ``content.jobs.work_stamp`` of
    the work when it was indexed, emptied when a re-index is asked for, so ``setup_portal``
    finds scopes that are stale or missing."""

    scope = models.CharField(max_length=200, unique=True, verbose_name=_("范围"))
    stamp = models.CharField(max_length=100, blank=True, verbose_name=_("数据戳"))
    units = models.PositiveIntegerField(default=0, verbose_name=_("单元数"))
    indexed_at = models.DateTimeField(auto_now=True, verbose_name=_("索引时间"))

    class Meta:
        verbose_name = _("检索索引状态")
        verbose_name_plural = _("检索索引状态")

    def __str__(self) -> str:
        return f"{self.scope} {self.stamp}"


LABEL_SEPARATORS = r"[\n,，、;；|]+"


def split_labels(raw: str) -> list[str]:
    """Labels as an editor types them: one a line, or separated by 、 ， ; ."""
    import re

    return list(dict.fromkeys(p.strip() for p in re.split(LABEL_SEPARATORS, raw or "") if p.strip()))


class SynonymGroup(models.Model):
    """A group of words that mean the same thing in search (SKOS alternative labels of one
    concept), kept by editors beside the curated list in ``search/data/synonyms.toml``."""

    labels = models.TextField(
        _("同义词"),
        help_text=_("每行一个词，或用顿号、逗号分隔；检索其中任何一个词，也会找到其他词。至少两个词。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词组")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " = ".join(self.label_list())

    def label_list(self) -> list[str]:
        return split_labels(self.labels)

    def clean(self):
        from django.core.exceptions import ValidationError

        labels = self.label_list()
        if len(labels) < 2:
            raise ValidationError({"labels": _("同义词组至少要有两个不同的词。")})
        if any(len(label) > 50 for label in labels):
            raise ValidationError({"labels": _("每个词不超过 50 个字符。")})
        self.labels = "\n".join(labels)
