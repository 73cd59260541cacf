from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("检索")

    def ready(self):
        from search import signals

        signals.connect()
