"""Bad input is refused cleanly (nothing stored); xlsx round trip; conflicts over the API."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assessment.answers import response_values, save_answer
from assessment.models import ApiToken, AuditEntry, Evidence, Response
from assessment.xlsx import COL, ImportFailed, export_assessment, import_assessment

API = "/api/v1/assessments"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def item(template, text):
    return template.items.get(title__contains=text)


@pytest.fixture
def auth(users):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(users['assessor'])}"}


def put(client, assessment, it, body, auth, **extra):
    return client.put(f"{API}/{assessment.pk}/responses/{it.pk}", data=json.dumps(body), content_type="application/json", **auth, **extra)


@pytest.mark.parametrize(
    "text,body,message",
    [
        ("住院人次", {"number": 101, "version": 0}, "百分比不能超过 100"),
        ("专家", {"number": -2, "version": 0}, "不能为负数"),
        ("影像", {"date": "2025-13-01", "version": 0}, "无法识别的日期"),
        ("转诊", {"choice": "maybe", "version": 0}, "不是有效结论"),
    ],
)
def test_api_rejects_bad_values_with_400_and_stores_nothing(client, assessment, template, auth, text, body, message):
    it = item(template, text)
    r = put(client, assessment, it, body, auth)
    assert r.status_code == 400 and message in r.json()["error"]
    resp = Response.objects.get(assessment=assessment, item=it)
    assert resp.version == 0 and response_values(resp) == {"choice": "", "number": None, "date": None, "text": "", "note": ""}
    assert not AuditEntry.objects.filter(action="answer").exists()


def test_api_conflict_shows_both_values_and_if_match_works(client, assessment, template, auth):
    it = item(template, "专家")
    r1 = put(client, assessment, it, {"number": 5}, auth, HTTP_IF_MATCH='"0"')
    assert r1.status_code == 200 and r1["ETag"] == '"1"'
    r2 = put(client, assessment, it, {"number": 2, "version": 0}, auth)
    assert r2.status_code == 409
    body = r2.json()
    assert body["current"]["number"] == "5" and body["yours"]["number"] == "2" and body["current_version"] == 1
    assert Response.objects.get(assessment=assessment, item=it).number == Decimal(5)
    assert put(client, assessment, it, {"number": 2}, auth).status_code == 428


def test_html_conflict_page_shows_both_values(client, assessment, template, users):
    it = item(template, "转诊")
    client.force_login(users["assessor"])
    client.post(f"/assessments/{assessment.pk}/items/{it.pk}/", {"choice": "yes", "note": "甲的说明", "version": 0})
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/", {"choice": "no", "note": "乙的说明", "version": 0})
    assert r.status_code == 409
    page = r.content.decode()
    assert "甲的说明" in page and "乙的说明" in page
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/", {"choice": "no", "version": 0}, HTTP_ACCEPT="application/json")
    assert r.status_code == 409 and r.json()["current"]["choice"] == "yes"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("big.pdf", PDF + b"0" * 2048, "文件过大"),
        ("run.exe", b"MZ" + b"\x00" * 100, "不支持的文件类型"),
        ("fake.pdf", PNG, "与扩展名 .pdf 不符"),
        ("fake.png", PDF, "与扩展名 .png 不符"),
        ("fake.txt", PNG, "不是纯文本"),
        ("fake.docx", b"PK\x03\x04" + b"\x00" * 100, "不符"),
    ],
)
def test_bad_evidence_is_refused(client, assessment, template, users, settings, name, content, message):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(users["assessor"])
    it = item(template, "转诊")
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/evidence/", {"file": SimpleUploadedFile(name, content)})
    assert r.status_code == 400 and message in r.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("name,content", [("ok.pdf", PDF), ("ok.png", PNG), ("说明.txt", "转诊记录 2026年".encode())])
def test_good_evidence_is_kept_and_downloadable(client, assessment, template, users, name, content):
    client.force_login(users["assessor"])
    it = item(template, "转诊")
    r = client.post(f"/assessments/{assessment.pk}/items/{it.pk}/evidence/", {"file": SimpleUploadedFile(name, content), "note": "见附件"})
    assert r.status_code == 302
    ev = Evidence.objects.get()
    assert ev.original_name == name and ev.note == "见附件"
    download = client.get(f"/assessments/{assessment.pk}/evidence/{ev.pk}/")
    assert b"".join(download.streaming_content) == content


ANSWERS = {
    "专家": {"number": "4"},
    "影像": {"date": "2025-11-30"},
    "转诊": {"choice": "partly", "note": "=HYPERLINK(\"http://x\")"},
    "住院人次": {"number": "91.5"},
    "医保基金": {"choice": "na"},
    "满意度": {"number": "80", "note": "+1 来自问卷"},
}


def fill_sheet(data: bytes, answers: dict) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["自评估"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value != "检查项":
            continue
        title = row[COL["内容"] - 1].value
        for key, values in answers.items():
            if key in title:
                for field, value in values.items():
                    col = {"choice": "结论", "number": "数值", "date": "日期", "note": "说明", "text": "文字"}[field]
                    if field == "choice":
                        value = {"yes": "是", "partly": "部分", "no": "否", "na": "不适用"}.get(value, value)
                    if field == "number" and value:
                        try:
                            value = float(value)
                        except ValueError:
                            pass
                    row[COL[col] - 1].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def stored(assessment, template):
    return {key: response_values(Response.objects.get(assessment=assessment, item=item(template, key))) for key in ANSWERS}


def test_xlsx_round_trip_equals_the_answers(assessment, template, users):
    blank = export_assessment(assessment)
    filled = fill_sheet(blank, ANSWERS)
    assert import_assessment(assessment, filled, users["assessor"]) == 6
    first = stored(assessment, template)
    for key, values in ANSWERS.items():
        for field, value in values.items():
            assert first[key][field] == value, (key, field)
    # export again: formula-looking text is neutralised, and importing it changes nothing
    again = export_assessment(assessment)
    ws = load_workbook(io.BytesIO(again))["自评估"]
    notes = [c.value for c in ws["J"] if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://x\")" in notes and "'+1 来自问卷" in notes
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert import_assessment(assessment, again, users["assessor"]) == 0
    assert stored(assessment, template) == first
    assessment.refresh_from_db()
    # 专家 pass (w2), 影像 pass (w1): capability 100; 转诊 partly, 住院 pass: orderly 75; 医保 NA; 满意度 fails 85
    assert assessment.dimension_scores["capability"] == 100.0 and assessment.dimension_scores["health"] == 0.0


def test_xlsx_bad_cells_reported_by_row_and_nothing_imported(assessment, template, users):
    blank = export_assessment(assessment)
    bad = fill_sheet(blank, {"专家": {"number": "-3"}, "住院人次": {"number": "150"}, "影像": {"date": "下个月"}, "转诊": {"choice": "是"}})
    with pytest.raises(ImportFailed) as exc:
        import_assessment(assessment, bad, users["assessor"])
    errors = exc.value.errors
    assert len(errors) == 3 and all(e.startswith("第 ") and " 行" in e for e in errors)
    assert any("不能为负数" in e for e in errors) and any("不能超过 100" in e for e in errors) and any("日期" in e for e in errors)
    assert Response.objects.filter(assessment=assessment, version__gt=0).count() == 0


def test_xlsx_stale_file_conflicts_and_other_assessment_refused(assessment, far_assessment, template, users):
    blank = export_assessment(assessment)
    save_answer(assessment, item(template, "转诊"), {"choice": "yes"}, 0, users["assessor"])
    with pytest.raises(ImportFailed, match="导出后已被他人修改"):
        import_assessment(assessment, fill_sheet(blank, {"转诊": {"choice": "no"}, "专家": {"number": "9"}}), users["assessor"])
    assert Response.objects.get(assessment=assessment, item=item(template, "专家")).number is None
    with pytest.raises(ImportFailed, match="另一份自评估"):
        import_assessment(far_assessment, blank, users["far_assessor"])
    with pytest.raises(ImportFailed, match="无法读取"):
        import_assessment(assessment, b"not a workbook", users["assessor"])


def test_import_view_reports_errors(client, assessment, template, users):
    client.force_login(users["assessor"])
    bad = fill_sheet(export_assessment(assessment), {"住院人次": {"number": "150"}})
    r = client.post(f"/assessments/{assessment.pk}/import/", {"file": SimpleUploadedFile("a.xlsx", bad)})
    assert r.status_code == 400 and "不能超过 100" in r.content.decode()


def test_pdf_report_contains_chinese_font(client, assessment, users):
    client.force_login(users["assessor"])
    pdf = client.get(f"/assessments/{assessment.pk}/report.pdf").content
    # an embedded TrueType CJK font, or (without one installed) the CID fallback STSong-Light
    assert pdf.startswith(b"%PDF") and (b"/FontFile2" in pdf or b"STSong-Light" in pdf)


def test_carry_dates_keep_type(assessment, template, users):
    save_answer(assessment, item(template, "影像"), {"date": "2025/12/31"}, 0, users["assessor"])
    assert Response.objects.get(assessment=assessment, item=item(template, "影像")).date == date(2025, 12, 31)
