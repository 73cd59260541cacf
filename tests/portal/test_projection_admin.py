"""The admin page lists stale projection scopes and repairs them."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores(settings, tmp_path):
    from knowledge.graph import close_store
    from search.engines import reset_engines

    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SPARQL_URL = ""
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SYNC_PROJECTIONS = True
    close_store()
    reset_engines()
    yield
    close_store()
    reset_engines()


def test_admin_repairs_stale_projections(client, imported_corpus, stores, django_capture_on_commit_callbacks):
    from knowledge.graph import stale_scopes as stale_graphs
    from knowledge.models import ProjectedGraph
    from search.indexing import stale_scopes as stale_index
    from search.models import IndexedScope
    from search.service import search

    ProjectedGraph.objects.all().delete()
    IndexedScope.objects.all().delete()
    client.force_login(get_user_model().objects.create_superuser("proj-admin", "p@example.org", "pw-proj-admin"))
    page = client.get("/admin/projections/")
    assert page.status_code == 200
    assert page.context["graph_works"] and page.context["index_works"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/admin/projections/").status_code == 302
    assert stale_graphs() == ([], False)
    assert stale_index() == ([], [])
    assert search("医疗联合体管理办法").total > 0
    page = client.get("/admin/projections/")
    assert not page.context["graph_works"] and not page.context["index_works"]


def test_only_superusers_see_the_projection_page(client, imported_corpus):
    user = get_user_model().objects.create_user("proj-reader", "r@example.org", "pw-proj-reader")
    client.force_login(user)
    assert client.get("/admin/projections/").status_code in (302, 403)
