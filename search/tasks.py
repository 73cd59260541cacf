"""Search index jobs: one task per scope (a work's units, one global type, a scope to drop).

``search.indexing.schedule_*`` enqueue them with the current transaction (``content.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from content.jobs import BACKEND, PRIORITY_GLOBAL, PRIORITY_WORK


@task(priority=PRIORITY_WORK, backend=BACKEND)
def index_work(work_id: int | None, key: str) -> int:
    from search import indexing

    return indexing.index_work_scope(work_id, key)


@task(priority=PRIORITY_GLOBAL, backend=BACKEND)
def index_type(type_name: str) -> int:
    from search import indexing

    return indexing.index_type_scope(type_name)


@task(priority=PRIORITY_WORK, backend=BACKEND)
def delete_scope(scope: str) -> int:
    from search import indexing

    return indexing.delete_index_scope(scope)
