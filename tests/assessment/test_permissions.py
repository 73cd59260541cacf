"""Each role × each view, endpoint and export, including another county's assessment by URL and API."""

import json

import pytest

from assessment.models import ApiToken, Assessment, Evidence, Response
from tests.assessment.conftest import complete

ROLES = ["assessor", "sibling_assessor", "far_assessor", "reviewer", "other_reviewer", "admin", "public", "anonymous"]
VIEWERS = {"assessor", "reviewer", "admin"}


def login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])


def expected_read(role):
    if role == "anonymous":
        return 302
    return 200 if role in VIEWERS else 404


@pytest.fixture
def evidence(assessment, template):
    r = Response.objects.get(assessment=assessment, item=template.items.first())
    from django.core.files.base import ContentFile

    ev = Evidence(response=r, original_name="名单.txt", kind="txt", size=6)
    ev.file.save("list.txt", ContentFile("名单".encode()), save=True)
    return ev


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["", "audit/", "export.xlsx", "report.pdf", "evidence"])
def test_read_views_and_exports(client, users, assessment, evidence, role, suffix):
    login(client, users, role)
    url = f"/assessments/{assessment.pk}/" + (f"evidence/{evidence.pk}/" if suffix == "evidence" else suffix)
    r = client.get(url)
    assert r.status_code == expected_read(role), (role, url)
    if r.status_code == 404:
        assert "铁岭县" not in r.content.decode(errors="ignore")
    if r.status_code == 302:
        assert r["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "role,status",
    [("assessor", 302), ("sibling_assessor", 404), ("far_assessor", 404), ("reviewer", 403),
     ("other_reviewer", 404), ("admin", 403), ("public", 404), ("anonymous", 302)],
)
def test_saving_an_answer(client, users, assessment, template, role, status):
    login(client, users, role)
    item = template.items.get(title__contains="转诊")
    r = client.post(f"/assessments/{assessment.pk}/items/{item.pk}/", {"choice": "yes", "version": 0})
    assert r.status_code == status
    stored = Response.objects.get(assessment=assessment, item=item).choice
    assert stored == ("yes" if role == "assessor" else "")


@pytest.mark.parametrize(
    "role,status",
    [("assessor", 200), ("sibling_assessor", 404), ("reviewer", 403), ("admin", 403), ("public", 404), ("anonymous", 302)],
)
def test_import_page(client, users, assessment, role, status):
    login(client, users, role)
    assert client.get(f"/assessments/{assessment.pk}/import/").status_code == status


@pytest.mark.parametrize(
    "role,status",
    [("assessor", 403), ("sibling_assessor", 403), ("reviewer", 200), ("other_reviewer", 200), ("admin", 200),
     ("public", 403), ("anonymous", 302)],
)
def test_dashboard(client, users, assessment, far_assessment, role, status):
    login(client, users, role)
    r = client.get("/assessments/dashboard/")
    assert r.status_code == status
    if role == "other_reviewer":
        page = r.content.decode()
        assert "朝阳县" in page and "铁岭县" not in page


@pytest.mark.parametrize("role", ROLES)
def test_template_management_only_for_province(client, users, template, role):
    login(client, users, role)
    for url in ["/assessments/templates/", f"/assessments/templates/{template.pk}/weights/"]:
        r = client.get(url)
        assert r.status_code == {"admin": 200, "anonymous": 302}.get(role, 403), (role, url)


@pytest.mark.parametrize(
    "role,status", [("assessor", 200), ("reviewer", 200), ("admin", 200), ("sibling_assessor", 200), ("public", 200), ("anonymous", 302)]
)
def test_list_shows_only_scope(client, users, assessment, far_assessment, role, status):
    login(client, users, role)
    r = client.get("/assessments/")
    assert r.status_code == status
    if status == 200:
        page = r.content.decode()
        assert (f"/assessments/{assessment.pk}/" in page) == (role in VIEWERS)
        assert (f"/assessments/{far_assessment.pk}/" in page) == (role == "admin")


