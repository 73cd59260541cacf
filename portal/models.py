"""The home page: what the portal holds, and entry points for its three kinds of users."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(_("简介"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.DocumentIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from portal.views import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context())
        return context
