from datetime import date
from decimal import Decimal

import pytest

from assessment.answers import Conflict, Locked, save_answer
from assessment.models import AuditEntry, Evidence, Response
from assessment.values import InvalidAnswer
from assessment.workflow import NotAllowed, WorkflowError, apply, start
from tests.assessment.conftest import complete


def item(template, text):
    return template.items.get(title__contains=text)


def test_template_items_trace_to_clauses_with_their_text(template):
    items = list(template.items.all())
    # five scored obligations (the 鼓励 one is left out) and one indicator
    assert len(items) == 6
    experts = item(template, "专家")
    assert experts.response_type == "number" and experts.comparator == ">=" and experts.threshold == 3
    assert experts.unit == "名" and experts.dimension == "capability"
    assert experts.sources[0]["text"].startswith("牵头医院每季度至少派出3名以上专家")
    assert experts.clauses.get().label == "5.1"
    imaging = item(template, "影像")
    assert imaging.response_type == "date" and imaging.deadline == date(2025, 12, 31)
    assert item(template, "住院人次").response_type == "percentage"
    assert item(template, "转诊").dimension == "orderly_care"
    assert item(template, "医保基金").dimension == "operations"
    sat = item(template, "满意度")
    assert sat.indicator is not None and sat.dimension == "health" and sat.threshold == 85
    assert not template.items.filter(title__contains="鼓励").exists()
    assert [i.code for i in items][:2] == ["A1", "B1"] or items[0].code[0] in "ABCDE"


@pytest.mark.parametrize("answer,passes", [("2", False), ("3", True)])
def test_quantified_item_evaluates_itself(assessment, template, users, answer, passes):
    experts = item(template, "专家")
    save_answer(assessment, experts, {"number": answer}, 0, users["assessor"])
    assessment.refresh_from_db()
    # capability holds the experts item (weight 2, quantified) and the imaging item (weight 1)
    assert assessment.dimension_scores["capability"] == (66.7 if passes else 0.0)


@pytest.mark.parametrize("answer,passes", [("2025-12-31", True), ("2026-01-01", False)])
def test_deadline_item_passes_or_fails_on_the_date(assessment, template, users, answer, passes):
    imaging = item(template, "影像")
    save_answer(assessment, imaging, {"date": answer}, 0, users["assessor"])
    assessment.refresh_from_db()
    assert assessment.dimension_scores["capability"] == (33.3 if passes else 0.0)


def test_stale_version_conflicts_with_both_values(assessment, template, users):
    it = item(template, "转诊")
    save_answer(assessment, it, {"choice": "yes"}, 0, users["assessor"])
    with pytest.raises(Conflict) as exc:
        save_answer(assessment, it, {"choice": "no"}, 0, users["assessor"])
    assert exc.value.current["choice"] == "yes" and exc.value.yours["choice"] == "no"
    assert Response.objects.get(assessment=assessment, item=it).choice == "yes"


def test_invalid_answer_stores_nothing(assessment, template, users):
    it = item(template, "住院人次")
    with pytest.raises(InvalidAnswer):
        save_answer(assessment, it, {"number": "120"}, 0, users["assessor"])
    r = Response.objects.get(assessment=assessment, item=it)
    assert r.number is None and r.version == 0


def test_workflow_and_audit_log(assessment, template, users):
    it = item(template, "转诊")
    save_answer(assessment, it, {"choice": "yes"}, 0, users["assessor"])
    complete(assessment)  # every other item answered (submitting an incomplete one is refused)
    with pytest.raises(NotAllowed):
        apply(assessment, "approve", users["assessor"])
    apply(assessment, "submit", users["assessor"])
    with pytest.raises(Locked):
        save_answer(assessment, it, {"choice": "no"}, 1, users["assessor"])
    with pytest.raises(WorkflowError, match="审核意见"):
        apply(assessment, "return", users["reviewer"])
    apply(assessment, "return", users["reviewer"], item_comments={it.id: "请补充转诊记录"})
    assert Response.objects.get(assessment=assessment, item=it).review_comment == "请补充转诊记录"
    save_answer(assessment, it, {"choice": "partly"}, 1, users["assessor"])
    apply(assessment, "submit", users["assessor"])
    apply(assessment, "approve", users["reviewer"])
    with pytest.raises(NotAllowed):
        apply(assessment, "reopen", users["reviewer"])
    with pytest.raises(WorkflowError):
        apply(assessment, "submit", users["assessor"])
    apply(assessment, "reopen", users["admin"])
    assert assessment.status == "draft"
    actions = list(AuditEntry.objects.filter(assessment=assessment).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "answer", "submit", "return", "answer", "submit", "approve", "reopen"]
    change = AuditEntry.objects.filter(assessment=assessment, action="answer").order_by("id").last()
    assert (change.old["choice"], change.new["choice"], change.user) == ("yes", "partly", users["assessor"])


def test_new_period_starts_from_previous_answers(assessment, template, users, regions):
    it = item(template, "专家")
    r, _ = save_answer(assessment, it, {"number": "4", "note": "名单见附件"}, 0, users["assessor"])
    Evidence.objects.create(response=r, file="evidence/x/list.pdf", original_name="list.pdf", kind="pdf", size=10)
    complete(assessment)
    apply(assessment, "submit", users["assessor"])
    nxt = start(regions["county"], "2026-04", users["assessor"], template)
    carried = nxt.responses.get(item=it)
    assert carried.number == Decimal(4) and carried.note == "名单见附件" and carried.version == 0
    assert nxt.status == "draft" and carried.review_comment == ""
    ev = carried.evidence.get()
    assert ev.file.name == "evidence/x/list.pdf" and ev.carried_from is not None
    with pytest.raises(WorkflowError, match="已存在"):
        start(regions["county"], "2026-04", users["assessor"], template)


def test_trace_page_lists_checklist_items_resting_on_the_work(client, template):
    """knowledge's trace page shows assessment's items through the knowledge_trace_affected hook."""
    item = template.items.filter(clauses__isnull=False).first()
    page = client.get(f"/works/{item.clauses.first().version.work.key}/trace/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "自评估检查项" in text and item.code in text
