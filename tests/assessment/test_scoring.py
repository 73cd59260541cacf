from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.scoring import (
    EXCELLENT,
    FAIL,
    PASS,
    Answer,
    ScoredItem,
    grade_for,
    item_fraction,
    meets,
    passed,
    round_score,
    score,
)


@pytest.mark.parametrize(
    "value,grade",
    [
        ("100", EXCELLENT), ("90", EXCELLENT), ("89.95", EXCELLENT), ("89.94", PASS), ("89.6", PASS),
        ("89.9", PASS), ("60", PASS), ("59.95", PASS), ("59.94", FAIL), ("0", FAIL),
    ],
)
def test_grade_boundaries_round_half_up_to_one_decimal_first(value, grade):
    assert grade_for(Decimal(value)) == grade


def test_round_half_up_not_bankers():
    assert round_score(Decimal("89.95")) == Decimal("90.0")
    assert round_score(Decimal("0.25")) == Decimal("0.3")


@pytest.mark.parametrize("answer,ok", [(2, False), (3, True), (4, True)])
def test_at_least_three_experts(answer, ok):
    # 至少派出3名以上专家 → >= 3
    assert meets(">=", Decimal(3), Decimal(answer)) is ok


@pytest.mark.parametrize(
    "comparator,value,ok", [("<=", 5, True), ("<=", 5.01, False), (">", 3, False), ("<", 3, False), ("=", 3, True)]
)
def test_other_comparators_at_threshold_three_or_five(comparator, value, ok):
    threshold = Decimal(5) if comparator == "<=" else Decimal(3)
    assert meets(comparator, threshold, Decimal(str(value))) is ok


def test_deadline_passes_on_the_day_fails_the_day_after():
    deadline = date(2025, 12, 31)
    assert passed(Answer("date", date=date(2025, 12, 31), deadline=deadline)) is True
    assert passed(Answer("date", date=date(2026, 1, 1), deadline=deadline)) is False


def test_choice_fractions_and_not_applicable():
    assert item_fraction(Answer("choice", choice="yes")) == 1
    assert item_fraction(Answer("choice", choice="partly")) == Decimal("0.5")
    assert item_fraction(Answer("choice", choice="no")) == 0
    assert item_fraction(Answer("choice", choice="")) == 0
    assert item_fraction(Answer("choice", choice="na")) is None


def test_not_applicable_leaves_the_denominator():
    items = [
        ScoredItem("management", Decimal(1), Answer("choice", choice="yes")),
        ScoredItem("management", Decimal(1), Answer("choice", choice="na")),
    ]
    card = score(items)
    assert card.total == Decimal("100.0") and card.grade == EXCELLENT
    assert card.answered == 2 and card.total_items == 2


def test_weights_per_item_and_dimension():
    items = [
        ScoredItem("management", Decimal(3), Answer("choice", choice="yes")),
        ScoredItem("management", Decimal(1), Answer("choice", choice="no")),
        ScoredItem("health", Decimal(1), Answer("choice", choice="no")),
    ]
    card = score(items, {"management": 3, "health": 1})
    assert card.dimensions["management"] == Decimal("75.0")
    assert card.dimensions["health"] == Decimal("0.0")
    assert card.total == Decimal("56.3")  # (3 × 75 + 1 × 0) / 4 = 56.25 → 56.3
    assert card.grade == FAIL


def test_unanswered_checklist_scores_zero_and_empty_has_no_grade():
    # an unanswered item scores 0 once anything is answered; nothing answered at all is 未评定
    half = score([ScoredItem("health", Decimal(1), Answer("choice", choice="yes")), ScoredItem("health", Decimal(1), Answer("number"))])
    assert half.total == Decimal("50.0")
    assert score([ScoredItem("health", Decimal(1), Answer("number"))]).total is None
    assert score([ScoredItem("health", Decimal(1), Answer("number"))]).grade == ""
    assert score([]).grade == ""


@given(st.lists(st.tuples(st.sampled_from(["yes", "partly", "no", "na", ""]), st.integers(1, 5)), max_size=30))
def test_total_is_always_between_0_and_100(answers):
    card = score([ScoredItem("management", Decimal(w), Answer("choice", choice=c)) for c, w in answers])
    assert card.total is None or Decimal(0) <= card.total <= Decimal(100)
