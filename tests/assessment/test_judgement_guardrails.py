"""Scoring by rule and direction, the reviewer's judgement, 未评定, and the submit/approve guardrails."""

from decimal import Decimal

import pytest

from assessment import presentation
from assessment.answers import save_answer
from assessment.models import AuditEntry, Response
from assessment.scoring import Answer, ScoredItem, item_fraction, passed, score
from assessment.workflow import (
    Incomplete,
    NotAllowed,
    WorkflowError,
    apply,
    judge,
    missing_items,
)
from tests.assessment.conftest import complete

# -- pure scoring --------------------------------------------------------------------------------


def test_a_number_without_a_rule_earns_nothing_by_itself():
    # 群众满意度 3% used to earn full credit: with no rule, only the reviewer's judgement scores it
    sat = Answer("percentage", number=Decimal(3))
    assert sat.needs_judgement and sat.awaiting_judgement
    assert item_fraction(sat) is None and passed(sat) is None
    assert item_fraction(Answer("percentage", number=Decimal(3), judgement="not_met")) == 0
    assert item_fraction(Answer("percentage", number=Decimal(3), judgement="partly")) == Decimal("0.5")
    assert item_fraction(Answer("percentage", number=Decimal(97), judgement="met")) == 1
    card = score([
        ScoredItem("health", Decimal(1), Answer("choice", choice="yes")),
        ScoredItem("health", Decimal(1), Answer("percentage", number=Decimal(3), judgement="not_met")),
    ])
    assert card.total == Decimal("50.0")


def test_direction_decides_a_bare_threshold():
    # 医疗费用增长率 越低越好, target 10: 8 meets it, 12 does not
    lower = dict(threshold=Decimal(10), direction="lower")
    assert passed(Answer("percentage", number=Decimal(8), **lower)) is True
    assert passed(Answer("percentage", number=Decimal(12), **lower)) is False
    higher = dict(threshold=Decimal(10), direction="higher")
    assert passed(Answer("percentage", number=Decimal(8), **higher)) is False
    # a stated comparator wins over the direction
    assert passed(Answer("number", number=Decimal(3), comparator=">=", threshold=Decimal(3), direction="lower")) is True


def test_a_year_beside_the_number_is_not_a_threshold():
    from assessment.builder import from_obligation, parse_target

    assert parse_target("2025年底 ≥ 90%", "target", "%") == (">=", Decimal(90), True)
    assert parse_target("2025年：全人群 50%，重点人群 70%", "target", "%")[1] is None
    proposal = from_obligation(
        id=1, text="县域医共体到2025年全面建成", modality="must", quantity_comparator=">=",
        quantity_value=Decimal(2025), quantity_unit="%", scope="standard",
    )
    assert proposal.draft.threshold is None and "年份" in proposal.draft.proposal_reason


def test_nothing_answered_is_unrated_not_fail():
    card = score([ScoredItem("management", Decimal(1), Answer("choice")) for _ in range(3)])
    assert card.total is None and card.grade == "" and card.progress_text == "已答 0/3"
    assert presentation.grade_label(card.grade) == "未评定"


# -- the database: an assessment with an item only the reviewer can judge ------------------------


# (fixtures ``judged_template`` and ``judged`` live in conftest.py)


def test_a_new_assessment_is_unrated_with_progress(judged):
    assert judged.score is None and judged.grade == "" and judged.answered == 0
    ctx = presentation.checklist_context(judged.created_by, judged)
    assert ctx["grade_label"] == "未评定" and ctx["score_text"] == "—"
    assert ctx["progress_text"] == f"已答 0/{judged.total_items}"


def test_items_carry_direction_and_rule(judged_template):
    costs = judged_template.items.get(title="医疗费用增长率")
    assert costs.direction == "lower" and costs.comparator == "<=" and costs.threshold == 10
    assert costs.rule_text == "≤ 10%" and not costs.needs_judgement
    primary = judged_template.items.get(title="基层就诊率")
    assert primary.direction == "higher" and primary.threshold is None and primary.needs_judgement


