from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("知识图谱")

    def ready(self) -> None:
        from content.signals import version_imported, work_changed
        from knowledge import receivers

        version_imported.connect(receivers.on_version_imported, dispatch_uid="knowledge.version_imported")
        work_changed.connect(receivers.on_work_changed, dispatch_uid="knowledge.work_changed")
