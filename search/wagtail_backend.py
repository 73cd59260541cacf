"""A Wagtail search backend that finds Chinese words — 中文分词的 Wagtail 检索后端.

Wagtail's database backend makes a whole run of Chinese one token (SQLite FTS5 ``unicode61``,
PostgreSQL ``simple``), so editors searching the admin for ``医保`` find nothing in
``医保基金总额付费``. This backend is Wagtail's own database backend (same tables, same admin)
with one change on each side:

- indexing: every text value is written as Han bigrams plus single characters, and Latin words
  (``search.analysis.segment_for_wagtail``), after traditional → simplified folding;
- searching: a plain query string becomes the bigrams of its Han runs (single characters stay
  single), combined with AND unless the caller chose an operator.

Enable it with::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}

then run ``manage.py update_index`` once. On a database without full-text support (the
fallback backend matches substrings already) nothing is changed.
"""

from __future__ import annotations

from modelsearch.backends.database import SearchBackend as _database_backend
from modelsearch.query import PlainText

from search.analysis import segment_for_wagtail, tokens

_PATCHED: set[str] = set()


def segment_query(query: str) -> str:
    bi, _uni = tokens(query or "")
    return " ".join(dict.fromkeys(bi))


def _segmenting_indexer(base):
    class SegmentingObjectIndexer(base):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segments = getattr(backend, "segments_chinese", False)

        def prepare_value(self, value):
            value = super().prepare_value(value)
            return segment_for_wagtail(value) if self.segments and value else value

    SegmentingObjectIndexer.__name__ = f"Segmenting{base.__name__}"
    return SegmentingObjectIndexer


def _patch_indexer(module) -> None:
    """Let the vendor module's indexer segment text when its backend asks for it (only ours)."""
    if module.__name__ in _PATCHED:
        return
    module.ObjectIndexer = _segmenting_indexer(module.ObjectIndexer)
    _PATCHED.add(module.__name__)


def _with_segmenting(backend):
    module = __import__(type(backend).__module__, fromlist=["ObjectIndexer"])
    if not hasattr(module, "ObjectIndexer"):
        return backend  # the fallback backend matches substrings; leave it alone
    _patch_indexer(module)

    class SegmentingBackend(type(backend)):
        segments_chinese = True

        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = segment_query(query)
                if kwargs.get("operator") is None:
                    kwargs["operator"] = "and"
            elif isinstance(query, PlainText):
                query = PlainText(segment_query(query.query_string), operator=query.operator)
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    SegmentingBackend.__name__ = f"Segmenting{type(backend).__name__}"
    backend.__class__ = SegmentingBackend
    return backend


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend module
    return _with_segmenting(_database_backend(params))
