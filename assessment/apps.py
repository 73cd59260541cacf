from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("自评估")

    def ready(self):
        # Checklist items are search units of type checklist_item.
        from assessment.search_units import register

        register()
