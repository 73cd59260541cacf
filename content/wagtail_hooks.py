"""Editors' admin for the clause tree: versions and clauses are browsable; text changes only as a
new version.

A clause's text and heading are read-only in the snippet: 修改条款 (``content.admin_views``)
writes a new version with a change note instead, and 恢复此版本 restores an earlier one as a new
version. A version's history fields (current or not, change note, author, base) are read-only.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import StatusFlagColumn
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from content import admin_views
from content.models import Clause, Version, Work
from content.revisions import can_revise
from content.signals import work_changed


class VersionViewSet(SnippetViewSet):
    model = Version
    icon = "history"
    menu_label = _("版本")
    list_display = [
        "__str__",
        "stage",
        "number",
        # a badge on the current version (Wagtail's plain column prints True/False)
        StatusFlagColumn("is_current", label=_("当前版本"), true_label=_("当前"), sort_key="is_current"),
        "change_note",
        "created_by",
        "created_at",
    ]
    list_filter = ["stage", "is_current"]
    search_fields = ["label", "source_name", "change_note"]
    panels = [
        FieldPanel("stage"),
        FieldPanel("label"),
        FieldPanel("date"),
        FieldPanel("is_current", read_only=True),
        FieldPanel("change_note", read_only=True),
        FieldPanel("created_by", read_only=True),
        FieldPanel("based_on", read_only=True),
        HelpPanel(_("要让读者看到另一版本的文字，请在文件的版本页使用「恢复此版本」：它生成一个新版本，不改动历史。")),
    ]


class ClauseEditView(EditView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_revise(self.request.user):
            buttons.append(
                HeaderButton(_("修改条款"), url=reverse("content_clause_revise", args=[self.object.pk]), icon_name="edit")
            )
        return buttons


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "list-ul"
    menu_label = _("条款")
    edit_view_class = ClauseEditView
    list_display = ["__str__", "version", "path", "kind"]
    list_filter = ["kind"]
    search_fields = ["label", "heading", "path"]
    panels = [
        HelpPanel(_("条款的标题和正文不能在此直接修改：请点击页首的「修改条款」，填写修改说明后保存为新版本。")),
        FieldPanel("label", read_only=True),
        FieldPanel("heading", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("note"),
    ]


class ClauseTreeGroup(SnippetViewSetGroup):
    menu_label = _("条款树")
    menu_icon = "doc-full"
    menu_order = 210
    items = (VersionViewSet, ClauseViewSet)


register_snippet(ClauseTreeGroup)


@hooks.register("register_admin_urls")
def revision_urls():
    return [
        path("content/clauses/<int:pk>/revise/", admin_views.revise_clause_view, name="content_clause_revise"),
        path("content/versions/<int:pk>/restore/", admin_views.restore_version_view, name="content_version_restore"),
    ]


@hooks.register("register_snippet_listing_buttons")
def clause_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Clause) and can_revise(user):
        yield ListingButton(_("修改条款"), url=reverse("content_clause_revise", args=[snippet.pk]), icon_name="edit", priority=5)
    elif isinstance(snippet, Version) and not snippet.is_current and can_revise(user):
        yield ListingButton(_("恢复此版本"), url=reverse("content_version_restore", args=[snippet.pk]), icon_name="history", priority=5)


@hooks.register("after_edit_snippet")
def work_edited(request, instance):
    """An editor's change to a work's metadata or status reaches the graph and the index."""
    if isinstance(instance, Work):
        work_changed.send(sender=Work, work=instance)
