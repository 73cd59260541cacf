"""Province administrators edit weights (a template in use gets a new version); dashboard sorting."""

from decimal import Decimal

from assessment.answers import save_answer
from assessment.dashboard import dashboard_data
from assessment.models import ChecklistTemplate


def test_weights_on_a_template_in_use_make_a_new_version(client, users, assessment, template):
    save_answer(assessment, template.items.get(title__contains="转诊"), {"choice": "yes"}, 0, users["assessor"])
    client.force_login(users["admin"])
    item = template.items.get(title__contains="专家")
    r = client.post(f"/assessments/templates/{template.pk}/weights/", {"dim_health": "3", f"item_{item.pk}": "5"})
    assert r.status_code == 302
    new = ChecklistTemplate.objects.get(key=template.key, version=2)
    assert new.is_active and not ChecklistTemplate.objects.get(pk=template.pk).is_active
    assert new.items.get(code=item.code).weight == Decimal(5) and new.dimension_weights["health"] == 3
    template.refresh_from_db()
    assert template.items.get(pk=item.pk).weight == Decimal(2) and template.dimension_weights["health"] == 1
    assessment.refresh_from_db()
    assert assessment.template_id == template.pk


def test_bad_weight_is_refused(client, users, template):
    client.force_login(users["admin"])
    r = client.post(f"/assessments/templates/{template.pk}/weights/", {"dim_health": "-1"})
    assert r.status_code == 400 and "0 到 1000" in r.content.decode()
    r = client.post(f"/assessments/templates/{template.pk}/weights/", {"dim_health": "abc"})
    assert r.status_code == 400 and "不是数字" in r.content.decode()
    template.refresh_from_db()
    assert template.dimension_weights["health"] == 1


def test_unused_template_is_edited_in_place(client, users, template):
    client.force_login(users["admin"])
    client.post(f"/assessments/templates/{template.pk}/weights/", {"dim_management": "2"})
    template.refresh_from_db()
    assert template.dimension_weights["management"] == 2 and ChecklistTemplate.objects.count() == 1


def test_dashboard_sorts_and_trends(users, regions, template, assessment, far_assessment):
    from assessment.workflow import start

    save_answer(assessment, template.items.get(title__contains="转诊"), {"choice": "yes"}, 0, users["assessor"])
    start(regions["county"], "2026-02", users["assessor"], template)
    data = dashboard_data(users["admin"], "2026-03", "total", "desc")
    # started counties sorted; those without an assessment for the period follow as 未开始
    assert [row["county"] for row in data["table"]] == ["铁岭县", "朝阳县", "西丰县"]
    assert data["table"][-1]["status"] == "未开始"
    data = dashboard_data(users["admin"], "2026-03", "total", "asc")
    assert [row["county"] for row in data["table"] if row["id"]] == ["朝阳县", "铁岭县"]
    assert data["chart"]["trend"]["periods"] == ["2026年2月", "2026年3月"]
    assert sum(d["value"] for d in data["chart"]["distribution"] if d["name"] != "未开始") == 2
    assert len(data["chart"]["radar"][0]["value"]) == 5
    # a city reviewer sees only their counties
    assert [row["county"] for row in dashboard_data(users["reviewer"], "2026-03")["table"]] == ["铁岭县", "西丰县"]
