"""Projection jobs — the plumbing knowledge (graph) and search (index) share.

The graph and the search index are projections of the database, kept current by tasks
(``django_tasks``) that each cover one scope: one work's named graph, one work's search units, or
one global type. This module knows nothing about RDF or search; it offers:

``enqueue_once(task, *args)``
    Enqueue a projection task for the current transaction, once. With the database backend the
    task row is written *inside* the transaction, so it commits (or rolls back) with the change
    that asked for it: a process killed after the commit leaves the task waiting, not lost. With
    the immediate backend (tests, ``PORTAL_TASKS=immediate``) it runs right after the commit.

the projection lock
    The embedded stores (Oxigraph's RocksDB, the tantivy index) let one process write them, so one
    process at a time runs projection tasks: the one holding ``DATA_DIR/projections.lock`` (an
    ``flock``, released when the process ends). The serving process takes it in a worker thread
    (``start_worker``); a command (import, ``build_graph``, ``setup_portal``) takes it only when no
    server holds it, runs what is pending and keeps it until it exits; when a server holds it,
    the command leaves the tasks to the server and says so.

``work_stamp(work)``
    What a work's projection was built from (current version and the work's last change); a
    projection records it per scope so ``setup_portal`` can find stale or missing scopes.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# django_tasks priorities (-100…100; higher runs first): re-extraction before the projections
# that read its rows; per-work projections before the global ones.
PRIORITY_EXTRACT = 20
PRIORITY_WORK = 0
PRIORITY_GLOBAL = -20
POLL_SECONDS = 0.5
BACKEND = "projections"  # settings.TASKS alias of the projection queue (Wagtail's tasks use "default")

_local = threading.local()
_lock_file = None
_lock_guard = threading.Lock()
_wake = threading.Event()
_worker_thread: threading.Thread | None = None
_told_server = False


def sync_enabled() -> bool:
    return bool(getattr(settings, "PORTAL_SYNC_PROJECTIONS", True))


def immediate() -> bool:
    """True when tasks run in-process right away (no queue)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return not isinstance(task_backends[BACKEND], DatabaseBackend)


# --- enqueueing ----------------------------------------------------------------------------------


def _pending() -> set:
    """What the current transaction already enqueued (forgotten when it commits or rolls back)."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        pending.clear()
        return pending
    reset = getattr(_local, "reset", None)
    if reset is None or not any(entry[1] is reset for entry in connection.run_on_commit):
        pending.clear()  # no reset waiting: a previous transaction rolled back (callbacks dropped)

        def reset():
            pending.clear()
            _local.reset = None

        _local.reset = reset
        transaction.on_commit(reset)
    return pending


def _waiting(task, args: tuple) -> bool:
    """A ready (not yet started) task with the same arguments is already queued."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    wanted = list(args)
    rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, backend_name=BACKEND, task_path=task.module_path
    )
    return any((row or {}).get("args") == wanted for row in rows.values_list("args_kwargs", flat=True))


def enqueue_once(task, *args) -> None:
    """Enqueue ``task(*args)`` with the current transaction, unless the same one is waiting."""
    key = (task.module_path, args)
    pending = _pending()
    if key in pending:
        return
    pending.add(key)
    if immediate():
        transaction.on_commit(lambda: task.enqueue(*args))
        return
    if not _waiting(task, args):
        task.enqueue(*args)
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    """New tasks are committed: wake this process's worker, or run them here if we may."""
    if _worker_thread is not None:
        _wake.set()
        return
    if getattr(_local, "draining", False):
        return  # a task enqueued more work; the running batch picks it up
    run_pending_if_free()


# --- the lock and running ------------------------------------------------------------------------


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "projections.lock"


def take_lock() -> bool:
    """Take the projection lock for the rest of this process's life; False if another holds it."""
    global _lock_file
    with _lock_guard:
        if _lock_file is not None:
            return True
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")  # noqa: SIM115 — held open for the life of the process
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        _lock_file = handle
        return True


