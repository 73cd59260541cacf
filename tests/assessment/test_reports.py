"""Reports: the PDF embeds a subset CJK TrueType font and has header, page numbers and signatures;
the xlsx has Chinese headers, a 达标 column and review comments, and protects all but the answers;
the dashboard lists every county of one period, including those that have not started."""

import io
import logging

import pytest
from pypdf import PdfReader

from assessment import pdf
from assessment.workflow import apply
from tests.assessment.conftest import complete


def fonts_of(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            found.append({"name": str(font["/BaseFont"]), "descriptor": descriptor.get_object() if descriptor else {}})
    return found


@pytest.mark.skipif(not any(__import__("pathlib").Path(p).is_file() for p, _i in pdf.TTF_CANDIDATES),
                    reason="no TrueType CJK font installed (Debian package fonts-wqy-microhei)")
def test_pdf_embeds_a_subset_font_and_carries_header_page_numbers_and_signatures(client, assessment, users):
    complete(assessment)
    client.force_login(users["assessor"])
    r = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.content))
    fonts = fonts_of(reader)
    embedded = [f for f in fonts if "/FontFile2" in f["descriptor"]]
    assert embedded, fonts
    # a subset font is named XXXXXX+Name
    assert all("+" in f["name"] for f in embedded)
    text = [page.extract_text() for page in reader.pages]
    total = len(reader.pages)
    for n, page_text in enumerate(text, 1):
        assert f"第 {n} 页 / 共 {total} 页" in page_text
        assert assessment.region.name in page_text and f"v{assessment.template.version}" in page_text
    assert "填报人" in text[-1] and "审核人" in text[-1] and "日期" in text[-1]


def test_pdf_falls_back_to_the_cid_font_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="assessment.pdf"):
        assert pdf._font([("/nonexistent/font.ttc", 0)]) == pdf.CID_FALLBACK
    assert "fonts-wqy-microhei" in caplog.text


def test_xlsx_has_chinese_headers_verdicts_comments_and_protects_all_but_answers(client, assessment, users):
    from openpyxl import load_workbook

    from assessment.xlsx import ANSWER_COLUMNS, COL, HEADER_ROW

    complete(assessment)
    apply(assessment, "submit", users["assessor"])
    first = assessment.template.items.order_by("position").first()
    apply(assessment, "return", users["reviewer"], item_comments={first.pk: "请附会议纪要"})
    client.force_login(users["assessor"])
    r = client.get(f"/assessments/{assessment.pk}/export.xlsx")
    ws = load_workbook(io.BytesIO(r.content))["自评估"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:5] == ["层级", "编号", "内容", "作答类型", "判定规则"] and "达标" in header and "审核意见" in header
    rows = {row[COL["编号"] - 1].value: row for row in ws.iter_rows(min_row=HEADER_ROW + 1) if row[0].value == "检查项"}
    assert rows[first.code][COL["审核意见"] - 1].value == "请附会议纪要"
    verdicts = {row[COL["达标"] - 1].value for row in rows.values()}
    assert verdicts & {"达标", "未达标"}
    assert ws.protection.sheet
    row = rows[first.code]
    for name in ANSWER_COLUMNS:
        assert row[COL[name] - 1].protection.locked is False, name
    for name in ("编号", "内容", "判定规则", "达标", "审核意见", "版本号（勿改）"):
        assert row[COL[name] - 1].protection.locked is True, name
    assert ws.cell(1, 1).protection.locked is True


def test_xlsx_round_trip_still_imports(client, assessment, users):
    from assessment.xlsx import export_assessment, import_assessment

    complete(assessment)
    data = export_assessment(assessment)
    assert import_assessment(assessment, data, users["assessor"]) >= 0


def test_dashboard_lists_a_county_without_an_assessment_as_not_started(client, users, regions, assessment):
    client.force_login(users["reviewer"])
    page = client.get("/assessments/dashboard/", {"period": assessment.period}).content.decode()
    quiet = regions["sibling"].name  # 西丰县 has no assessment
    row = page[page.index(quiet) - 200: page.index(quiet) + 600]
    assert "未开始" in row and "as-not-started" in row
    assert "铁岭县" in page
    # a county of another city stays out of this reviewer's dashboard
    assert "朝阳县" not in page
