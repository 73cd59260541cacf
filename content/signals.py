"""Signals other apps listen to, so that the graph and the search index follow the database.

``version_imported`` is sent after a version's clause tree is saved (inside the import
transaction); ``work_changed`` after a work's metadata or publication state changes. Receivers
in knowledge (extraction, graph) and search (index) connect to them in their AppConfig.ready()
and queue a projection job per scope with the transaction (``content.jobs``); they also follow
``post_save``/``post_delete`` of clauses and versions themselves. Projections are skipped when
settings.PORTAL_SYNC_PROJECTIONS is False (``setup_portal`` repairs what that leaves stale).
"""

from django.dispatch import Signal

version_imported = Signal()  # kwargs: version
work_changed = Signal()  # kwargs: work
