"""Workflow guardrails through the pages and the API: missing lists, confirmation, inline review, filters."""

import re

import pytest

from assessment.models import ApiToken, Response
from assessment.workflow import apply
from tests.assessment.conftest import complete

API = "/api/v1/assessments"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}"}


def post(client, a, **data):
    return client.post(f"/assessments/{a.pk}/transition/", data)


def test_api_submit_of_an_incomplete_assessment_is_409_with_the_missing_list(client, judged, users):
    r = client.post(f"{API}/{judged.pk}/submit", "{}", content_type="application/json", **bearer(users["assessor"]))
    assert r.status_code == 409
    body = r.json()
    codes = list(judged.template.items.order_by("position").values_list("code", flat=True))
    assert [m["code"] for m in body["missing"]] == codes
    assert {m["reason"] for m in body["missing"]} == {"unanswered"}
    assert body["missing"][0]["reason_label"] == "未作答" and isinstance(body["missing"][0]["item_id"], int)
    judged.refresh_from_db()
    assert judged.status == "draft"


def test_api_approve_needs_judgements_then_accepts_them(client, judged, users):
    complete(judged)
    apply(judged, "submit", users["assessor"])
    reviewer = bearer(users["reviewer"])
    r = client.post(f"{API}/{judged.pk}/approve", "{}", content_type="application/json", **reviewer)
    assert r.status_code == 409
    waiting = [m for m in r.json()["missing"] if m["reason"] == "awaiting_judgement"]
    assert waiting, "items without a rule wait for the reviewer's judgement"
    first = waiting[0]
    r = client.put(f"{API}/{judged.pk}/judgements/{first['item_id']}", {"judgement": "部分达标"}, content_type="application/json", **reviewer)
    assert r.status_code == 200 and r.json()["judgement"] == "partly"
    assert Response.objects.get(assessment=judged, item_id=first["item_id"]).judgement == "partly"
    # the county cannot judge
    r = client.put(f"{API}/{judged.pk}/judgements/{first['item_id']}", {"judgement": "达标"}, content_type="application/json", **bearer(users["assessor"]))
    assert r.status_code == 403
    rest = {m["code"]: "达标" for m in waiting[1:]}
    r = client.post(f"{API}/{judged.pk}/approve", {"judgements": rest}, content_type="application/json", **reviewer)
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_page_submit_of_an_incomplete_assessment_lists_missing_items_with_links(client, judged, users):
    client.force_login(users["assessor"])
    r = post(client, judged, action="submit", confirm="1")
    assert r.status_code == 302
    page = client.get(r["Location"].split("#")[0]).content.decode()
    first = judged.template.items.order_by("position").first()
    assert 'id="as-missing"' in page
    assert f'href="/assessments/{judged.pk}/#item-{first.pk}"' in page
    judged.refresh_from_db()
    assert judged.status == "draft"


def test_not_applicable_without_reason_is_listed(client, judged, users):
    complete(judged)
    item = judged.template.items.order_by("position").first()
    Response.objects.filter(assessment=judged, item=item).update(choice="na", not_applicable=True, note="", number=None, text="")
    client.force_login(users["assessor"])
    page = client.get(f"/assessments/{judged.pk}/").content.decode()
    assert "选择不适用但未说明理由" in page and f"#item-{item.pk}" in page


def test_transitions_ask_for_confirmation_first(client, assessment, users):
    complete(assessment)
    client.force_login(users["assessor"])
    r = post(client, assessment, action="submit")
    assert r.status_code == 200
    page = r.content.decode()
    assert "确认提交审核" in page and 'name="confirm"' in page and "required" in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert post(client, assessment, action="submit", confirm="1").status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_return_and_approve_look_different_and_need_confirmation(client, assessment, users):
    complete(assessment)
    apply(assessment, "submit", users["assessor"])
    client.force_login(users["reviewer"])
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    buttons = dict(re.findall(r'<button type="submit" name="action" value="(\w+)" class="([^"]+)"', page))
    assert "as-btn-danger" in buttons["return"] and "as-btn-primary" in buttons["approve"]
    item = assessment.template.items.order_by("position").first()
    r = post(client, assessment, action="return", **{f"comment_{item.pk}": "请补充佐证"})
    assert r.status_code == 200 and "请补充佐证" in r.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    post(client, assessment, action="return", confirm="1", **{f"comment_{item.pk}": "请补充佐证"})
    assessment.refresh_from_db()
    assert assessment.status == "returned"
    assert Response.objects.get(assessment=assessment, item=item).review_comment == "请补充佐证"


def test_review_comments_and_judgements_sit_beside_each_item(client, judged, users):
    complete(judged)
    apply(judged, "submit", users["assessor"])
    client.force_login(users["reviewer"])
    page = client.get(f"/assessments/{judged.pk}/").content.decode()
    items = list(judged.template.items.order_by("position"))
    articles = re.findall(r'<article class="as-item[^"]*" id="item-(\d+)">(.*?)</article>', page, re.S)
    assert len(articles) == len(items)
    for item_id, body in articles:
        # each item carries its own comment box, tied to the review form
        assert f'name="comment_{item_id}" form="as-review"' in body
    needs = [i for i in items if i.needs_judgement]
    assert needs
    by_id = dict(articles)
    assert f'name="judgement_{needs[0].pk}" form="as-review"' in by_id[str(needs[0].pk)]
    # judgements given on the page are recorded with the approval
    data = {"action": "approve", "confirm": "1", **{f"judgement_{i.pk}": "met" for i in needs}}
    data[f"judgement_{needs[0].pk}"] = "not_met"
    client.post(f"/assessments/{judged.pk}/transition/", data)
    judged.refresh_from_db()
    assert judged.status == "approved"
    assert Response.objects.get(assessment=judged, item=needs[0]).judgement == "not_met"


def test_a_reviewer_cannot_approve_an_incomplete_assessment_through_the_page(client, judged, users):
    complete(judged)
    apply(judged, "submit", users["assessor"])
    client.force_login(users["reviewer"])
    r = post(client, judged, action="approve", confirm="1")
    assert r.status_code == 302
    judged.refresh_from_db()
    assert judged.status == "submitted"
    page = client.get(f"/assessments/{judged.pk}/").content.decode()
    assert "待审核评定" in page and "不能审定通过" in page


@pytest.mark.parametrize("show", ["unanswered", "not_met", "commented"])
def test_filters_work_as_plain_links(client, judged, users, show):
    items = list(judged.template.items.order_by("position"))
    first = items[0]
    Response.objects.filter(assessment=judged, item=first).update(review_comment="看这里")
    client.force_login(users["assessor"])
    page = client.get(f"/assessments/{judged.pk}/", {"show": show}).content.decode()
    shown = re.findall(r'<article class="as-item[^"]*" id="item-(\d+)"', page)
    if show == "unanswered":
        assert len(shown) == len(items)
    elif show == "commented":
        assert shown == [str(first.pk)]
    else:
        assert shown == [] and "没有符合筛选条件的检查项" in page


def test_progress_and_next_unanswered_stay_in_view(client, judged, users):
    client.force_login(users["assessor"])
    page = client.get(f"/assessments/{judged.pk}/").content.decode()
    first = judged.template.items.order_by("position").first()
    assert f"已答 0/{judged.total_items}" in page
    assert re.search(rf'class="as-next" href="/assessments/{judged.pk}/#item-{first.pk}"', page)
    css = open("assessment/static/assessment/assessment.css").read()
    assert re.search(r"\.as-scorebox \{[^}]*position: sticky", css)
