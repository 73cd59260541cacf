"""A menu entry in the Wagtail admin for the pages where consultations are run."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    return MenuItem(_("征求意见"), "/consultation/", icon_name="comment", order=900)