def test_workflow_buttons_by_role(client, users, assessment):
    complete(assessment)
    client.force_login(users["reviewer"])
    assert client.post(f"/assessments/{assessment.pk}/transition/", {"action": "submit"}).status_code == 403
    client.force_login(users["sibling_assessor"])
    assert client.post(f"/assessments/{assessment.pk}/transition/", {"action": "submit"}).status_code == 404
    client.force_login(users["assessor"])
    assert client.post(f"/assessments/{assessment.pk}/transition/", {"action": "submit", "confirm": "1"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    client.force_login(users["other_reviewer"])
    assert client.post(f"/assessments/{assessment.pk}/transition/", {"action": "approve"}).status_code == 404
    client.force_login(users["reviewer"])
    client.post(f"/assessments/{assessment.pk}/transition/", {"action": "approve", "confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.status == "approved"


def test_create_only_for_own_county(client, users, regions, template):
    client.force_login(users["assessor"])
    r = client.post("/assessments/new/", {"region": regions["far"].pk, "period": "2026-05"})
    assert r.status_code == 404
    r = client.post("/assessments/new/", {"region": regions["county"].pk, "period": "2026-05"})
    assert r.status_code == 302 and r["Location"].startswith("/assessments/")


# --- JSON API ---------------------------------------------------------------------------------

API = "/api/v1/assessments"


def api_headers(users, role):
    if role == "anonymous":
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(users[role])}"}


@pytest.mark.parametrize("role", ROLES)
def test_api_read(client, users, assessment, role):
    r = client.get(f"{API}/{assessment.pk}", **api_headers(users, role))
    expected = 401 if role == "anonymous" else (200 if role in VIEWERS else 404)
    assert r.status_code == expected
    if expected == 200:
        body = r.json()
        assert body["region"] == "铁岭县" and len(body["items"]) == 6
    else:
        assert "铁岭县" not in r.content.decode()


@pytest.mark.parametrize(
    "role,status",
    [("assessor", 200), ("sibling_assessor", 404), ("far_assessor", 404), ("reviewer", 403), ("admin", 403),
     ("public", 404), ("anonymous", 401)],
)
def test_api_update(client, users, assessment, template, role, status):
    item = template.items.get(title__contains="专家")
    r = client.put(
        f"{API}/{assessment.pk}/responses/{item.pk}", data=json.dumps({"number": 3, "version": 0}),
        content_type="application/json", **api_headers(users, role),
    )
    assert r.status_code == status
    if status == 200:
        assert r.json()["passed"] is True and r.json()["version"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_api_list(client, users, assessment, far_assessment, role):
    r = client.get(f"{API}/", **api_headers(users, role))
    if role == "anonymous":
        assert r.status_code == 401
        return
    ids = {a["id"] for a in r.json()["items"]}
    assert (assessment.pk in ids) == (role in VIEWERS)
    assert (far_assessment.pk in ids) == (role in {"admin", "far_assessor", "other_reviewer"})


@pytest.mark.parametrize(
    "role,action,status",
    [("assessor", "approve", 403), ("reviewer", "submit", 403), ("sibling_assessor", "submit", 404),
     ("public", "submit", 404), ("anonymous", "submit", 401), ("assessor", "submit", 200)],
)
def test_api_transitions(client, users, assessment, role, action, status):
    complete(assessment)
    r = client.post(f"{API}/{assessment.pk}/{action}", **api_headers(users, role))
    assert r.status_code == status


def test_api_session_auth(client, users, assessment):
    client.force_login(users["assessor"])
    assert client.get(f"{API}/{assessment.pk}").status_code == 200


def test_api_lifecycle_create_return_with_item_comments_approve_reopen(client, users, regions, template):
    assessor, reviewer, admin = (api_headers(users, r) for r in ("assessor", "reviewer", "admin"))
    r = client.post(f"{API}/", data=json.dumps({"region_code": "211221", "period": "2026H1"}), content_type="application/json", **assessor)
    assert r.status_code == 201 and r.json()["period_label"] == "2026年上半年"
    pk = r.json()["id"]
    again = client.post(f"{API}/", data=json.dumps({"region_code": "211221", "period": "2026H1"}), content_type="application/json", **assessor)
    assert again.status_code == 409
    bad = client.post(f"{API}/", data=json.dumps({"region_code": "211221", "period": "2026Q1"}), content_type="application/json", **assessor)
    assert bad.status_code == 400 and "2026H1" in bad.json()["error"]
    other = client.post(f"{API}/", data=json.dumps({"region_code": "211321", "period": "2026"}), content_type="application/json", **assessor)
    assert other.status_code == 404
    # nothing answered yet: submitting is refused with the list of missing items
    refused = client.post(f"{API}/{pk}/submit", **assessor)
    assert refused.status_code == 409 and "未作答" in refused.json()["error"]
    complete(Assessment.objects.get(pk=pk))
    assert client.post(f"{API}/{pk}/submit", **assessor).status_code == 200
    code = template.items.get(title__contains="转诊").code
    r = client.post(f"{API}/{pk}/return", data=json.dumps({"item_comments": {code: "缺少转诊台账"}}), content_type="application/json", **reviewer)
    assert r.status_code == 200 and r.json()["status"] == "returned"
    detail = client.get(f"{API}/{pk}", **assessor).json()
    assert next(i for i in detail["items"] if i["code"] == code)["response"]["review_comment"] == "缺少转诊台账"
    assert client.post(f"{API}/{pk}/submit", **assessor).status_code == 200
    assert client.post(f"{API}/{pk}/approve", **reviewer).json()["status"] == "approved"
    item = template.items.get(code=code)
    locked = client.put(f"{API}/{pk}/responses/{item.pk}", data=json.dumps({"choice": "yes", "version": 0}), content_type="application/json", **assessor)
    assert locked.status_code == 409
    assert client.post(f"{API}/{pk}/reopen", **reviewer).status_code == 403
    assert client.post(f"{API}/{pk}/reopen", **admin).json()["status"] == "draft"