def test_submit_lists_what_is_missing_and_refuses(judged, users):
    with pytest.raises(Incomplete) as exc:
        apply(judged, "submit", users["assessor"])
    codes = [m.code for m in exc.value.missing]
    assert codes == list(judged.template.items.order_by("position").values_list("code", flat=True))
    assert "未作答" in str(exc.value) and codes[0] in str(exc.value)
    assert isinstance(exc.value, WorkflowError)  # pages and the API refuse it like any workflow error
    judged.refresh_from_db()
    assert judged.status == "draft"
    assert not AuditEntry.objects.filter(assessment=judged, action="submit").exists()


def test_not_applicable_needs_a_reason(judged, users):
    complete(judged)
    it = judged.template.items.get(title__contains="转诊")
    response = Response.objects.get(assessment=judged, item=it)
    save_answer(judged, it, {"choice": "na"}, response.version, users["assessor"])
    with pytest.raises(Incomplete) as exc:
        apply(judged, "submit", users["assessor"])
    assert [(m.code, m.reason) for m in exc.value.missing] == [(it.code, "na_without_reason")]
    assert "不适用但未说明理由" in str(exc.value)
    save_answer(judged, it, {"choice": "na", "note": "本县未设该机构"}, response.version + 1, users["assessor"])
    apply(judged, "submit", users["assessor"])
    judged.refresh_from_db()
    assert judged.status == "submitted"


def test_approve_refused_until_the_reviewer_judges_items_without_a_rule(judged, users):
    complete(judged)
    primary = judged.template.items.get(title="基层就诊率")
    apply(judged, "submit", users["assessor"])
    judged.refresh_from_db()
    before = judged.score
    with pytest.raises(Incomplete) as exc:
        apply(judged, "approve", users["reviewer"])
    assert [(m.code, m.reason) for m in exc.value.missing] == [(primary.code, "awaiting_judgement")]
    assert "待审核评定" in str(exc.value)
    with pytest.raises(NotAllowed):
        judge(judged, primary, "met", users["assessor"])
    with pytest.raises(WorkflowError, match="判定规则"):
        judge(judged, judged.template.items.get(title="医疗费用增长率"), "met", users["reviewer"])
    with pytest.raises(WorkflowError, match="有效的评定"):
        judge(judged, primary, "excellent", users["reviewer"])
    judge(judged, primary, "not_met", users["reviewer"])
    judged.refresh_from_db()
    assert judged.score < before  # a judged 未达标 now counts
    apply(judged, "approve", users["reviewer"])
    judged.refresh_from_db()
    assert judged.status == "approved"
    entry = AuditEntry.objects.get(assessment=judged, action="judge")
    assert entry.new == {"judgement": "not_met"} and entry.new_text == "审核评定：未达标"


def test_judgements_can_come_with_the_approval_and_a_changed_answer_is_judged_again(judged, users):
    complete(judged)
    primary = judged.template.items.get(title="基层就诊率")
    apply(judged, "submit", users["assessor"])
    apply(judged, "approve", users["reviewer"], judgements={primary.id: "达标"})
    judged.refresh_from_db()
    assert judged.status == "approved"
    assert Response.objects.get(assessment=judged, item=primary).judgement == "met"
    apply(judged, "reopen", users["admin"])
    response = Response.objects.get(assessment=judged, item=primary)
    save_answer(judged, primary, {"number": "12"}, response.version, users["assessor"])
    assert Response.objects.get(assessment=judged, item=primary).judgement == ""
    apply(judged, "submit", users["assessor"])
    assert [m.reason for m in missing_items(judged, for_approval=True)] == ["awaiting_judgement"]


def test_the_page_and_the_api_refuse_an_incomplete_submit(client, judged, users):
    client.force_login(users["assessor"])
    r = client.post(f"/assessments/{judged.pk}/transition/", {"action": "submit"}, follow=True)
    assert r.status_code == 200 and "未作答" in r.content.decode()
    judged.refresh_from_db()
    assert judged.status == "draft"
