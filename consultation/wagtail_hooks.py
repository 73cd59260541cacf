"""A menu entry in the Wagtail admin for the pages where consultations are run."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultation import panels as consultation_panels
from content import panels


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    return MenuItem(_("征求意见"), "/consultation/", icon_name="comment", order=900)


# The consultation notice above a draft's text, and the comments beside a clause for those who
# may see them (drafting group; a unit its own); comment counts beside the table of contents for
# the drafting group.
hooks.register(panels.DOCUMENT_NOTICES, consultation_panels.document_announcement)
hooks.register(panels.CLAUSE_PANELS, consultation_panels.clause_comments)
hooks.register(panels.TOC_BADGES, consultation_panels.toc_comment_badges)
