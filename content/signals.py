"""Signals other apps listen to, so that the graph and the search index follow the database.

``version_imported`` is sent after a version's clause tree is saved (inside the import
transaction); an import of several files sends it once per new version, after all of them are
saved, with one ``batch`` dict for the whole import in which a receiver may keep what it learned
from one version for the next (knowledge keeps its citation resolver there). ``work_changed`` is
sent after a work's metadata or publication state changes. Receivers in knowledge (extraction,
graph) and search (index) connect to them in their AppConfig.ready() and queue a projection job
per scope with the transaction (``content.jobs``); they also follow ``post_save``/``post_delete``
of clauses and versions themselves. Projections are skipped when settings.PORTAL_SYNC_PROJECTIONS
is False (``setup_portal`` repairs what that leaves stale).
"""

from django.dispatch import Signal

version_imported = Signal()  # kwargs: version, batch (a dict per import; may be absent)
work_changed = Signal()  # kwargs: work
