"""Comments reach the public SPARQL endpoint (union of the named graphs) only once the drafting
group publishes the summary; each change re-projects the consultation's graph after the commit."""

import pytest

from consultation import services
from tests.consultation.conftest import close
from tests.consultation.test_search_wiring import commit_setup

pytestmark = pytest.mark.django_db
ASK = 'PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?c ?t WHERE {{ ?c a oa:Annotation ; oa:bodyValue ?b ; oa:hasTarget ?t . FILTER(CONTAINS(STR(?b), "{w}")) }}'


@pytest.fixture
def store(settings, tmp_path, world):
    from knowledge.graph import close_store, project_shared

    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SPARQL_URL = ""
    settings.PORTAL_SYNC_PROJECTIONS = True
    close_store()
    commit_setup()
    project_shared()
    yield
    close_store()


def annotations(client, words):
    query = ASK.format(w=words)
    response = client.get("/sparql", {"query": query}, HTTP_ACCEPT="application/sparql-results+json")
    assert response.status_code == 200
    return response.json()["results"]["bindings"]


def test_comment_in_the_public_graph_only_once_published(client, world, store, django_capture_on_commit_callbacks):
    c, users = world["c"], world["users"]
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="牵头部门鹦鹉螺应写明。")
    assert annotations(client, "鹦鹉螺") == []
    with django_capture_on_commit_callbacks(execute=True):
        close(c)
        services.dispose(users["drafter"], comment, decision="accepted")
        services.publish_summary(users["drafter"], c)
    rows = annotations(client, "鹦鹉螺")
    assert len(rows) == 1 and rows[0]["t"]["value"].endswith("/5")
