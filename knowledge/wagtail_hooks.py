"""Editors review extracted rows in the Wagtail admin: confirm, correct, add or reject.

Saving a row through the admin marks it ``edited`` (or ``added`` when new) unless the editor
chose a status, so a re-import keeps it.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from content import panels
from content.models import ReviewStatus
from knowledge.models import Citation, Obligation


class ReviewedCreateMixin:
    """New rows are 人工添加; changed rows still 自动抽取 become 已修改."""

    def save_instance(self):
        instance = self.form.instance
        if instance.pk is None:
            if instance.review_status == ReviewStatus.EXTRACTED:
                instance.review_status = ReviewStatus.ADDED
        elif self.form.has_changed() and "review_status" not in self.form.changed_data:
            if instance.review_status == ReviewStatus.EXTRACTED:
                instance.review_status = ReviewStatus.EDITED
        if instance.pk is None or self.form.has_changed():
            instance.reviewed_by, instance.reviewed_at = self.request.user, timezone.now()
        return super().save_instance()


class ReviewedCreateView(ReviewedCreateMixin, CreateView):
    pass


class ReviewedEditView(ReviewedCreateMixin, EditView):
    pass


class CitationViewSet(SnippetViewSet):
    model = Citation
    add_view_class = ReviewedCreateView
    edit_view_class = ReviewedEditView
    icon = "link"
    menu_label = _("引用")
    list_display = ["raw_text", "clause", "work", "relation", "review_status", "confidence"]
    list_filter = ["review_status", "relation"]
    search_fields = ["raw_text", "title", "doc_number"]
    panels = [
        FieldPanel("clause"),
        FieldRowPanel([FieldPanel("span_start"), FieldPanel("span_end")]),
        FieldPanel("raw_text"),
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("doc_number"), FieldPanel("standard_code"), FieldPanel("target_clause_label")],
            heading=_("解析结果"),
        ),
        FieldPanel("relation"),
        FieldPanel("work"),
        FieldPanel("target_clause"),
        FieldPanel("review_status"),
    ]


class ObligationViewSet(SnippetViewSet):
    model = Obligation
    add_view_class = ReviewedCreateView
    edit_view_class = ReviewedEditView
    icon = "tasks"
    menu_label = _("义务")
    list_display = ["text", "modality", "duty_bearer", "review_status", "confidence"]
    list_filter = ["review_status", "modality"]
    search_fields = ["text", "duty_bearer"]
    panels = [
        FieldPanel("clause"),
        FieldRowPanel([FieldPanel("span_start"), FieldPanel("span_end")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("modality"), FieldPanel("modal_word")]),
        FieldRowPanel([FieldPanel("duty_bearer"), FieldPanel("duty_bearer_inherited")]),
        FieldPanel("action"),
        FieldRowPanel([FieldPanel("quantity_comparator"), FieldPanel("quantity_value"), FieldPanel("quantity_unit")], heading=_("数量")),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("deadline")]),
        FieldPanel("condition"),
        FieldPanel("review_status"),
    ]


class KnowledgeGroup(SnippetViewSetGroup):
    menu_label = _("抽取审核")
    menu_icon = "doc-full"
    items = (CitationViewSet, ObligationViewSet)


register_snippet(KnowledgeGroup)


# --- what knowledge adds to content's reading pages (content.panels) ---------------------------


@hooks.register(panels.CLAUSE_PANELS)
def clause_knowledge_panel(request, clause) -> str:
    """What the clause cites, what cites it, its obligations and terms."""
    html = render_to_string("knowledge/_clause_panel.html", {"clause": clause}, request=request)
    return format_html('<div class="knowledge">{}</div>', html)


@hooks.register(panels.WORK_SECTIONS)
def work_cited_by(request, work) -> str:
    """The clauses citing a work, on its page (first 200, by citing document and position)."""
    citing = list(
        Citation.objects.published()
        .filter(work=work)
        .select_related("clause__version__work__document_page")
        .order_by("clause__version__work__title", "clause__position")[:200]
    )
    return render_to_string("knowledge/_work_cited_by.html", {"citing": citing}, request=request)


# --- the review queue (knowledge/review_views.py, mounted at /admin/review/ by portal/urls.py) ----


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        from knowledge.review import can_review

        return can_review(request.user)


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem(_("审核队列"), "/admin/review/", icon_name="tasks", order=250)
