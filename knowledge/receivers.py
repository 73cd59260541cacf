"""Signal receivers: extraction on import, and the graph projection kept current by jobs.

Every change that shows in the graph asks for a re-projection of its scope only (one work's
named graph; the shared graphs for terms, organisations, indicators and cited works) through
``knowledge.tasks``; the job runs after the commit, in whichever process holds the projection
lock (``content.jobs``).
"""

from __future__ import annotations

import logging

from content.jobs import sync_enabled

log = logging.getLogger(__name__)


# Clause fields that extraction or the projections read (others, like ``note``, change neither).
EXTRACTED_FROM = {"label", "heading", "text", "kind", "path", "position", "parent", "depth", "table", "version"}


def _work_of_clause(clause_id) -> tuple[int, int, str] | None:
    from content.models import Clause

    return (
        Clause.objects.filter(pk=clause_id)
        .values_list("version_id", "version__work_id", "version__work__key")
        .first()
    )


def on_version_imported(sender, version, batch: dict | None = None, **kwargs) -> None:
    from knowledge.pipeline import extract_version, retarget_incoming_citations
    from knowledge.resolve import Resolver
    from knowledge.tasks import schedule_shared_graphs, schedule_work_graph

    # The versions of one import are extracted one after another once all of them are saved;
    # until the import ends, only their resolution writes works, aliases and relations, so one
    # resolver serves them all (a law cited by every file of a folder is looked up once).
    resolver = None
    if batch is not None:
        resolver = batch.get("knowledge.resolver")
        if resolver is None:
            resolver = batch["knowledge.resolver"] = Resolver()
    report = extract_version(version, resolver=resolver)
    log.info("抽取《%s》：%s", version.work.title, report)
    schedule_work_graph(version.work_id, version.work.key)
    # other works' citations of its clauses follow the new version ("cited by" on the clause page)
    for work_id, key in retarget_incoming_citations(version):
        schedule_work_graph(work_id, key)
    schedule_shared_graphs()


def on_work_changed(sender, work, **kwargs) -> None:
    from knowledge.tasks import schedule_shared_graphs, schedule_work_graph

    schedule_work_graph(work.pk, work.key)
    schedule_shared_graphs()


def on_work_deleted(sender, instance, **kwargs) -> None:
    from knowledge.tasks import schedule_shared_graphs, schedule_work_graph

    schedule_work_graph(instance.pk, instance.key)
    schedule_shared_graphs()


def on_clause_changed(sender, instance, raw=False, **kwargs) -> None:
    """An editor's change to a clause: extract its version again, then re-project the work."""
    from knowledge.tasks import schedule_version_refresh

    if raw or not sync_enabled():
        return
    if kwargs.get("update_fields") and not set(kwargs["update_fields"]) & EXTRACTED_FROM:
        return  # e.g. an editor's note: nothing extracted or projected changes
    found = _work_of_clause(instance.pk) or _version_work(instance.version_id)
    if found is not None:
        schedule_version_refresh(*found)


def _version_work(version_id) -> tuple[int, int, str] | None:
    from content.models import Version

    row = Version.objects.filter(pk=version_id).values_list("work_id", "work__key").first()
    return (version_id, *row) if row else None


def on_version_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A version's metadata (stage, date, current or not) changed, or it was deleted."""
    from knowledge.tasks import schedule_work_graph

    if raw or created or not sync_enabled():  # a new version's clauses arrive with version_imported
        return
    from content.models import Work

    key = Work.objects.filter(pk=instance.work_id).values_list("key", flat=True).first()
    if key is not None:
        schedule_work_graph(instance.work_id, key)


def on_extracted_row_changed(sender, instance, raw=False, **kwargs) -> None:
    """A citation or obligation edited or deleted in the admin: its work's graph."""
    from knowledge.tasks import schedule_shared_graphs, schedule_work_graph

    if raw or not sync_enabled():
        return
    found = _work_of_clause(instance.clause_id)
    if found is not None:
        schedule_work_graph(found[1], found[2])
    if getattr(instance, "work_id", None):  # a citation may have created a cited-only work
        schedule_shared_graphs()


def on_term_changed(sender, instance, raw=False, **kwargs) -> None:
    from knowledge.tasks import schedule_shared_graphs, schedule_work_graph

    if raw or not sync_enabled():
        return
    if instance.source_clause_id:
        found = _work_of_clause(instance.source_clause_id)
        if found is not None:
            schedule_work_graph(found[1], found[2])
    schedule_shared_graphs()


def on_shared_row_changed(sender, raw=False, **kwargs) -> None:
    """Organisations and indicators live in the shared graphs."""
    from knowledge.tasks import schedule_shared_graphs

    if not raw and sync_enabled():
        schedule_shared_graphs()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from content.models import Clause, Indicator, Organisation, Term, Version, Work
    from content.signals import version_imported, work_changed
    from knowledge.models import Citation, Obligation

    uid = "knowledge.graph"
    version_imported.connect(on_version_imported, dispatch_uid="knowledge.version_imported")
    work_changed.connect(on_work_changed, dispatch_uid="knowledge.work_changed")
    post_delete.connect(on_work_deleted, sender=Work, dispatch_uid=f"{uid}-work-deleted")
    for signal in (post_save, post_delete):
        name = "saved" if signal is post_save else "deleted"
        signal.connect(on_clause_changed, sender=Clause, dispatch_uid=f"{uid}-clause-{name}")
        signal.connect(on_version_changed, sender=Version, dispatch_uid=f"{uid}-version-{name}")
        for model in (Citation, Obligation):
            signal.connect(on_extracted_row_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{name}")
        signal.connect(on_term_changed, sender=Term, dispatch_uid=f"{uid}-term-{name}")
        for model in (Organisation, Indicator):
            signal.connect(on_shared_row_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{name}")
