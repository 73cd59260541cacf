"""The search page, JSON API, autocomplete, commands, index maintenance and the Wagtail backend."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

BAD_QUERIES = ["", "   ", '"', "*", "AND (", "((", "】【", "。，；", "x" * 10_000, "医保" * 5000, "<script>alert(1)</script>"]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_page_and_api_survive_bad_input(client, search_index, query):
    page = client.get("/search/", {"q": query, "page": "abc", "type": "nonsense"})
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content
    api = client.get("/api/v1/search", {"q": query, "page": "-3", "per_page": "100000", "bogus": "1"})
    assert api.status_code == 200
    data = api.json()
    assert data["page"] == 1 and data["per_page"] <= 50


def test_long_and_empty_queries_explain_themselves(client, search_index):
    long = client.get("/api/v1/search", {"q": "医保" + "，" * 9998}).json()
    assert "过长" in long["message"]
    punct = client.get("/api/v1/search", {"q": "。，；"}).json()
    assert punct["total"] == 0 and punct["message"]


def test_api_hit_fields_facets_and_filters(client, search_index):
    data = client.get("/api/v1/search", {"q": "医保"}).json()
    assert data["total"] > 3
    hit = data["hits"][0]
    for key in ("type", "title", "document_title", "document_number", "label", "text", "snippet", "url", "score"):
        assert key in hit
    assert "<mark>医保</mark>" in hit["snippet"]
    facets = {f["name"]: f for f in data["facets"]}
    assert {"type", "document", "level", "year"} <= set(facets)
    national = client.get("/api/v1/search", {"q": "医保", "level": "national", "type": "clause"}).json()
    assert national["total"] and all(h["level"] == "national" and h["type"] == "clause" for h in national["hits"])
    page2 = client.get("/api/v1/search", {"q": "医保", "page": 2}).json()
    assert page2["page"] == 2 and {h["id"] for h in page2["hits"]}.isdisjoint({h["id"] for h in data["hits"]})


def test_hit_links_to_the_clause_permalink(client, search_index):
    data = client.get("/api/v1/search", {"q": "医疗联合体管理办法 第十四条"}).json()
    url = data["hits"][0]["url"]
    assert url.endswith("/art14/")
    assert client.get(url).status_code == 200


def test_search_page_shows_highlights_facets_and_recognised_identifiers(client, search_index):
    page = client.get("/search/", {"q": "41号文"}).content.decode()
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in page
    assert "已识别" in page and "文号" in page
    page = client.get("/search/", {"q": "醫保基金"}).content.decode()
    assert "<mark>医保基金</mark>" in page
    assert "类型" in page and "层级" in page


def test_autocomplete_for_terms_and_titles(client, search_index):
    data = client.get("/search/autocomplete/", {"q": "医疗联合"}).json()
    labels = [s["label"] for s in data["suggestions"]]
    assert "医疗联合体管理办法（试行）" in labels
    api = client.get("/api/v1/search/autocomplete", {"q": "县域医共体"}).json()
    assert all(s["type"] in {"term", "document"} for s in api)
    assert client.get("/search/autocomplete/", {"q": ""}).json() == {"suggestions": []}


def test_search_command(search_index):
    out = StringIO()
    call_command("search", "第十四条", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["hits"][0]["label"] == "第十四条"
    out = StringIO()
    call_command("search", "医保", "--type", "clause", "--limit", "2", stdout=out)
    assert "[条款]" in out.getvalue() and out.getvalue().count("/documents/") == 2
    with pytest.raises(CommandError, match="--limit"):
        call_command("search", "医保", "--limit", "0")


def test_rebuild_command(search_index):
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "检索索引已重建" in out.getvalue()
    assert search_index.count() > 200


def test_one_import_batch_reindexes_each_work_once(search_index, settings, monkeypatch, django_capture_on_commit_callbacks):
    from content.models import Version
    from content.signals import version_imported
    from search import indexing

    settings.PORTAL_SYNC_PROJECTIONS = True
    calls = []
    monkeypatch.setattr(indexing, "reindex_work", lambda work: calls.append(work.key))
    monkeypatch.setattr(indexing, "reindex_type", lambda type_name: calls.append(type_name))
    versions = list(Version.objects.filter(is_current=True, work__has_text=True)[:2])
    with django_capture_on_commit_callbacks(execute=True):
        for version in versions + versions:
            version_imported.send(sender=Version, version=version)
    works = [c for c in calls if c not in {"term", "indicator", "checklist_item"}]
    # Other receivers (knowledge extraction) may touch further works; each is re-indexed once.
    assert {v.work.key for v in versions} <= set(works)
    assert len(works) == len(set(works))
    assert calls.count("term") == 1


def test_projection_sync_can_be_switched_off(search_index, settings, monkeypatch, django_capture_on_commit_callbacks):
    from content.models import Version
    from content.signals import version_imported
    from search import indexing

    settings.PORTAL_SYNC_PROJECTIONS = False
    calls = []
    monkeypatch.setattr(indexing, "reindex_work", lambda work: calls.append(work))
    with django_capture_on_commit_callbacks(execute=True):
        version_imported.send(sender=Version, version=Version.objects.filter(is_current=True).first())
    assert calls == []


def test_unpublishing_a_document_drops_its_units(search_index, settings, django_capture_on_commit_callbacks):
    from content.models import DocumentPage
    from search.service import search

    settings.PORTAL_SYNC_PROJECTIONS = True
    page = DocumentPage.objects.get(work__key="yiliao-lianheti-guanli-banfa-shixing")
    assert search("第十四条").total >= 1
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert search("第十四条").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert search("第十四条").total >= 1


def test_registered_unit_provider_is_indexed(search_index):
    from search.indexing import reindex_type
    from search.service import search
    from search.units import _PROVIDERS, make_unit, register_unit_provider

    def items():
        yield make_unit("checklist_item", 1, title="是否设立医共体理事会", text="县域医共体理事会已成立并定期议事", dimension="management")

    previous = _PROVIDERS.get("checklist_item")
    register_unit_provider("checklist_item", items)
    try:
        reindex_type("checklist_item")
        result = search("理事会", filters={"type": ["checklist_item"]})
        assert [h["title"] for h in result.hits] == ["是否设立医共体理事会"]
        dimension = next(f for f in result.facets if f["name"] == "dimension")
        assert dimension["values"][0]["label"] == "紧密型管理成效"
    finally:
        if previous is None:
            _PROVIDERS.pop("checklist_item", None)
        else:
            _PROVIDERS["checklist_item"] = previous


def test_wagtail_admin_finds_chinese_words_with_the_segmenting_backend(admin_client, search_index, settings):
    from wagtail.search.backends import get_search_backend

    from content.models import Work

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
    backend = get_search_backend("default")
    backend.add_bulk(Work, list(Work.objects.all()))
    titles = [w.title for w in backend.search("联合体", Work)]
    assert "医疗联合体管理办法（试行）" in titles
    page = admin_client.get("/admin/snippets/content/work/", {"q": "联合体"})
    assert page.status_code == 200
    assert "医疗联合体管理办法（试行）" in page.content.decode()


def test_plain_wagtail_database_backend_misses_chinese_words(search_index):
    from wagtail.search.backends import get_search_backend

    from content.models import Work

    backend = get_search_backend("wagtail.search.backends.database")  # the plain one, not ours
    backend.add_bulk(Work, list(Work.objects.all()))
    assert "医疗联合体管理办法（试行）" not in [w.title for w in backend.search("联合体", Work)]
