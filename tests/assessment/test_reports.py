"""Reports: the PDF embeds a subset CJK TrueType font and has header, page numbers and signatures;
the xlsx has Chinese headers, a 达标 column and review comments, and protects all but the answers;
the dashboard lists every county of one period, including those that have not started."""

import io
import logging

import pytest
from pypdf import PdfReader

from assessment import pdf
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
