"""Wagtail admin entries for province administrators: templates and weights, the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assessment import permissions


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