def holds_lock() -> bool:
    return _lock_file is not None


def release_lock() -> None:
    """Give the lock back (tests; a process normally keeps it until it ends)."""
    global _lock_file
    with _lock_guard:
        if _lock_file is not None:
            fcntl.flock(_lock_file.fileno(), fcntl.LOCK_UN)
            _lock_file.close()
            _lock_file = None


def pending_count() -> int:
    if immediate():
        return 0
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(backend_name=BACKEND).count()


def run_pending() -> int:
    """Run every ready projection task in this thread (the caller holds the lock); returns how many ran."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{os.getpid()}-{get_random_string(8)}",
        excluded_queue_names=[],
    )
    _local.draining = True
    try:
        worker.run()
    finally:
        _local.draining = False
    return worker._run_tasks


def run_pending_if_free(stdout=None) -> int | None:
    """Run pending tasks here if no other process holds the lock; None when one does."""
    global _told_server
    if immediate():
        return 0
    if not take_lock():
        if not _told_server or stdout is not None:
            message = "图谱与检索索引由正在运行的服务器进程更新（它持有投影锁），本命令不写入。"
            (stdout.write(message + "\n") if stdout is not None else logger.warning(message))
            _told_server = True
        return None
    return run_pending()


def failed_since(started) -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().filter(backend_name=BACKEND, finished_at__gte=started).count()


# --- the worker thread of a serving process ------------------------------------------------------


def should_run_worker(argv=None) -> bool:
    flag = str(getattr(settings, "PORTAL_RUN_WORKER", "") or "").strip().lower()
    if flag in ("0", "false", "no", "off"):
        return False
    if immediate():
        return False
    if flag in ("1", "true", "yes", "on"):
        return True
    argv = sys.argv if argv is None else argv
    serving = len(argv) > 1 and argv[1] == "runserver"
    # with the autoreloader, only the child (RUN_MAIN) serves
    return serving and ("--noreload" in argv or os.environ.get("RUN_MAIN") == "true")


def start_worker() -> None:
    """Start the projection worker thread of this (serving) process, once."""
    global _worker_thread
    if _worker_thread is not None:
        return
    _worker_thread = threading.Thread(target=_worker_loop, name="projection-worker", daemon=True)
    _worker_thread.start()


def _worker_loop() -> None:
    from django.db import close_old_connections

    time.sleep(POLL_SECONDS)  # let the app registry and the server finish starting
    waited = False
    while not take_lock():
        if not waited:
            logger.warning("投影锁被另一进程持有（%s），待其结束后由本服务器更新图谱与检索索引。", lock_path())
            waited = True
        time.sleep(2)
    logger.info("projection worker started (pid %s)", os.getpid())
    while True:
        try:
            run_pending()
        except Exception:  # a broken task must not stop the worker; it is recorded as failed
            logger.exception("projection worker: batch failed")
        finally:
            close_old_connections()
        _wake.wait(POLL_SECONDS)
        _wake.clear()


# --- staleness --------------------------------------------------------------------------------


def work_stamp(work, current_version_id=None) -> str:
    """What a work's projections are built from: its current version and its last change."""
    if current_version_id is None:
        current = work.versions.filter(is_current=True).order_by("-number").values_list("pk", flat=True).first()
        current_version_id = current or 0
    updated = work.updated_at.isoformat() if work.updated_at else ""
    return f"v{current_version_id}@{updated}"


def work_stamps(works) -> dict[int, str]:
    """``work_stamp`` for many works in one query."""
    from content.models import Version

    current: dict[int, int] = {}
    for work_id, pk in (
        Version.objects.filter(work__in=[w.pk for w in works], is_current=True)
        .order_by("work_id", "number")
        .values_list("work_id", "pk")
    ):
        current[work_id] = pk  # the highest number wins
    return {w.pk: work_stamp(w, current.get(w.pk, 0)) for w in works}
