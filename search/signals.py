"""Receivers that keep the search index following the database (see ``search.indexing``).

Content signals (``version_imported``, ``work_changed``) and Wagtail's ``page_published`` /
``page_unpublished`` re-index a work after the commit, only when
``settings.PORTAL_SYNC_PROJECTIONS`` is on. Glossary edits always refresh the synonym cache.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save


def _sync() -> bool:
    return bool(getattr(settings, "PORTAL_SYNC_PROJECTIONS", True))


def on_version_imported(sender, version=None, **kwargs):
    if _sync() and version is not None:
        from search.indexing import schedule_type_reindex, schedule_work_reindex

        schedule_work_reindex(version.work)
        for type_name in ("term", "indicator", "checklist_item"):
            schedule_type_reindex(type_name)


def on_work_changed(sender, work=None, **kwargs):
    if _sync() and work is not None:
        from search.indexing import schedule_work_reindex

        schedule_work_reindex(work)


def on_page_changed(sender, instance=None, **kwargs):
    from content.models import DocumentPage

    if _sync() and isinstance(instance, DocumentPage):
        from search.indexing import schedule_work_reindex

        schedule_work_reindex(instance.work)


def on_work_deleted(sender, instance=None, **kwargs):
    if _sync() and instance is not None:
        from search.indexing import schedule_scope_delete

        schedule_scope_delete(f"work:{instance.key}")


def on_term_changed(sender, **kwargs):
    from search.synonyms import clear_synonyms

    clear_synonyms()
    if _sync():
        from search.indexing import schedule_type_reindex

        schedule_type_reindex("term")


def on_indicator_changed(sender, **kwargs):
    if _sync():
        from search.indexing import schedule_type_reindex

        schedule_type_reindex("indicator")


def on_obligation_changed(sender, instance=None, **kwargs):
    if _sync() and instance is not None:
        from search.indexing import schedule_work_reindex

        try:
            work = instance.clause.version.work
        except Exception:  # the clause is being deleted with its version
            return
        schedule_work_reindex(work)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    from content.models import Indicator, Term, Work
    from content.signals import version_imported, work_changed
    from knowledge.models import Obligation

    uid = "search-index"
    version_imported.connect(on_version_imported, dispatch_uid=f"{uid}-version")
    work_changed.connect(on_work_changed, dispatch_uid=f"{uid}-work")
    page_published.connect(on_page_changed, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(on_page_changed, dispatch_uid=f"{uid}-unpublished")
    post_delete.connect(on_work_deleted, sender=Work, dispatch_uid=f"{uid}-work-deleted")
    for signal in (post_save, post_delete):
        signal.connect(on_term_changed, sender=Term, dispatch_uid=f"{uid}-term-{signal is post_save}")
        signal.connect(on_indicator_changed, sender=Indicator, dispatch_uid=f"{uid}-ind-{signal is post_save}")
        signal.connect(on_obligation_changed, sender=Obligation, dispatch_uid=f"{uid}-obl-{signal is post_save}")
