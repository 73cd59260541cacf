from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("知识图谱")

    def ready(self) -> None:
        from knowledge import receivers

        receivers.connect()

        from django.db.models.signals import post_delete, post_save

        from content.models import Term
        from knowledge.templatetags.knowledge_tags import clear_term_index

        for signal in (post_save, post_delete):
            signal.connect(clear_term_index, sender=Term, dispatch_uid=f"knowledge.term-index-{signal is post_save}")

        # The serving process applies projection jobs in a thread (see content.jobs): it alone
        # writes the embedded graph store and search index.
        from content.jobs import should_run_worker, start_worker

        if should_run_worker():
            start_worker()

        # Obligations are knowledge's search units.
        from knowledge.search_units import register

        register()
