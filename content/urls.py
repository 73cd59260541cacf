from django.urls import path

from content import views

app_name = "content"
urlpatterns = [
    path("works/<slug:key>/", views.work_view, name="work"),
    path("glossary/", views.glossary_view, name="glossary"),
    path("organisation/", views.organisation_view, name="organisation"),
    path("indicators/", views.indicators_view, name="indicators"),
]
