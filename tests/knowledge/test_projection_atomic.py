"""Replacing one work's named graph is atomic: locally one store transaction, remotely one UPDATE."""

import pytest

pytestmark = pytest.mark.django_db

WORK = "yiliao-lianheti-guanli-banfa-shixing"


@pytest.fixture
def store(imported_corpus, settings, tmp_path):
    from knowledge.graph import close_store

    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SPARQL_URL = ""
    close_store()
    yield
    close_store()


def _count(key):
    from knowledge.graph import graph_uri
    from knowledge.sparql import run_select

    rows = run_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_uri(key)}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def test_a_failed_re_projection_leaves_the_previous_graph_whole(store):
    from content.models import Work
    from knowledge.graph import document_quads, project_work, replace_graph
    from knowledge.models import ProjectedGraph

    work = Work.objects.get(key=WORK)
    before = project_work(work.pk, work.key)
    assert before > 100 and _count(work.key) == before

    def broken():
        for n, quad in enumerate(document_quads(work)):
            if n == 50:
                raise RuntimeError("the database went away")
            yield quad

    with pytest.raises(RuntimeError):
        replace_graph(work.key, broken())
    assert _count(work.key) == before
    assert ProjectedGraph.objects.get(scope=work.key).quads == before


def test_a_remote_re_projection_is_one_update_request(store, settings, monkeypatch):
    import requests

    from content.models import Work
    from knowledge.graph import graph_uri, project_work

    settings.SPARQL_URL = "http://sparql.invalid/query"
    posts = []

    class Ok:
        def raise_for_status(self):
            return None

    monkeypatch.setattr(requests, "post", lambda url, data, headers, timeout: posts.append((url, data)) or Ok())
    work = Work.objects.get(key=WORK)
    project_work(work.pk, work.key)
    assert len(posts) == 1
    url, body = posts[0]
    assert url == "http://sparql.invalid/update"
    text = body.decode("utf-8")
    assert text.startswith(f"DROP SILENT GRAPH <{graph_uri(work.key)}> ;")
    assert f"INSERT DATA {{ GRAPH <{graph_uri(work.key)}>" in text
