"""The typed boundary of the assessment API and pages: bad and hostile input answers a clear 4xx
and changes nothing (run on SQLite and, with ``make test-postgres``, on PostgreSQL)."""

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.models import ApiToken, Assessment, AuditEntry, Evidence, Response
from assessment.xlsx import export_assessment
from tests.assessment.test_inputs_xlsx import fill_sheet, item

API = "/api/v1/assessments"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def auth(users):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(users['assessor'])}"}


def snapshot():
    return (
        Assessment.objects.count(),
        list(Response.objects.order_by("pk").values_list("pk", "version", "choice", "number", "date", "text", "note")),
        AuditEntry.objects.count(),
        Evidence.objects.count(),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"number": 1e1000000, "version": 0}', "不是有效数字"),
        ('{"number": "1e1000000", "version": 0}', "过大"),
        ('{"number": -1e1000000, "version": 0}', "不是有效数字"),
        ('{"number": "12", "version": "x"}', "version"),
        ('{"number": true, "version": 0}', "number"),
        ('{"number": {"a": 1}, "version": 0}', "number"),
        ("[1, 2]", "参数"),
        ("{not json", "不是有效的 JSON"),
        ('{"note": "' + "长" * 6000 + '", "version": 0}', "过长"),
    ],
)
def test_bad_answer_bodies_are_400_and_change_nothing(client, assessment, template, auth, body, message):
    it = item(template, "专家")
    before = snapshot()
    r = client.put(f"{API}/{assessment.pk}/responses/{it.pk}", data=body, content_type="application/json", **auth)
    assert r.status_code == 400, r.content[:300]
    assert message in r.json()["error"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"region_code": 211221}', 400),
        ('{"period": "2026H1"}', 400),
        ('{"region_code": "211221", "period": "2026H1", "carry_over": "perhaps"}', 400),
        ('"just a string"', 400),
        ('{"region_code": "211221", "period": "1e1000000"}', 400),
    ],
)
def test_bad_create_bodies_are_400(client, regions, users, auth, body, status):
    before = snapshot()
    r = client.post(f"{API}/", data=body, content_type="application/json", **auth)
    assert r.status_code == status and r.json()["error"]
    assert snapshot() == before


def test_bad_transition_bodies_are_400(client, assessment, auth):
    before = snapshot()
    for body in ('{"item_comments": ["a"]}', '{"comment": 5}', "{oops"):
        r = client.post(f"{API}/{assessment.pk}/submit", data=body, content_type="application/json", **auth)
        assert r.status_code == 400, body
    assert snapshot() == before


def test_lists_are_paginated(client, assessment, far_assessment, users):
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(users['admin'])}"}
    first = client.get(f"{API}/", {"page_size": 1}, **token).json()
    second = client.get(f"{API}/", {"page_size": 1, "page": 2}, **token).json()
    assert first["count"] == 2 and len(first["items"]) == 1 and len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert client.get(f"{API}/", {"page": "abc"}, **token).status_code == 400


def test_openapi_lists_parameters_and_bodies(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]

    def params(path, method="get"):
        return {p["name"] for p in paths[path][method].get("parameters", [])}

    assert {"q", "page", "per_page", "type", "level", "document"} <= params("/api/v1/search")
    assert {"q", "limit"} <= params("/api/v1/search/autocomplete")
    assert {"kind", "level", "stage", "page", "page_size"} <= params("/api/v1/documents/")
    assert {"period", "status", "page", "page_size"} <= params("/api/v1/assessments/")
    assert {"radius"} <= params("/api/v1/graph/works/{key}/neighbourhood")
    for path, method in [
        ("/api/v1/assessments/", "post"),
        ("/api/v1/assessments/{pk}/responses/{item_id}", "put"),
        ("/api/v1/assessments/{pk}/return", "post"),
    ]:
        body = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body, (path, method)
    components = schema["components"]["schemas"]
    assert {"version", "choice", "number", "date", "text", "note"} <= set(components["AnswerIn"]["properties"])
    assert {"region_code", "period", "carry_over"} <= set(components["AssessmentCreateIn"]["properties"])


# --- the pages (Django forms) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"version": "abc", "number": "3"},
        {"version": "1e1000000", "number": "3"},
        {"version": "0", "number": "1e1000000"},
        {"version": "0", "number": "9" * 200},
    ],
)
def test_answer_form_refuses_bad_numbers_and_ids(client, assessment, template, users, data):
    client.force_login(users["assessor"])
    it = item(template, "专家")
    before = snapshot()
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/", data)
    assert r.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("region", ["abc", "1e1000000", "-1", "9" * 40])
