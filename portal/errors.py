"""The 500 page in the portal's layout, rendered without touching the database.

Django's default ``server_error`` renders ``500.html`` with an empty context; the layout needs the
portal's name, which comes from settings here rather than from context processors (those read the
session and the user, i.e. the database that may be what failed).
"""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"site_name": settings.WAGTAIL_SITE_NAME, "error_page": True}))
