"""Receivers that keep the search index following the database (see ``search.indexing``).

Content signals (``version_imported``, ``work_changed``), Wagtail's ``page_published`` /
``page_unpublished`` and admin edits of a ``Clause`` or ``Version`` re-index a work; the
``triggers`` a unit type registered (``search.units.register_unit_type``) re-index that type, or
the row's work for a per-work type. Everything runs as jobs after the commit, only when
``settings.PORTAL_SYNC_PROJECTIONS`` is on. Glossary and synonym-group edits always refresh the synonym cache.
This module names no other app's unit types: they come from the registry.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from content.jobs import sync_enabled


def _work(work_id):
    from content.models import Work

    return Work.objects.filter(pk=work_id).first() if work_id else None


def on_version_imported(sender, version=None, **kwargs):
    if sync_enabled() and version is not None:
        from search.tasks import schedule_type_reindex, schedule_work_reindex
        from search.units import unit_types

        schedule_work_reindex(version.work)
        for name, unit_type in unit_types().items():
            if unit_type.follows_documents:
                schedule_type_reindex(name)


def on_work_changed(sender, work=None, **kwargs):
    if sync_enabled() and work is not None:
        from search.tasks import schedule_work_reindex

        schedule_work_reindex(work)


def on_page_changed(sender, instance=None, **kwargs):
    from content.models import DocumentPage

    if sync_enabled() and isinstance(instance, DocumentPage):
        from search.tasks import schedule_work_reindex

        schedule_work_reindex(instance.work)


def on_work_deleted(sender, instance=None, **kwargs):
    if sync_enabled() and instance is not None:
        from search.tasks import schedule_scope_delete

        schedule_scope_delete(f"work:{instance.key}")


def on_clause_or_version_changed(sender, instance=None, created=False, raw=False, **kwargs):
    """An editor changed a clause (or a version's metadata): re-index its work.

    A new version's clauses arrive through ``version_imported``; its creation is skipped here."""
    from content.models import Version

    if raw or not sync_enabled() or (created and sender is Version):
        return
    from search.tasks import schedule_work_reindex

    if sender is Version:
        work = _work(instance.work_id)
    else:
        work_id = Version.objects.filter(pk=instance.version_id).values_list("work_id", flat=True).first()
        work = _work(work_id)
    if work is not None:
        schedule_work_reindex(work)


def on_term_changed(sender, **kwargs):
    from search.synonyms import clear_synonyms

    clear_synonyms()


def _trigger_receiver(type_name: str):
    def receiver(sender, instance=None, raw=False, **kwargs):
        from search.units import unit_types

        unit_type = unit_types().get(type_name)  # looked up now: a type may be registered again
        if raw or not sync_enabled() or unit_type is None:
            return
        from search.tasks import schedule_type_reindex, schedule_work_reindex

        if unit_type.per_work:
            work = unit_type.work_of(instance) if unit_type.work_of and instance is not None else None
            if work is not None:
                schedule_work_reindex(work)
        else:
            schedule_type_reindex(type_name)

    return receiver


_receivers: dict[str, object] = {}  # one receiver per type, kept alive (signals hold weak references)


def connect_triggers(unit_type) -> None:
    """Connect a registered type's trigger models (through ``search.units.on_register``)."""
    receiver = _receivers.setdefault(unit_type.name, _trigger_receiver(unit_type.name))
    for model in unit_type.triggers:
        for signal in (post_save, post_delete):
            name = "saved" if signal is post_save else "deleted"
            uid = f"search-type-{unit_type.name}-{model._meta.label}-{name}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    from content.models import Clause, Term, Version, Work
    from content.signals import version_imported, work_changed
    from search import builtin_units
    from search.models import SynonymGroup
    from search.units import on_register

    on_register(connect_triggers)
    builtin_units.register()
    uid = "search-index"
    version_imported.connect(on_version_imported, dispatch_uid=f"{uid}-version")
    work_changed.connect(on_work_changed, dispatch_uid=f"{uid}-work")
    page_published.connect(on_page_changed, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(on_page_changed, dispatch_uid=f"{uid}-unpublished")
    post_delete.connect(on_work_deleted, sender=Work, dispatch_uid=f"{uid}-work-deleted")
    for signal in (post_save, post_delete):
        name = "saved" if signal is post_save else "deleted"
        signal.connect(on_term_changed, sender=Term, dispatch_uid=f"{uid}-synonyms-{name}")
        signal.connect(on_term_changed, sender=SynonymGroup, dispatch_uid=f"{uid}-synonym-groups-{name}")
        for model in (Clause, Version):
            signal.connect(on_clause_or_version_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{name}")
