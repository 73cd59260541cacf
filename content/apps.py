from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("文件与条款")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from content.models import DocumentPage, Term
        from content.signals import work_changed
        from content.terms import clear_term_index

        for signal in (post_save, post_delete):
            signal.connect(clear_term_index, sender=Term, dispatch_uid=f"content.term-index-{signal is post_save}")

        def on_page_change(sender, instance, **kwargs):
            # Projections (graph, search) follow a document's publication state.
            work_changed.send(sender=DocumentPage, work=instance.work)

        page_published.connect(on_page_change, sender=DocumentPage, weak=False, dispatch_uid="content-page-published")
        page_unpublished.connect(on_page_change, sender=DocumentPage, weak=False, dispatch_uid="content-page-unpublished")
