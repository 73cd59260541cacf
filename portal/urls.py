from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.api import api

urlpatterns = [
    # the review queue sits in the admin but answers 403 (not a login redirect) to anyone not an editor
    path("admin/review/", include("knowledge.review_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("wagtail-documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="portal/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("", include("content.urls")),
    path("", include("knowledge.urls")),
    path("", include("search.urls")),
    path("", include("assessment.urls")),
    path("consultation/", include("consultation.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree (home, document library, documents) comes last.
urlpatterns.append(path("", include(wagtail_urls)))

# Error pages in the portal's layout; the 500 page renders without the database.
handler500 = "portal.errors.server_error"
