"""The JSON API: schema, pagination, filters, the same permissions as the pages."""

import json

import pytest
from django.test import Client

from consultation import services

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_openapi_describes_the_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/consultations", "/api/v1/consultations/{consultation_id}", "/api/v1/consultations/{consultation_id}/comments",
        "/api/v1/consultations/comments/{comment_id}", "/api/v1/consultations/comments/{comment_id}/disposition",
        "/api/v1/consultations/comments/{comment_id}/merge",
    ):
        assert path in paths, path
    listing = paths["/api/v1/consultations/{consultation_id}/comments"]
    params = {p["name"] for p in listing["get"]["parameters"]}
    assert {"organisation", "state", "clause", "page"} <= params
    assert "post" in listing
    names = set(schema["components"]["schemas"])
    assert {"CommentIn", "CommentOut", "DispositionIn", "DispositionOut", "MergeIn", "ConsultationOut"} <= names


def test_comment_dispose_merge_through_the_api(world):
    c, users = world["c"], world["users"]
    a = client_for(users["a"])
    url = f"/api/v1/consultations/{c.pk}/comments"
    response = a.post(url, json.dumps({"clause": "7", "text": "人财物统一管理应细化。", "reason": "便于考核"}), content_type="application/json")
    assert response.status_code == 201
    first = response.json()
    assert (first["clause_path"], first["clause_label"], first["state"], first["organisation"]["key"]) == ("7", "7", "pending", "cs-unit-a")
    response = a.post(url, json.dumps({"clause": "99", "text": "x"}), content_type="application/json")
    assert response.status_code == 400 and "不在征求意见稿中" in response.json()["error"]
    response = a.post(url, json.dumps({"clause": "7", "text": "x", "organisation": "cs-unit-b"}), content_type="application/json")
    assert response.status_code == 403
    second = client_for(users["b"]).post(url, json.dumps({"clause": "7", "text": "同上。"}), content_type="application/json").json()

    drafter = client_for(users["drafter"])
    merged = drafter.post(f"/api/v1/consultations/comments/{second['id']}/merge", json.dumps({"into": first["id"]}), content_type="application/json")
    assert merged.status_code == 200 and merged.json()["merged_into"] == first["id"]
    assert a.post(f"/api/v1/consultations/comments/{first['id']}/merge", json.dumps({"into": second["id"]}), content_type="application/json").status_code == 403
    response = drafter.put(f"/api/v1/consultations/comments/{first['id']}/disposition",
                           json.dumps({"decision": "partly", "reason": "细化到岗位。"}), content_type="application/json")
    assert response.status_code == 200
    # the duplicate shares the disposition; B sees it on its own comment
    assert client_for(users["b"]).get(f"/api/v1/consultations/comments/{second['id']}").json()["disposition"]["reason"] == "细化到岗位。"

    detail = drafter.get(f"/api/v1/consultations/{c.pk}").json()
    assert detail["summary"]["line"] == "收到 2 个单位 2 条意见，采纳 0 条，部分采纳 2 条，未采纳 0 条。"
    assert Client().get(f"/api/v1/consultations/{c.pk}").json()["summary"] is None


def test_lists_are_paginated_and_filtered(world):
    c, users = world["c"], world["users"]
    for i in range(3):
        services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="1", text=f"第{i}条意见")
    services.submit_comment(users["b"], c, organisation=world["b"], clause_ref="", text="全文意见")
    drafter = client_for(users["drafter"])
    url = f"/api/v1/consultations/{c.pk}/comments"
    body = drafter.get(url).json()
    assert body["count"] == 4 and [x["text"] for x in body["items"]][0] == "全文意见"
    assert drafter.get(url, {"organisation": "cs-unit-b"}).json()["count"] == 1
    assert drafter.get(url, {"clause": "_whole"}).json()["count"] == 1
    assert drafter.get(url, {"clause": "1"}).json()["count"] == 3
    assert drafter.get(url, {"state": "accepted"}).json()["count"] == 0
    assert drafter.get(url, {"state": "pending"}).json()["count"] == 4
    assert drafter.get(url, {"state": "bogus"}).status_code == 400
    listing = Client().get("/api/v1/consultations").json()
    assert listing["count"] >= 1 and listing["items"][0]["state"] == "open"
    assert Client().get("/api/v1/consultations/999999").status_code == 404
