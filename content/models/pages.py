"""The Wagtail pages of the content app: the library and one page per document.

Only the entry points are pages; the clause tree inside a document is plain Django models
(``content.models.django``). Route methods hand the page to ``content.page_views``, which never
imports this module, so pages → page_views → data models is one direction only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from content import page_views
from content.models.django import Version, Work


class DocumentIndexPage(Page):
    """The document library (文件库)."""

    intro = RichTextField(_("简介"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.DocumentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("文件库")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = DocumentPage.objects.live().child_of(self)
        context.update(page_views.library_context(request, documents))
        return context


class DocumentPage(RoutablePageMixin, Page):
    """The published text of a work, with routes for clause permalinks and versions."""

    work = models.OneToOneField(Work, on_delete=models.PROTECT, related_name="document_page", verbose_name=_("文件"))
    summary = models.TextField(_("摘要"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("work"), FieldPanel("summary")]
    parent_page_types = ["content.DocumentIndexPage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("文件页")
        verbose_name_plural = _("文件页")

    @property
    def current_version(self) -> Version | None:
        return self.work.versions.current().first()

    @path("")
    def document_view(self, request):
        return page_views.document_view(request, self)

    @path("versions/")
    def versions_view(self, request):
        return page_views.versions_view(request, self)

    @re_path(r"^(?P<clause_path>[A-Za-z0-9][A-Za-z0-9.\-]*)/$")
    def clause_view(self, request, clause_path):
        return page_views.clause_view(request, self, clause_path)
