"""Search engines: the embedded default (tantivy) and Elasticsearch when ELASTICSEARCH_URL is set."""

from __future__ import annotations

import threading

from search.engines.base import EngineError, SearchEngine

_engines: dict[tuple, SearchEngine] = {}
_lock = threading.Lock()


def get_engine() -> SearchEngine:
    """The engine the settings ask for, one instance per configuration and process."""
    from django.conf import settings

    url = getattr(settings, "ELASTICSEARCH_URL", "") or ""
    if url:
        name = getattr(settings, "SEARCH_INDEX_NAME", "yigongti-units")
        config = ("elasticsearch", url, name)
    else:
        config = ("embedded", str(settings.SEARCH_INDEX_DIR))
    with _lock:
        engine = _engines.get(config)
        if engine is None:
            if config[0] == "elasticsearch":
                from search.engines.elasticsearch import ElasticsearchEngine

                engine = ElasticsearchEngine(url, index_name=config[2])
            else:
                from search.engines.embedded import EmbeddedEngine

                engine = EmbeddedEngine(config[1])
            _engines[config] = engine
    return engine


def reset_engines() -> None:
    with _lock:
        _engines.clear()


__all__ = ["EngineError", "SearchEngine", "get_engine", "reset_engines"]
