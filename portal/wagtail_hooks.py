"""The portal's contributions to lower apps' hooks, and the admin page on the projections (graph,
search index) with a repair action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.panels import SITE_ROOT
from portal.setup import ensure_home


@hooks.register(SITE_ROOT)
def site_root():
    """content puts the document library under the home page (created with the site if missing)."""
    return ensure_home()


def projections_view(request):
    """List stale or missing projection scopes; POST queues a re-projection of each."""
    from content.jobs import BACKEND, immediate, pending_count
    from knowledge.graph import stale_scopes as stale_graphs
    from knowledge.tasks import repair as repair_graph
    from search.indexing import stale_scopes as stale_index
    from search.tasks import repair as repair_index

    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        count = repair_graph() + repair_index()
        messages.success(request, _("已安排更新 %(n)d 个过期的投影范围。") % {"n": count})
        return redirect("portal_projections")
    graph_works, graph_shared = stale_graphs()
    index_works, index_types = stale_index()
    failed = 0
    if not immediate():
        from django_tasks_db.models import DBTaskResult

        failed = DBTaskResult.objects.failed().filter(backend_name=BACKEND).count()
    return render(
        request,
        "portal/admin/projections.html",
        {
            "graph_works": graph_works,
            "graph_shared": graph_shared,
            "index_works": index_works,
            "index_types": index_types,
            "pending": pending_count(),
            "failed": failed,
        },
    )


@hooks.register("register_admin_urls")
def projection_urls():
    return [path("projections/", projections_view, name="portal_projections")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def projections_menu_item():
    return SuperuserMenuItem(gettext_lazy("图谱与检索索引"), reverse("portal_projections"), icon_name="cogs", order=900)


# Wagtail's own menu items its zh-hans catalogue leaves in English, by menu item name.
WAGTAIL_UNTRANSLATED_MENU = {
    "page-types-usage": gettext_lazy("页面类型使用情况"),
    "keyboard-shortcuts-trigger": gettext_lazy("快捷键"),
}


def _chinese_labels(request, menu_items):
    for item in menu_items:
        if item.name in WAGTAIL_UNTRANSLATED_MENU:
            item.label = WAGTAIL_UNTRANSLATED_MENU[item.name]


hooks.register("construct_reports_menu", _chinese_labels)
hooks.register("construct_help_menu", _chinese_labels)


def _label_site_columns_from_field_names():
    """Wagtail 8's sites listing builds three column headers from attribute names
    (Column("port") → "Port", "Site name", "Root page"), outside gettext; label them with the
    model fields' translated verbose names instead (端口号, 站点名称, …)."""
    from django.utils.text import capfirst
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


_label_site_columns_from_field_names()


def _label_workflow_page_field():
    """The workflow editor's page chooser field has no label, so Django shows the field name
    "Page" (screen-reader label of every assigned page row); give it Wagtail's own "页面"."""
    from django.utils.translation import gettext_lazy as lazy
    from wagtail.admin.forms.workflows import WorkflowPageForm

    WorkflowPageForm.base_fields["page"].label = lazy("Page")


_label_workflow_page_field()
