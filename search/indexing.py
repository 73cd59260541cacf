"""Keeping the index a projection of the database — 索引维护.

``rebuild`` writes every unit; the ``*_scope`` functions are the bodies of the jobs in
``search.tasks``, which also holds the ``schedule_*`` functions that enqueue them. Each scope
records what it was built from (``IndexedScope``), so ``stale_scopes`` finds stale or missing
ones; the index can always be rebuilt with ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import logging

from content.jobs import work_stamp, work_stamps
from search.engines import get_engine
from search.units import all_units, global_types, unit_providers, work_units

logger = logging.getLogger(__name__)


def rebuild(progress=None) -> int:
    """Replace the whole index with the database's units; returns how many were written."""
    from search.models import IndexedScope
    from search.units import indexable_works

    works = list(indexable_works())
    stamps = work_stamps(works)

    def counted():
        for n, unit in enumerate(all_units(), 1):
            if progress and n % 1000 == 0:
                progress(n)
            yield unit

    written = get_engine().rebuild(counted())
    IndexedScope.objects.all().delete()
    IndexedScope.objects.bulk_create(
        [IndexedScope(scope=f"work:{w.key}", stamp=stamps[w.pk]) for w in works]
        + [IndexedScope(scope=f"type:{name}", stamp="type") for name in global_types()]
    )
    return written


def _live_work(work_id):
    from search.units import indexable_works

    return next(iter(indexable_works(pk=work_id)), None) if work_id else None


def reindex_work(work) -> int:
    """Replace one indexable work's units and record what they were built from."""
    from search.models import IndexedScope

    stamp = work_stamp(work)  # taken before reading: a change made meanwhile leaves it stale
    count = get_engine().replace_scope(f"work:{work.key}", list(work_units(work)))
    IndexedScope.objects.update_or_create(scope=f"work:{work.key}", defaults={"stamp": stamp, "units": count})
    return count


def index_work_scope(work_id, key: str) -> int:
    """The job: re-index a work, or drop its units when it is gone or no longer indexable."""
    from search import indexing
    from search.models import IndexedScope

    work = _live_work(work_id)
    if work is None or work.key != key:
        get_engine().delete_scope(f"work:{key}")
        IndexedScope.objects.filter(scope=f"work:{key}").delete()
    return indexing.reindex_work(work) if work is not None else 0


def reindex_type(type_name: str) -> int:
    provider = unit_providers().get(type_name)
    units = list(provider()) if provider else []
    return get_engine().replace_scope(f"type:{type_name}", units)


def index_type_scope(type_name: str) -> int:
    from search import indexing
    from search.models import IndexedScope

    count = indexing.reindex_type(type_name)
    IndexedScope.objects.update_or_create(scope=f"type:{type_name}", defaults={"stamp": "type", "units": count or 0})
    return count


def delete_index_scope(scope: str) -> int:
    from search.models import IndexedScope

    get_engine().delete_scope(scope)
    IndexedScope.objects.filter(scope=scope).delete()
    return 0


def stale_scopes() -> tuple[list[tuple[int | None, str]], list[str]]:
    """Works whose units are missing or older than the database ([(work_id or None, key)]),
    and global types not indexed since they were last asked for."""
    from search.models import IndexedScope
    from search.units import indexable_works

    works = list(indexable_works())
    stamps = work_stamps(works)
    state = dict(IndexedScope.objects.values_list("scope", "stamp"))
    stale: list[tuple[int | None, str]] = [(w.pk, w.key) for w in works if state.get(f"work:{w.key}") != stamps[w.pk]]
    keys = {f"work:{w.key}" for w in works}
    stale += [(None, scope[5:]) for scope in state if scope.startswith("work:") and scope not in keys]
    types = [name for name in global_types() if state.get(f"type:{name}") != "type" or stale]
    return stale, types
