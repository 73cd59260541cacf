"""Graph projection jobs: one task per scope (a work's named graph, or the shared graphs).

Receivers (``knowledge.receivers``) call the ``schedule_*`` functions; they enqueue with the
current transaction through ``content.jobs.enqueue_once`` and mark the scope stale
(``ProjectedGraph.stamp`` emptied) so a task that never ran or failed is found by
``stale_scopes`` / ``repair``.
"""

from __future__ import annotations

import logging

from django_tasks import task

from content.jobs import (
    BACKEND,
    PRIORITY_EXTRACT,
    PRIORITY_GLOBAL,
    PRIORITY_WORK,
    enqueue_once,
    sync_enabled,
)

logger = logging.getLogger(__name__)


@task(priority=PRIORITY_WORK, backend=BACKEND)
def project_work_graph(work_id: int | None, key: str) -> int:
    from knowledge.graph import project_work

    return project_work(work_id, key)


@task(priority=PRIORITY_GLOBAL, backend=BACKEND)
def project_shared_graphs() -> int:
    from knowledge.graph import project_shared

    return project_shared()


@task(priority=PRIORITY_EXTRACT, backend=BACKEND)
def refresh_version(version_id: int, work_id: int, key: str) -> int:
    """An editor changed a version's clauses: extract again (reviewed rows are kept), re-project."""
    from content.models import Version
    from knowledge.graph import project_work
    from knowledge.pipeline import extract_version

    version = Version.objects.filter(pk=version_id, is_current=True).select_related("work").first()
    if version is not None:
        report = extract_version(version)
        logger.info("重新抽取《%s》：%s", version.work.title, report)
    return project_work(work_id, key)


def _mark_stale(*scopes: str) -> None:
    from knowledge.models import ProjectedGraph

    ProjectedGraph.objects.filter(scope__in=scopes).exclude(stamp="").update(stamp="")


def schedule_work_graph(work_id: int | None, key: str) -> None:
    """Re-project a work's named graph (or drop it, when the work is gone) after the commit."""
    if not sync_enabled():
        return
    _mark_stale(key)
    enqueue_once(project_work_graph, work_id, key)


def schedule_shared_graphs() -> None:
    if not sync_enabled():
        return
    enqueue_once(project_shared_graphs)


def schedule_version_refresh(version_id: int, work_id: int, key: str) -> None:
    if not sync_enabled():
        return
    _mark_stale(key)
    enqueue_once(refresh_version, version_id, work_id, key)


def repair(stdout=None) -> int:
    """Enqueue a re-projection of every stale or missing scope; returns how many."""
    from knowledge.graph import stale_scopes

    stale, shared = stale_scopes()
    for work_id, key in stale:
        enqueue_once(project_work_graph, work_id, key)
    if shared:
        enqueue_once(project_shared_graphs)
    if stdout is not None and (stale or shared):
        stdout.write(f"图谱：{len(stale)} 个文件的命名图需要更新{'，另有共享图' if shared else ''}。\n")
    return len(stale) + int(shared)
