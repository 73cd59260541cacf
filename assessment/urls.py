from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("assessments/", views.index, name="index"),
    path("assessments/new/", views.create, name="create"),
    path("assessments/dashboard/", views.dashboard, name="dashboard"),
    path("assessments/templates/", views.template_list, name="template_list"),
    path("assessments/templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("assessments/templates/<int:pk>/weights/", views.template_weights, name="template_weights"),
    path("assessments/templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("assessments/templates/<int:pk>/publish/", views.template_publish, name="template_publish"),
    path("assessments/templates/<int:pk>/new-draft/", views.template_new_draft, name="template_new_draft"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/items/<int:item_id>/", views.save_item, name="save_item"),
    path("assessments/<int:pk>/items/<int:item_id>/evidence/", views.upload_evidence, name="upload_evidence"),
    path("assessments/<int:pk>/evidence/<int:evidence_id>/", views.download_evidence, name="download_evidence"),
    path("assessments/<int:pk>/transition/", views.transition, name="transition"),
    path("assessments/<int:pk>/audit/", views.audit, name="audit"),
    path("assessments/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("assessments/<int:pk>/import/", views.import_xlsx, name="import_xlsx"),
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
