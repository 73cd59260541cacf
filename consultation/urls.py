from django.urls import path, re_path

from consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("open/<int:version_id>/", views.open_view, name="open"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/comment/", views.comment_view, name="comment"),
    path("<int:pk>/import/", views.import_view, name="import"),
    path("<int:pk>/template.xlsx", views.template_view, name="template"),
    path("<int:pk>/dispositions/", views.dispositions_view, name="dispositions"),
    path("<int:pk>/comments/<int:cid>/dispose/", views.dispose_view, name="dispose"),
    path("<int:pk>/comments/<int:cid>/merge/", views.merge_view, name="merge"),
    path("<int:pk>/comments/<int:cid>/unmerge/", views.unmerge_view, name="unmerge"),
    path("<int:pk>/publish/", views.publish_view, name="publish"),
    re_path(r"^(?P<pk>\d+)/summary\.(?P<fmt>xlsx|docx)$", views.summary_export_view, name="summary-export"),
    re_path(r"^(?P<pk>\d+)/changes\.(?P<fmt>xlsx|docx)$", views.changes_export_view, name="changes-export"),
]
