"""Fixtures for search tests: a fresh embedded index built from the imported corpus."""

import shutil

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


@pytest.fixture
def search_index(settings, tmp_path, imported_corpus, built_index_cache):
    """An embedded index in a temporary directory, built from the database (with the glossary).

    The database is the same at the start of every test, so the index built by the first test
    is copied for the others; each test may change its own copy."""
    from search.engines import get_engine, reset_engines
    from search.indexing import rebuild
    from search.synonyms import clear_synonyms

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.ELASTICSEARCH_URL = ""
    reset_engines()
    clear_synonyms()
    ensure_glossary()
    if built_index_cache.exists():
        shutil.copytree(built_index_cache, settings.SEARCH_INDEX_DIR)
    else:
        rebuild()
        shutil.copytree(settings.SEARCH_INDEX_DIR, built_index_cache)
    yield get_engine()
    reset_engines()
    clear_synonyms()
