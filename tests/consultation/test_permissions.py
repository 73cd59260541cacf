"""Who sees and does what: unit members, the drafting group, other units, the public."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.consultation.conftest import clause, close

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_comment(client, c, clause_path="4", text="建议补充医共体建设数量的测算依据。"):
    return client.post(f"/consultation/{c.pk}/comment/", {"clause": clause_path, "text": text, "proposed_wording": "", "reason": ""})


def api_comments(client, c, **params):
    response = client.get(f"/api/v1/consultations/{c.pk}/comments", params)
    assert response.status_code == 200
    return response.json()


def test_unit_comments_on_a_clause_and_sees_only_its_own(world):
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    response = post_comment(client_for(users["a"]), c, "4", "甲单位：建议明确“协同体系”的内容。")
    assert response.status_code == 302
    post_comment(client_for(users["b"]), c, "", "乙单位：全文术语应统一。")
    a_comment = Comment.objects.get(organisation=world["a"])
    assert a_comment.clause == clause(world["version"], "4") and a_comment.clause_label == "4"
    b_comment = Comment.objects.get(organisation=world["b"])
    assert b_comment.is_whole_document and b_comment.clause is None

    # unit A sees its comment, not B's — on the page and through the API
    page_a = client_for(users["a"]).get(c.get_absolute_url()).content.decode()
    assert "甲单位：建议明确" in page_a and "乙单位" not in page_a
    assert [x["text"] for x in api_comments(client_for(users["a"]), c)["items"]] == ["甲单位：建议明确“协同体系”的内容。"]
    assert client_for(users["a"]).get(f"/api/v1/consultations/comments/{b_comment.pk}").status_code == 404
    # the public and an uninvited unit see nothing before publication
    for viewer in (None, users["outsider"], users["c"]):
        client = client_for(viewer)
        page = client.get(c.get_absolute_url()).content.decode()
        assert "甲单位" not in page and "乙单位" not in page
        assert api_comments(client, c)["count"] == 0
        assert client.get(f"/api/v1/consultations/comments/{a_comment.pk}").status_code == 404
        assert client.get(f"/consultation/{c.pk}/summary.xlsx").status_code == 404
    # the drafting group sees both, with counts
    drafter = client_for(users["drafter"])
    assert api_comments(drafter, c)["count"] == 2
    page = drafter.get(f"/consultation/{c.pk}/dispositions/").content.decode()
    assert "甲单位：建议明确" in page and "乙单位：全文术语应统一" in page
    assert '<span class="cs-count" data-count-for="4">1</span>' in page


def test_who_may_comment(world):
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    assert client_for(users["outsider"]).get(f"/consultation/{c.pk}/comment/").status_code == 403
    assert post_comment(client_for(users["c"]), c).status_code == 403  # a unit that was not invited
    assert post_comment(client_for(users["drafter"]), c).status_code == 403  # drafters do not comment
    assert post_comment(Client(), c).status_code == 302  # to the login page
    assert Client().post(f"/api/v1/consultations/{c.pk}/comments", json.dumps({"text": "x"}), content_type="application/json").status_code == 401
    assert not Comment.objects.exists()


def test_comment_after_the_end_date_is_refused(world):
    from consultation import services
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    close(c)
    with pytest.raises(services.ConsultationClosed, match="截止"):
        services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="4", text="晚到的意见")
    response = post_comment(client_for(users["a"]), c)
    assert response.status_code == 403 and "不再接收意见" in response.content.decode()
    api = client_for(users["a"]).post(
        f"/api/v1/consultations/{c.pk}/comments", json.dumps({"clause": "4", "text": "晚到的意见"}), content_type="application/json"
    )
    assert api.status_code == 403 and "截止" in api.json()["error"]
    assert not Comment.objects.exists()


def test_the_end_date_itself_is_still_open(world):
    from django.utils import timezone

    c = world["c"]
    c.ends_on = timezone.localdate()
    c.save()
    assert post_comment(client_for(world["users"]["a"]), c).status_code == 302


def test_only_the_drafting_group_disposes(world):
    from consultation import services
    from consultation.models import Disposition

    c, users = world["c"], world["users"]
    comment = services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="推进机制应写明牵头部门。")
    url = f"/consultation/{c.pk}/comments/{comment.pk}/dispose/"
    assert client_for(users["a"]).post(url, {"decision": "accepted"}).status_code == 403
    assert client_for(users["other_drafter"]).post(url, {"decision": "accepted"}).status_code == 404
    assert client_for(None).post(url, {"decision": "accepted"}).status_code == 404
    assert client_for(users["other_drafter"]).get(f"/consultation/{c.pk}/dispositions/").status_code == 404
    api_url = f"/api/v1/consultations/comments/{comment.pk}/disposition"
    body = json.dumps({"decision": "rejected", "reason": "不在本标准范围内。"})
    assert client_for(users["a"]).put(api_url, body, content_type="application/json").status_code == 403
    assert client_for(users["b"]).put(api_url, body, content_type="application/json").status_code == 404
    assert not Disposition.objects.exists()
    with pytest.raises(PermissionDenied):
        services.dispose(users["a"], comment, decision="accepted")

    # a rejection without a reason is refused; with one it is stored
    response = client_for(users["drafter"]).put(api_url, json.dumps({"decision": "rejected"}), content_type="application/json")
    assert response.status_code == 400 and "理由" in response.json()["error"]
    response = client_for(users["drafter"]).put(api_url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["decision_label"] == "未采纳"
    assert client_for(users["drafter"]).post(url, {"decision": "accepted", "reason": ""}).status_code == 302
    comment.refresh_from_db()
    assert comment.disposition.decision == "accepted" and comment.disposition.decided_by == users["drafter"]
    # the unit sees its disposition
    assert client_for(users["a"]).get(f"/api/v1/consultations/comments/{comment.pk}").json()["state_label"] == "采纳"


def test_publication_opens_the_summary_to_everyone(world):
    from consultation import services

    c, users = world["c"], world["users"]
    first = services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="6", text="评价周期建议改为季度。")
    with pytest.raises(services.ConsultationError, match="截止后"):
        services.publish_summary(users["drafter"], c)
    close(c)
    with pytest.raises(services.ConsultationError, match="未处理"):
        services.publish_summary(users["drafter"], c)
    with pytest.raises(PermissionDenied):
        services.publish_summary(users["a"], c)
    services.dispose(users["drafter"], first, decision="partly", reason="半年度评价保留，增加季度监测。")
    assert client_for(users["a"]).post(f"/consultation/{c.pk}/publish/").status_code == 403
    assert client_for(users["drafter"]).post(f"/consultation/{c.pk}/publish/", {"published": "1"}).status_code == 302
    c.refresh_from_db()
    assert c.summary_published
    for viewer in (None, users["b"], users["c"]):
        client = client_for(viewer)
        page = client.get(c.get_absolute_url()).content.decode()
        assert "评价周期建议改为季度" in page and "半年度评价保留" in page
        assert "收到 1 个单位 1 条意见，采纳 0 条，部分采纳 1 条，未采纳 0 条。" in page
        assert api_comments(client, c)["count"] == 1
        assert client.get(f"/consultation/{c.pk}/summary.docx").status_code == 200
    # publishing does not make the public a drafter
    assert client_for(users["b"]).get(f"/consultation/{c.pk}/dispositions/").status_code == 403


def test_opening_a_consultation(world, standard_version):
    from datetime import date

    from consultation import services
    from content.models import Version

    users = world["users"]
    with pytest.raises(PermissionDenied):
        services.open_consultation(users["a"], standard_version, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), invited=[world["a"]])
    published = Version.objects.exclude(stage="consultation").first()
    from consultation.models import DraftingGroupMember

    DraftingGroupMember.objects.create(user=users["drafter"], work=published.work)
    drafter = type(users["drafter"]).objects.get(pk=users["drafter"].pk)  # roles are cached per user object
    with pytest.raises(services.ConsultationError, match="征求意见稿"):
        services.open_consultation(drafter, published, starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), invited=[world["a"]])
    response = client_for(users["drafter"]).post(
        f"/consultation/open/{standard_version.pk}/",
        {"starts_on": "2026-03-01", "ends_on": "2026-02-01", "invited": [world["a"].pk]},
    )
    assert response.status_code == 400 and "截止日期不能早于开始日期" in response.content.decode()
    response = client_for(users["drafter"]).post(
        f"/consultation/open/{standard_version.pk}/",
        {"starts_on": "2026-03-01", "ends_on": "2026-03-31", "invited": [world["a"].pk, world["b"].pk]},
    )
    assert response.status_code == 302
    assert client_for(users["a"]).get(f"/consultation/open/{standard_version.pk}/").status_code == 403


def test_user_text_is_escaped(world):
    c, users = world["c"], world["users"]
    post_comment(client_for(users["a"]), c, "4", "<script>alert(1)</script>")
    page = client_for(users["drafter"]).get(f"/consultation/{c.pk}/dispositions/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_index_offers_opening_to_the_drafting_group_only(world):
    users, version = world["users"], world["version"]
    open_url = f"/consultation/open/{version.pk}/"
    assert open_url in client_for(users["drafter"]).get("/consultation/").content.decode()
    for viewer in (None, users["a"], users["other_drafter"]):
        page = client_for(viewer).get("/consultation/").content.decode()
        assert world["c"].get_absolute_url() in page and open_url not in page
