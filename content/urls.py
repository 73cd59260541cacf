from django.urls import path, re_path

from content import views

app_name = "content"
CLAUSE_PATH = r"(?P<clause_path>[A-Za-z0-9][A-Za-z0-9.\-]*)"
urlpatterns = [
    path("works/<slug:key>/", views.work_view, name="work"),
    path("glossary/", views.glossary_view, name="glossary"),
    path("organisation/", views.organisation_view, name="organisation"),
    path("indicators/", views.indicators_view, name="indicators"),
    # Clause permalinks in the library: served directly (one page lookup instead of Wagtail's
    # walk down the page tree); anything that is not a clause is handed back to Wagtail.
    re_path(rf"^documents/(?P<slug>[\w\-]+)/{CLAUSE_PATH}/$", views.clause_permalink_view, name="clause"),
    # Wagtail's page URLs allow no dots, but GB/T clause paths have them (5.2.1).
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<clause_path>[A-Za-z0-9][A-Za-z0-9\-]*\.[A-Za-z0-9.\-]*)/$",
        views.dotted_clause_view,
        name="dotted-clause",
    ),
]
