"""The documents API keeps the clause hierarchy and publishes an OpenAPI schema."""

import pytest

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()


def walk(clauses):
    for clause in clauses:
        yield clause
        yield from walk(clause["children"])


def test_list_documents(client, imported_corpus):
    documents = get_json(client, "/api/v1/documents/")["items"]
    by_slug = {d["slug"]: d for d in documents}
    assert {"guowei-jicengfa-2023-41", "yiliao-lianheti-guanli-banfa-shixing", "db21-yigongti-guifan"} <= set(by_slug)
    opinion = by_slug["guowei-jicengfa-2023-41"]
    assert opinion["doc_number"] == "国卫基层发〔2023〕41号"
    assert opinion["stage"] == "published" and opinion["level"] == "national"
    assert opinion["url"].endswith("/documents/guowei-jicengfa-2023-41/")
    assert by_slug["db21-yigongti-guifan"]["stage"] == "consultation"


def test_list_filters(client, imported_corpus):
    drafts = get_json(client, "/api/v1/documents/?stage=consultation")["items"]
    assert drafts and all(d["stage"] == "consultation" for d in drafts)
    national = get_json(client, "/api/v1/documents/?level=national")["items"]
    assert national and all(d["level"] == "national" for d in national)


def test_detail_keeps_the_hierarchy(client, imported_corpus):
    data = get_json(client, "/api/v1/documents/yiliao-lianheti-guanli-banfa-shixing/")
    chapters = [c for c in data["clauses"] if c["kind"] == "chapter"]
    assert [c["label"] for c in chapters][:2] == ["第一章", "第二章"] and len(chapters) == 6
    articles = [c for c in walk(data["clauses"]) if c["kind"] == "article"]
    assert len(articles) == 45
    # every article sits inside a chapter, not at the top
    assert all(a not in data["clauses"] for a in articles)
    art14 = next(a for a in articles if a["path"] == "art14")
    assert set(art14) >= {"label", "path", "heading", "text", "url", "children"}
    assert art14["label"] == "第十四条" and "检查检验结果互认" in art14["text"]
    assert art14["url"].endswith("/documents/yiliao-lianheti-guanli-banfa-shixing/art14/")
    assert data["version"]["is_current"] is True
    assert any(r["kind"] == "issues" and r["direction"] == "in" for r in data["relations"])


def test_detail_items_nest_under_parts(client, imported_corpus):
    data = get_json(client, "/api/v1/documents/guowei-jicengfa-2023-41/")
    parts = [c for c in data["clauses"] if c["kind"] == "heading"]
    assert [p["label"] for p in parts] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    items = [i for p in parts for i in p["children"] if i["kind"] == "item"]
    assert len(items) == 20 and items[0]["label"] == "（一）" and items[-1]["label"] == "（二十）"


def test_outline_version_is_flagged(client, imported_corpus):
    data = get_json(client, "/api/v1/documents/db21-yigongti-guifan/")
    assert data["version"]["is_outline"] is True
    assert data["version"]["stage"] == "consultation"


def test_unknown_document_and_version(client, imported_corpus):
    get_json(client, "/api/v1/documents/no-such-document/", status=404)
    get_json(client, "/api/v1/documents/guowei-jicengfa-2023-41/?version=42", status=404)


def test_openapi_schema_lists_document_endpoints(client, db):
    schema = get_json(client, "/api/v1/openapi.json")
    assert "/api/v1/documents/" in schema["paths"]
    assert "/api/v1/documents/{slug}/" in schema["paths"]
    assert "ClauseOut" in schema["components"]["schemas"]
    assert client.get("/api/v1/docs").status_code == 200
