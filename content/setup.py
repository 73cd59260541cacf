"""The document library page must exist before a document can be published under it.

Content does not know the site's home page (that belongs to the project): the page the library
goes under comes from the ``content_site_root`` hook (``content.panels.SITE_ROOT``), which the
project registers and which makes sure the site exists; without one, the default site's root.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Site

from content.models import DocumentIndexPage
from content.panels import SITE_ROOT


def site_root() -> Page:
    for fn in hooks.get_hooks(SITE_ROOT):
        root = fn()
        if root is not None:
            return root
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError(_("没有默认站点：请先运行 manage.py setup_portal。"))
    return site.root_page


@transaction.atomic
def ensure_library() -> DocumentIndexPage:
    """The document library (文件库), created and published under the site root when missing."""
    library = DocumentIndexPage.objects.first()
    if library is None:
        library = DocumentIndexPage(title=_("文件库"), slug="documents")
        site_root().add_child(instance=library)
        library.save_revision().publish()
    return library
