"""Editors' admin for search: synonym groups (同义词组) extend the curated list at query time."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("同义词组")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["__str__", "note", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["labels", "note"]
    form_fields = ["labels", "note", "enabled"]


register_snippet(SynonymGroupViewSet)
