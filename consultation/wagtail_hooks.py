"""A menu entry in the Wagtail admin for the pages where consultations are run; hooks into content."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultation import panels as consultation_panels
from consultation.models import Consultation
from content import panels
from content.revisions import REVISION_GUARDS


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    return MenuItem(_("征求意见"), "/consultation/", icon_name="comment", order=900)


# The consultation notice above a draft's text, and the comments beside a clause for those who
# may see them (drafting group; a unit its own); comment counts beside the table of contents for
# the drafting group.
hooks.register(panels.DOCUMENT_NOTICES, consultation_panels.document_announcement)
hooks.register(panels.CLAUSE_PANELS, consultation_panels.clause_comments)
hooks.register(panels.TOC_BADGES, consultation_panels.toc_comment_badges)


@hooks.register(REVISION_GUARDS)
def text_under_consultation(version) -> str:
    """The text out for comment stays as the invited units read it until the consultation closes
    (their comments point at its clauses); after that an editor's revision is the next draft."""
    for consultation in Consultation.objects.filter(version=version):
        if consultation.state() != "closed":
            return gettext("这个版本正在征求意见（%(start)s 至 %(end)s），截止前不能修改所征求意见的文本；截止后再修改。") % {
                "start": consultation.starts_on.isoformat(),
                "end": consultation.ends_on.isoformat(),
            }
    return ""
