"""A graph store built from the imported corpus in a temporary directory, once per module."""

import pytest
from django.test import override_settings


@pytest.fixture(scope="module")
def corpus_graph(imported_corpus, django_db_blocker, tmp_path_factory):
    from knowledge.graph import build_graph, close_store

    path = tmp_path_factory.mktemp("graph")
    with override_settings(GRAPH_STORE_DIR=path, SPARQL_URL=""), django_db_blocker.unblock():
        count = build_graph()
        yield count
    close_store()
