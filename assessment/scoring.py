"""Scoring and grading — 评分与定级. Pure functions over small dataclasses, no Django imports.

Rules (shown to users by ``GRADE_RULE_TEXT``):
- an item answered 是 scores 1, 部分 0.5, 否 0; 不适用 leaves the denominator; an unanswered
  item scores 0 (the live score rises as a county answers);
- a quantified item (number or percentage with a threshold) scores 1 when the answer meets its
  rule and 0 otherwise; the rule's comparator, when the item has none, comes from its direction
  (越高越好 → ≥, 越低越好 → ≤); a date item with a deadline scores 1 when the date is on or
  before the deadline;
- an item without a rule (a number with no threshold, a date with no deadline, a text) is not
  scored by its answer: the reviewer judges it 达标 1, 部分达标 0.5, 未达标 0; until then it is
  "awaiting judgement" and leaves the denominator (an assessment cannot be approved so);
- an assessment with nothing answered has no score and no grade (未评定), never 不合格;
- a dimension's score is the weighted mean of its applicable items × 100; the total is the
  weighted mean of the dimensions that have applicable items;
- the total is rounded half up to one decimal first, and the grade is read from the rounded
  value: ≥ 90.0 优秀, ≥ 60.0 合格, otherwise 不合格. So 89.95 → 90.0 优秀, 89.94 → 89.9 合格,
  89.6 合格, 59.95 → 60.0 合格.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

EXCELLENT, PASS, FAIL = "excellent", "pass", "fail"
GRADE_LABELS = {EXCELLENT: "优秀", PASS: "合格", FAIL: "不合格"}
EXCELLENT_MIN = Decimal("90.0")
PASS_MIN = Decimal("60.0")
GRADE_RULE_TEXT = (
    "总分先按四舍五入保留一位小数，再按保留后的分数定级：≥ 90.0 为优秀，60.0–89.9 为合格，"
    "< 60.0 为不合格（例：89.95 记为 90.0，优秀；89.94 记为 89.9，合格；59.95 记为 60.0，合格）。"
    "不适用的检查项不计入分母，未作答的检查项按 0 分计；没有判定规则的检查项由审核人评定"
    "（达标、部分达标、未达标），评定前不计分；尚未作答任何检查项时为“未评定”。"
)

COMPARATORS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "=": lambda a, b: a == b,
}
COMPARATOR_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
CHOICE_FRACTIONS = {"yes": Decimal(1), "partly": Decimal("0.5"), "no": Decimal(0)}
JUDGEMENT_FRACTIONS = {"met": Decimal(1), "partly": Decimal("0.5"), "not_met": Decimal(0)}
DIRECTION_COMPARATORS = {"higher": ">=", "lower": "<="}
NUMERIC_TYPES = {"number", "percentage"}


def rule_comparator(comparator: str, direction: str = "") -> str:
    """The comparator an answer is checked with: the item's own, else the one its direction implies."""
    return comparator or DIRECTION_COMPARATORS.get(direction or "", "")


def needs_judgement(response_type: str, comparator: str, threshold, deadline, direction: str = "") -> bool:
    """True for an item no answer can be checked against: a reviewer judges it."""
    if response_type in NUMERIC_TYPES:
        return threshold is None or not rule_comparator(comparator, direction)
    if response_type == "date":
        return deadline is None
    return response_type == "text"

ONE_DECIMAL = Decimal("0.1")


def round_score(value: Decimal | float) -> Decimal:
    """Round half up to one decimal (89.95 → 90.0), the value every grade is read from."""
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def grade_for(score: Decimal | float | None) -> str:
    if score is None:
        return ""
    rounded = round_score(score)
    if rounded >= EXCELLENT_MIN:
        return EXCELLENT
    if rounded >= PASS_MIN:
        return PASS
    return FAIL


def meets(comparator: str, threshold: Decimal, value: Decimal) -> bool:
    """Whether ``value`` meets ``comparator threshold`` (至少3名 → ``>= 3``: 2 fails, 3 passes)."""
    try:
        test = COMPARATORS[comparator]
    except KeyError:
        raise ValueError(f"unknown comparator {comparator!r}") from None
    return test(Decimal(value), Decimal(threshold))


