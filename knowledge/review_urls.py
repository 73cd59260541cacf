"""URLs of the review queue, mounted at /admin/review/ by portal/urls.py (see knowledge.review_views)."""

from django.urls import path

from knowledge import review_views

app_name = "knowledge_review"
urlpatterns = [
    path("", review_views.review_index, name="index"),
    path("<slug:key>/", review_views.review_queue, name="queue"),
    path("<slug:key>/metadata/", review_views.review_metadata, name="metadata"),
    path("<slug:key>/<str:kind>/<int:pk>/edit/", review_views.review_edit, name="edit"),
]
