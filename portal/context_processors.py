from django.conf import settings


def portal(request):
    return {"site_name": settings.WAGTAIL_SITE_NAME, "base_uri": settings.PORTAL_BASE_URI}
