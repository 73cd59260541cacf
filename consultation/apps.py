from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("征求意见")
