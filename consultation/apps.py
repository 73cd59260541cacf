from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("征求意见")

    def ready(self):
        # Comments are search units of type consultation_comment, for the drafting group.
        from consultation import graph
        from consultation.search_units import register

        register()
        graph.register()
