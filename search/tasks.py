"""Search index jobs: one task per scope (a work's units, one global type, a scope to drop).

``schedule_work_reindex`` / ``schedule_type_reindex`` / ``schedule_scope_delete`` enqueue them
with the current transaction, once per transaction (``content.jobs``): an import batch of many
versions re-indexes each work once, after the commit, in the process holding the projection
lock. ``repair`` enqueues every stale or missing scope.
"""

from __future__ import annotations

from django_tasks import task

from content.jobs import BACKEND, PRIORITY_GLOBAL, PRIORITY_WORK, enqueue_once, sync_enabled
from search import indexing


@task(priority=PRIORITY_WORK, backend=BACKEND)
def index_work(work_id: int | None, key: str) -> int:
    return indexing.index_work_scope(work_id, key)


@task(priority=PRIORITY_GLOBAL, backend=BACKEND)
def index_type(type_name: str) -> int:
    return indexing.index_type_scope(type_name)


@task(priority=PRIORITY_WORK, backend=BACKEND)
def delete_scope(scope: str) -> int:
    return indexing.delete_index_scope(scope)


def _mark_stale(scope: str) -> None:
    from search.models import IndexedScope

    IndexedScope.objects.filter(scope=scope).exclude(stamp="").update(stamp="")


def schedule_work_reindex(work) -> None:
    """Re-index one work's units after the current transaction commits."""
    if not sync_enabled():
        return
    _mark_stale(f"work:{work.key}")
    enqueue_once(index_work, work.pk, work.key)


def schedule_scope_delete(scope: str) -> None:
    """Delete every unit of a scope (``work:<key>``) after the commit."""
    if not sync_enabled():
        return
    enqueue_once(delete_scope, scope)


def schedule_type_reindex(type_name: str) -> None:
    """Re-index every unit of a global type after the commit."""
    if not sync_enabled():
        return
    _mark_stale(f"type:{type_name}")
    enqueue_once(index_type, type_name)


def repair(stdout=None) -> int:
    """Enqueue a re-index of every stale or missing scope; returns how many."""
    stale, types = indexing.stale_scopes()
    for work_id, key in stale:
        enqueue_once(index_work, work_id, key)
    for name in types:
        enqueue_once(index_type, name)
    if stdout is not None and (stale or types):
        stdout.write(f"检索索引：{len(stale)} 个文件、{len(types)} 类全局单元需要更新。\n")
    return len(stale) + len(types)
