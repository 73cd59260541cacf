"""Fixtures for search tests: a fresh embedded index built from the imported corpus."""

import pytest

from tests.search.query_table import GLOSSARY


def ensure_glossary():
    """The synonym rows the relevance table relies on, unless extraction already made them."""
    from content.models import Term

    known = {label for term in Term.objects.all() for label in term.labels}
    for pref, alts in GLOSSARY:
        if pref not in known:
            Term.objects.create(pref_label=pref, alt_labels=alts)


@pytest.fixture
def search_index(settings, tmp_path, imported_corpus, django_db_blocker):
    """An embedded index in a temporary directory, rebuilt from the database (with the glossary)."""
    from search.engines import get_engine, reset_engines
    from search.indexing import rebuild
    from search.synonyms import clear_synonyms

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.ELASTICSEARCH_URL = ""
    reset_engines()
    clear_synonyms()
    ensure_glossary()
    rebuild()
    yield get_engine()
    reset_engines()
    clear_synonyms()
