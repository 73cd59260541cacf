"""Site structure that must exist: the home page as the site root and the document library.

The home page is the portal's; the library is content's (``content.setup.ensure_library``), which
asks for its parent through the ``content_site_root`` hook that portal/wagtail_hooks.py registers
with ``ensure_home``.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from content.setup import ensure_library
from portal.models import HomePage


@transaction.atomic
def ensure_home() -> HomePage:
    """The home page, as the root of the default site."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder welcome page; replace it.
        for page in root.get_children():
            if page.specific_class is Page:
                Site.objects.filter(root_page=page).delete()
                page.delete()
        root = Page.objects.get(pk=root.pk)
        home = HomePage(title=_("医共体规范门户"), slug="home")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=_("医共体规范门户"))
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def ensure_site():
    home = ensure_home()
    return home, ensure_library()
