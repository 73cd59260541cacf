from django.urls import path, re_path

from content import views

app_name = "content"
urlpatterns = [
    path("works/<slug:key>/", views.work_view, name="work"),
    path("glossary/", views.glossary_view, name="glossary"),
    path("organisation/", views.organisation_view, name="organisation"),
    path("indicators/", views.indicators_view, name="indicators"),
    # Wagtail's page URLs allow no dots, but GB/T clause paths have them (5.2.1): route those
    # permalinks here, to the same view DocumentPage routes the others to.
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<clause_path>[A-Za-z0-9][A-Za-z0-9\-]*\.[A-Za-z0-9.\-]*)/$",
        views.dotted_clause_view,
        name="dotted-clause",
    ),
]
