"""Editors' admin for the clause tree: versions and clauses are browsable and correctable."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import Clause, Version, Work
from content.signals import work_changed


class VersionViewSet(SnippetViewSet):
    model = Version
    icon = "history"
    menu_label = _("版本")
    list_display = ["__str__", "stage", "number", "is_current", "created_at"]
    list_filter = ["stage", "is_current"]
    search_fields = ["label", "source_name"]
    form_fields = ["stage", "label", "date", "is_current"]


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "list-ul"
    menu_label = _("条款")
    list_display = ["__str__", "version", "path", "kind"]
    list_filter = ["kind"]
    search_fields = ["label", "heading", "path"]
    form_fields = ["label", "heading", "text", "note"]


class ClauseTreeGroup(SnippetViewSetGroup):
    menu_label = _("条款树")
    menu_icon = "doc-full"
    menu_order = 210
    items = (VersionViewSet, ClauseViewSet)


register_snippet(ClauseTreeGroup)


@hooks.register("after_edit_snippet")
def work_edited(request, instance):
    """An editor's change to a work's metadata or status reaches the graph and the index."""
    if isinstance(instance, Work):
        work_changed.send(sender=Work, work=instance)
