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

    scope = models.CharField(max_length=200, unique=True)
    stamp = models.CharField(max_length=100, blank=True)
    units = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检索索引状态")
        verbose_name_plural = _("检索索引状态")

    def __str__(self) -> str:
        return f"{self.scope} {self.stamp}"
