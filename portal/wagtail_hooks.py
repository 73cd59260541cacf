"""The portal's contributions to lower apps' hooks."""

from wagtail import hooks

from content.panels import SITE_ROOT
from portal.setup import ensure_home


@hooks.register(SITE_ROOT)
def site_root():
    """content puts the document library under the home page (created with the site if missing)."""
    return ensure_home()
