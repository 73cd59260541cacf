from django.urls import path, re_path

from knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("sparql", views.sparql_view, name="sparql"),
    path("sparql/", views.sparql_view),
    path("references/", views.references_view, name="references"),
    path("graph/", views.explorer_view, name="explorer"),
    path("works/<slug:key>/trace/", views.trace_view, name="trace"),
    path("id/work/<str:key>", views.work_resource, name="work-resource"),
    re_path(r"^id/clause/(?P<key>[^/]+)/(?P<path>[A-Za-z0-9][A-Za-z0-9.\-]*)$", views.clause_resource, name="clause-resource"),
    path("id/term/<int:pk>", views.term_resource, name="term-resource"),
    path("id/obligation/<int:pk>", views.obligation_resource, name="obligation-resource"),
    path("id/organisation/<str:key>", views.organisation_resource, name="organisation-resource"),
]