@dataclass(frozen=True)
class Answer:
    """What ``item_fraction`` needs to know about one item and its response."""

    response_type: str
    choice: str = ""
    number: Decimal | None = None
    date: date | None = None
    text: str = ""
    comparator: str = ""
    threshold: Decimal | None = None
    deadline: date | None = None
    direction: str = ""
    judgement: str = ""

    @property
    def not_applicable(self) -> bool:
        return self.choice == "na"

    @property
    def answered(self) -> bool:
        if self.choice:
            return True
        if self.response_type in {"number", "percentage"}:
            return self.number is not None
        if self.response_type == "date":
            return self.date is not None
        if self.response_type == "text":
            return bool(self.text.strip())
        return False

    @property
    def needs_judgement(self) -> bool:
        return self.response_type != "choice" and needs_judgement(
            self.response_type, self.comparator, self.threshold, self.deadline, self.direction
        )

    @property
    def awaiting_judgement(self) -> bool:
        """Answered, applicable, without a rule, and not yet judged by the reviewer."""
        return self.needs_judgement and self.answered and not self.not_applicable and not self.judgement


def item_fraction(answer: Answer) -> Decimal | None:
    """Share of an item's weight earned, 0–1; None when not applicable or awaiting judgement."""
    if answer.not_applicable:
        return None
    if answer.response_type == "choice":
        return CHOICE_FRACTIONS.get(answer.choice, Decimal(0))
    if not answer.answered:
        return Decimal(0)
    if answer.needs_judgement:
        return JUDGEMENT_FRACTIONS.get(answer.judgement) if answer.judgement else None
    if answer.response_type in NUMERIC_TYPES:
        comparator = rule_comparator(answer.comparator, answer.direction)
        return Decimal(1) if meets(comparator, answer.threshold, answer.number) else Decimal(0)
    if answer.response_type == "date":
        return Decimal(1) if answer.date <= answer.deadline else Decimal(0)
    return None


def passed(answer: Answer) -> bool | None:
    """True/False for an answered item checked by its rule or judged 达标/未达标, else None."""
    if not answer.answered or answer.not_applicable:
        return None
    if answer.needs_judgement:
        return {"met": True, "not_met": False}.get(answer.judgement)
    if answer.response_type in NUMERIC_TYPES:
        return meets(rule_comparator(answer.comparator, answer.direction), answer.threshold, answer.number)
    if answer.response_type == "date":
        return answer.date <= answer.deadline
    return None


@dataclass(frozen=True)
class ScoredItem:
    dimension: str
    weight: Decimal
    answer: Answer


@dataclass
class ScoreCard:
    total: Decimal | None
    grade: str
    dimensions: dict[str, Decimal | None] = field(default_factory=dict)
    answered: int = 0
    total_items: int = 0
    awaiting_judgement: int = 0

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS.get(self.grade, "")

    @property
    def progress_text(self) -> str:
        return f"已答 {self.answered}/{self.total_items}"


def score(items: Iterable[ScoredItem], dimension_weights: dict[str, float] | None = None) -> ScoreCard:
    """Weighted score of a whole checklist; see the module docstring for the rules."""
    dimension_weights = dimension_weights or {}
    earned: dict[str, Decimal] = {}
    possible: dict[str, Decimal] = {}
    answered = count = awaiting = 0
    for item in items:
        count += 1
        answered += item.answer.answered
        awaiting += item.answer.awaiting_judgement
        possible.setdefault(item.dimension, Decimal(0))
        earned.setdefault(item.dimension, Decimal(0))
        fraction = item_fraction(item.answer)
        if fraction is None:
            continue
        weight = Decimal(item.weight)
        possible[item.dimension] += weight
        earned[item.dimension] += weight * fraction
    dimensions: dict[str, Decimal | None] = {}
    if answered == 0:  # nothing answered yet: 未评定, not 不合格
        return ScoreCard(None, "", dict.fromkeys(possible), 0, count, 0)
    weighted = weights = Decimal(0)
    for dimension, denominator in possible.items():
        if denominator <= 0:
            dimensions[dimension] = None
            continue
        value = earned[dimension] / denominator * 100
        dimensions[dimension] = round_score(value)
        w = Decimal(str(dimension_weights.get(dimension, 1)))
        weighted += w * value
        weights += w
    total = round_score(weighted / weights) if weights > 0 else None
    return ScoreCard(total, grade_for(total), dimensions, answered, count, awaiting)


def rule_parts(
    response_type: str, comparator: str, threshold: Decimal | None, unit: str, deadline: date | None, direction: str = ""
) -> str:
    """The self-evaluation rule as short text, e.g. ``≥ 3 名`` or ``不晚于 2025-12-31``."""
    comparator = rule_comparator(comparator, direction)
    if response_type in NUMERIC_TYPES and comparator and threshold is not None:
        value = Decimal(threshold).normalize()
        shown = f"{value:f}"
        suffix = "%" if response_type == "percentage" else (unit or "")
        return f"{COMPARATOR_SYMBOLS.get(comparator, comparator)} {shown}{(' ' if suffix and suffix != '%' else '')}{suffix}"
    if response_type == "date" and deadline is not None:
        return f"不晚于 {deadline.isoformat()}"
    return ""
