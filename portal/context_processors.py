from django.conf import settings


def portal(request):
    # ``portal_name`` too: Django's and Wagtail's login views put the host in ``site_name``.
    name = settings.WAGTAIL_SITE_NAME
    # the origin this request reached: absolute links work on any host and port
    return {"site_name": name, "portal_name": name, "base_uri": f"{request.scheme}://{request.get_host()}"}
