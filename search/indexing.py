"""Keeping the index a projection of the database — 索引维护.

``rebuild`` writes every unit; ``schedule_work_reindex`` and ``schedule_type_reindex`` collect
what changed during a transaction and re-index it once, after the commit (an import batch of many
versions re-indexes each work once). Failures are logged, never raised into the request that
triggered them: the index can always be rebuilt with ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction

from search.engines import get_engine
from search.units import all_units, unit_providers, work_units

logger = logging.getLogger(__name__)
WORK_TYPES = ("document", "clause", "obligation")
GLOBAL_TYPES = ("term", "indicator", "checklist_item")

_state = threading.local()


def rebuild(progress=None) -> int:
    """Replace the whole index with the database's units; returns how many were written."""

    def counted():
        for n, unit in enumerate(all_units(), 1):
            if progress and n % 1000 == 0:
                progress(n)
            yield unit

    return get_engine().rebuild(counted())


def reindex_work(work) -> int:
    from search.units import indexable_works

    scope = f"work:{work.key}"
    live = any(w.pk == work.pk for w in indexable_works())
    units = list(work_units(work)) if live else []
    return get_engine().replace_scope(scope, units)


def reindex_type(type_name: str) -> int:
    provider = unit_providers().get(type_name)
    units = list(provider()) if provider else []
    return get_engine().replace_scope(f"type:{type_name}", units)


def _pending() -> dict:
    if not hasattr(_state, "pending"):  # per thread: each request has its own transaction
        _state.pending = {"works": set(), "types": set(), "scopes": set()}
    return _state.pending


def _batch() -> dict:
    """The pending work of the current transaction; what a rolled-back one left is dropped."""
    pending = _pending()
    connection = transaction.get_connection()
    registered = any(entry[1] is _flush for entry in connection.run_on_commit)
    if not registered:
        # No flush is waiting: anything still pending belonged to a transaction that rolled
        # back (its callbacks were discarded), so it must not leak into this one.
        for bucket in pending.values():
            bucket.clear()
    return pending


def _flush() -> None:
    from content.models import Work

    pending = _pending()
    works, types, scopes = set(pending["works"]), set(pending["types"]), set(pending["scopes"])
    for bucket in pending.values():
        bucket.clear()
    try:
        for scope in sorted(scopes):
            get_engine().delete_scope(scope)
        for work in Work.objects.filter(pk__in=works):
            reindex_work(work)
        for type_name in sorted(types):
            if type_name in unit_providers():
                reindex_type(type_name)
    except Exception:
        logger.exception("search index update failed; run manage.py rebuild_search_index")


def _schedule() -> None:
    # Every call registers a callback (a rolled-back transaction drops its own); the first
    # callback to run does all pending work and the others find nothing left.
    transaction.on_commit(_flush)


def schedule_work_reindex(work) -> None:
    """Re-index one work's units after the current transaction commits."""
    _batch()["works"].add(work.pk)
    _schedule()


def schedule_scope_delete(scope: str) -> None:
    """Delete every unit of a scope (``work:<key>``) after the commit."""
    _batch()["scopes"].add(scope)
    _schedule()


def schedule_type_reindex(type_name: str) -> None:
    """Re-index every unit of a type (``term``, ``checklist_item``…) after the commit."""
    _batch()["types"].add(type_name)
    _schedule()