def test_create_form_with_a_non_numeric_region_is_4xx(client, regions, users, region):
    client.force_login(users["assessor"])
    before = snapshot()
    r = client.post("/assessments/new/", {"region": region, "period": "2026H1"})
    assert r.status_code in {400, 404}
    assert snapshot() == before


def test_transition_form_with_odd_item_ids_and_actions(client, assessment, users):
    client.force_login(users["assessor"])
    before = snapshot()
    assert client.post(f"/assessments/{assessment.pk}/transition/", {"action": "explode"}).status_code == 400
    r = client.post(f"/assessments/{assessment.pk}/transition/", {"action": "submit", "comment_1e99": "x", "comment_abc": "y"})
    assert r.status_code == 302
    assert snapshot()[0] == before[0]


def test_weights_form_refuses_huge_exponents(client, template, users):
    client.force_login(users["admin"])
    it = template.items.first()
    r = client.post(f"/assessments/templates/{template.pk}/weights/", {f"item_{it.pk}": "1e1000000"})
    assert r.status_code == 400
    it.refresh_from_db()
    assert it.weight < 1000


def test_xlsx_with_a_huge_exponent_is_refused_by_row(client, assessment, template, users):
    client.force_login(users["assessor"])
    filled = fill_sheet(export_assessment(assessment), {"专家": {"number": "7"}})
    source = zipfile.ZipFile(io.BytesIO(filled))
    out, replaced = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content, n = re.subn(rb"<v>7(\.0)?</v>", b"<v>1e1000000</v>", content)
                replaced += n
            target.writestr(info, content)
    assert replaced == 1
    before = snapshot()
    r = client.post(f"/assessments/{assessment.pk}/import/", {"file": SimpleUploadedFile("a.xlsx", out.getvalue())})
    assert r.status_code == 400 and "不是有效数字" in r.content.decode()
    assert snapshot() == before


def test_xlsx_zip_bomb_is_refused(client, assessment, users):
    client.force_login(users["assessor"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    before = snapshot()
    r = client.post(f"/assessments/{assessment.pk}/import/", {"file": SimpleUploadedFile("a.xlsx", out.getvalue())})
    assert r.status_code == 400 and "解压后大小" in r.content.decode()
    assert snapshot() == before


def test_evidence_with_a_name_longer_than_the_file_system_allows(client, assessment, template, users):
    client.force_login(users["assessor"])
    it = item(template, "转诊")
    # 279 characters, 829 bytes in UTF-8: a file name holds 255 bytes, and Django's UploadedFile
    # would keep only 255 characters; longer part headers (over 1 KB) Django refuses with 400
    name = "县域医共体" * 55 + ".pdf"
    upload = io.BytesIO(PDF)
    upload.name = name  # not an UploadedFile, which would cut the name to 255 characters on our side
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/evidence/", {"file": upload})
    assert r.status_code == 302
    ev = Evidence.objects.get()
    assert ev.original_name == name
    stored = ev.file.name.rsplit("/", 1)[-1]
    assert len(stored) <= 40 and stored.endswith(".pdf")
    download = client.get(f"/assessments/{assessment.pk}/evidence/{ev.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''" in download["Content-Disposition"]
    assert "%E5%8E%BF%E5%9F%9F" in download["Content-Disposition"]
    huge = io.BytesIO(PDF)
    huge.name = "县域医共体" * 120 + ".pdf"
    before = snapshot()
    assert client.post(f"/assessments/{assessment.pk}/items/{it.pk}/evidence/", {"file": huge}).status_code == 400
    assert snapshot() == before


def test_pdf_report_survives_long_source_clauses_and_answers(client, assessment, template, users):
    client.force_login(users["assessor"])
    long = "医共体应当建立健全管理制度并严格执行。" * 800  # ~15,000 characters
    for it in template.items.all():
        it.sources = [{"citation": long, "url": "/documents/x/art1/", "text": long}] * 3
        it.title = long[:3000]
        it.save(update_fields=["sources", "title"])
    it = item(template, "编制") if template.items.filter(title__contains="编制").exists() else template.items.first()
    Response.objects.update_or_create(assessment=assessment, item=it, defaults={"text": long[:5000], "note": long[:5000]})
    r = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert b"/URI" in r.content  # the cut text links to the full text on the portal


def test_nul_in_answer_form_and_api(client, assessment, template, users, auth):
    client.force_login(users["assessor"])
    it = item(template, "转诊")
    before = snapshot()
    assert client.post(f"/assessments/{assessment.pk}/items/{it.pk}/", {"note": "a\x00b", "version": 0}).status_code == 400
    body = json.dumps({"note": "a\x00b", "version": 0})
    r = client.put(f"{API}/{assessment.pk}/responses/{it.pk}", data=body, content_type="application/json", **auth)
    assert r.status_code == 400 and "NUL" in r.json()["error"]
    assert snapshot() == before
