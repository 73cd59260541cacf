"""An editor's change to a clause (修改条款, a new version) or a version in the Wagtail admin reaches
the extracted rows, the graph and the search index (through the projection jobs, run after the
commit)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

WORK = "yiliao-lianheti-guanli-banfa-shixing"
NEW_TEXT = "牵头医院应当每月开展一次远程会诊质量评估。"


@pytest.fixture
def projections(imported_corpus, settings, tmp_path):
    """A graph store and an index of their own, with the work projected before the edit."""
    from content.models import Work
    from knowledge.graph import close_store, project_work
    from search.engines import reset_engines
    from search.indexing import reindex_work

    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SPARQL_URL = ""
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SYNC_PROJECTIONS = True
    close_store()
    reset_engines()
    work = Work.objects.get(key=WORK)
    project_work(work.pk, work.key)
    reindex_work(work)
    yield work
    close_store()
    reset_engines()


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("clause-editor", "ce@example.org", "pw-clause-editor")
    client.force_login(user)
    return client


def response_form(client, url):
    return client.get(url).context["form"]


def form_data(form, **changes) -> dict:
    """What the admin's edit form would post back unchanged, with some fields changed."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = getattr(value, "pk", value)
    data.update(changes)
    return data


def found(words: str) -> list[dict]:
    from search.service import search

    return [h for h in search(words, per_page=50).hits if words in h["text"]]


def test_an_admin_edit_of_a_clause_reaches_rows_graph_and_index(
    editor, projections, django_capture_on_commit_callbacks
):
    from content.models import Clause
    from knowledge.graph import work_uri
    from knowledge.models import Obligation
    from knowledge.sparql import run_select
    work = projections
    clause = Clause.objects.filter(version__work=work, version__is_current=True, label="第十四条").get()
    old_text = clause.text
    assert not found("远程会诊质量评估")
    assert not Obligation.objects.filter(clause=clause, text__contains="远程会诊质量评估").exists()

    url = reverse("content_clause_revise", args=[clause.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url, {"heading": clause.heading, "text": NEW_TEXT, "change_note": "改为每月评估"})
    assert response.status_code == 302, response.context["form"].errors
    # the edit is a new current version; the clause keeps its path
    clause = Clause.objects.filter(version__work=work, version__is_current=True, path=clause.path).get()
    assert clause.version.number == 2 and clause.text == NEW_TEXT

    # the extracted rows follow the new text
    obligation = Obligation.objects.get(clause=clause, text__contains="远程会诊质量评估")
    assert obligation.modality == "must" and "牵头医院" in obligation.duty_bearer
    # the graph: the clause's text and its obligation
    rows = run_select(
        f"SELECT ?t WHERE {{ ?c eli:is_part_of+ <{work_uri(work.key)}> ; ygt:text ?t }}"
    )
    texts = {r["t"] for r in rows}
    assert NEW_TEXT in texts and old_text not in texts  # the graph shows the current version only
    derived = run_select(
        "SELECT ?o WHERE { ?o a ygt:Obligation ; ygt:text ?t . FILTER(CONTAINS(STR(?t), \"远程会诊质量评估\")) }"
    )
    assert len(derived) == 1
    # the index: the clause and its obligation are found, the old text is gone from the clause
    hits = found("远程会诊质量评估")
    # one result for the sentence, with a badge for the clause and one for its obligation
    assert {b["type"] for h in hits for b in h["badges"]} >= {"clause", "obligation"}
    assert any(h["url"].endswith(f"/{clause.path}/") for h in hits if h["type"] == "clause")


def test_an_admin_edit_of_a_version_re_projects_its_work(editor, projections, django_capture_on_commit_callbacks):
    from content.models import Version
    from knowledge.models import ProjectedGraph
    from search.models import IndexedScope

    work = projections
    version = Version.objects.get(work=work, is_current=True)
    ProjectedGraph.objects.filter(scope=work.key).update(quads=0)
    IndexedScope.objects.filter(scope=f"work:{work.key}").update(units=0)
    url = reverse("wagtailsnippets_content_version:edit", args=[version.pk])
    data = {"stage": version.stage, "label": "修订稿", "date": "", "is_current": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url, form_data(response_form(editor, url), **data))
    assert response.status_code == 302, response.context["form"].errors
    # both projections of the work were rebuilt (and recorded) after the commit
    assert ProjectedGraph.objects.get(scope=work.key).quads > 0
    assert IndexedScope.objects.get(scope=f"work:{work.key}").units > 0
