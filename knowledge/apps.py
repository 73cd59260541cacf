from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("知识图谱")

    def ready(self) -> None:
        from content.jobs import should_run_worker, start_worker
        from knowledge import receivers

        receivers.connect()
        # The serving process applies projection jobs in a thread (see content.jobs): it alone
        # writes the embedded graph store and search index.
        if should_run_worker():
            start_worker()
