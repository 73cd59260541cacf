"""Comments are found by search for the work's drafting group only, until the summary is
published (through the JSON API and the search page, with the trigger re-indexing after commit)."""

import pytest

from consultation import services
from consultation.search_units import TYPE
from tests.consultation.conftest import close

pytestmark = pytest.mark.django_db
WORDS = "鹦鹉螺编号"  # in no corpus document


def commit_setup() -> None:
    """Run what the fixtures' transaction left for its commit (the test transaction never
    commits): enqueue_once keeps a job asked for there pending until then."""
    from django.db import connection

    callbacks = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, callback, _robust in callbacks:
        callback()


@pytest.fixture
def index(settings, tmp_path, world):
    from search.engines import reset_engines
    from search.indexing import rebuild

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SYNC_PROJECTIONS = True
    reset_engines()
    commit_setup()
    rebuild()
    yield
    reset_engines()


def found(client, user, comment_id) -> tuple[bool, bool]:
    client.logout()
    if user is not None:
        client.force_login(user)
    api = client.get("/api/v1/search", {"q": WORDS, "per_page": 50})
    assert api.status_code == 200
    in_api = f"{TYPE}:{comment_id}" in [h["id"] for h in api.json()["hits"]]
    page = client.get("/search/", {"q": WORDS})
    assert page.status_code == 200
    in_page = f"#comment-{comment_id}" in page.content.decode()
    return in_api, in_page


def test_comment_found_by_the_drafting_group_only(client, world, index, django_capture_on_commit_callbacks):
    c, users = world["c"], world["users"]
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text=f"{WORDS}应当统一。")
    assert found(client, users["drafter"], comment.pk) == (True, True)
    for user in (None, users["a"], users["b"], users["outsider"], users["other_drafter"]):
        assert found(client, user, comment.pk) == (False, False), user
    # the public count and facets do not reveal it either
    public = client.get("/api/v1/search", {"q": WORDS}).json()
    assert all(f["name"] != "type" or TYPE not in [v["value"] for v in f["values"]] for f in public["facets"])

    with django_capture_on_commit_callbacks(execute=True):
        close(c)
        services.dispose(users["drafter"], comment, decision="accepted")
        services.publish_summary(users["drafter"], c)
    assert found(client, None, comment.pk) == (True, True)
    assert found(client, users["b"], comment.pk) == (True, True)
