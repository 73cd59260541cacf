"""Wagtail admin entries for province administrators: templates and weights, the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assessment import permissions
from assessment.models import ChecklistItem
from knowledge.tracing import AFFECTED, Affected


class ProvinceMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_templates(request.user)


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_templates_menu_item():
    return ProvinceMenuItem(_("自评估模板与权重"), reverse("assessment:template_list"), icon_name="list-ol", order=900)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return ReviewerMenuItem(_("自评估汇总看板"), reverse("assessment:dashboard"), icon_name="table", order=901)


@hooks.register(AFFECTED)
def checklist_items_affected(work_keys: set[str]) -> Affected:
    """On a work's trace page: the checklist items resting on the clauses a change would affect."""
    items = (
        ChecklistItem.objects.filter(clauses__version__work__key__in=work_keys)
        .select_related("template")
        .distinct()
        .order_by("template_id", "position")[:200]
    )
    return Affected(
        heading=_("自评估检查项"),
        empty=_("没有检查项来自受影响的条款。"),
        rows=[(f"{item.code} {item.title}", str(item.template)) for item in items],
    )
