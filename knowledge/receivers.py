"""Signal receivers: extraction on import, and the graph projection kept current."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


def _sync_graph(work_keys: list[str]) -> None:
    from knowledge.graph import rebuild_works

    try:
        rebuild_works(work_keys)
    except OSError as exc:  # e.g. the store is locked by another process
        log.warning("图谱投影未更新（%s）：%s；稍后运行 manage.py build_graph 即可补齐。", exc, work_keys)
    except Exception:  # the projection must never break an import; build_graph repairs it
        log.exception("图谱投影更新失败：%s", work_keys)


def on_version_imported(sender, version, **kwargs) -> None:
    from knowledge.pipeline import extract_version

    report = extract_version(version)
    log.info("抽取《%s》：%s", version.work.title, report)
    if getattr(settings, "PORTAL_SYNC_PROJECTIONS", True):
        keys = [version.work.key]
        transaction.on_commit(lambda: _sync_graph(keys))


def on_work_changed(sender, work, **kwargs) -> None:
    if getattr(settings, "PORTAL_SYNC_PROJECTIONS", True):
        keys = [work.key]
        transaction.on_commit(lambda: _sync_graph(keys))
