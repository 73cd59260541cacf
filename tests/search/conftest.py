"""Fixtures for search tests: a fresh embedded index built from the imported corpus."""

import os
import shutil
import uuid

import pytest

from tests.search.query_table import GLOSSARY


def ensure_glossary():
    """The synonym rows the relevance table relies on, unless extraction already made them."""
    from content.models import Term

    known = {label for term in Term.objects.all() for label in term.labels}
    for pref, alts in GLOSSARY:
        if pref not in known:
            Term.objects.create(pref_label=pref, alt_labels=alts)


@pytest.fixture(scope="session")
def built_index_cache(tmp_path_factory):
    """Where the first test's freshly built index is kept; later tests start from a copy."""
    return tmp_path_factory.mktemp("search-index-cache") / "index"


@pytest.fixture(params=["embedded", "elasticsearch"])
def search_index(request, settings, tmp_path, imported_corpus, built_index_cache):
    """The index every search behaviour test runs against, once per engine: the embedded one in
    a temporary directory, and Elasticsearch when ELASTICSEARCH_URL points at a live cluster
    (the same assertions; without a cluster those cases skip, saying so). Built from the database
    with the glossary.

    The database is the same at the start of every test, so the embedded index built by the
    first test is copied for the others; each test may change its own copy."""
    from search.engines import get_engine, reset_engines
    from search.indexing import rebuild
    from search.synonyms import clear_synonyms

    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: no live Elasticsearch cluster to test against")
        settings.ELASTICSEARCH_URL = url
        settings.SEARCH_INDEX_NAME = f"yigongti-test-{uuid.uuid4().hex[:8]}"
    else:
        settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
        settings.ELASTICSEARCH_URL = ""
    reset_engines()
    clear_synonyms()
    ensure_glossary()
    if request.param == "elasticsearch":
        rebuild()
    elif built_index_cache.exists():
        shutil.copytree(built_index_cache, settings.SEARCH_INDEX_DIR)
    else:
        rebuild()
        shutil.copytree(settings.SEARCH_INDEX_DIR, built_index_cache)
    engine = get_engine()
    yield engine
    if request.param == "elasticsearch":
        engine.client.indices.delete(index=engine.index_name, ignore_unavailable=True)
    reset_engines()
    clear_synonyms()
