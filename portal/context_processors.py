from django.conf import settings


def portal(request):
    # ``portal_name`` too: Django's and Wagtail's login views put the host in ``site_name``.
    name = settings.WAGTAIL_SITE_NAME
    return {"site_name": name, "portal_name": name, "base_uri": settings.PORTAL_BASE_URI}
