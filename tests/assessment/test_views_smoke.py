import pytest

from assessment.answers import save_answer


@pytest.fixture
def answered(assessment, template, users):
    it = template.items.get(title__contains="转诊")
    save_answer(assessment, it, {"choice": "yes", "note": "<script>alert(1)</script>"}, 0, users["assessor"])
    return assessment


def test_pages_render_for_assessor(client, answered, users, template):
    client.force_login(users["assessor"])
    for url in ["/assessments/", f"/assessments/{answered.pk}/", f"/assessments/{answered.pk}/audit/",
                f"/assessments/{answered.pk}/import/", f"/assessments/templates/{template.pk}/"]:
        r = client.get(url)
        assert r.status_code == 200, url
    page = client.get(f"/assessments/{answered.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)" in page and "<script>alert(1)" not in page
    assert "89.95 记为 90.0" in page
    audit = client.get(f"/assessments/{answered.pk}/audit/").content.decode()
    assert "修改作答" in audit and "结论：是" in audit and "&lt;script&gt;" in audit
    assert client.get(f"/assessments/{answered.pk}/report.pdf").content.startswith(b"%PDF")
    assert client.get(f"/assessments/{answered.pk}/export.xlsx").content.startswith(b"PK")


def test_dashboard_renders_for_admin(client, answered, users):
    client.force_login(users["admin"])
    r = client.get("/assessments/dashboard/")
    assert r.status_code == 200
    assert "铁岭县" in r.content.decode()
