from datetime import date
from decimal import Decimal

import pytest

from assessment.periods import PeriodError, parse_period
from assessment.values import InvalidAnswer, clean_answer, parse_date


@pytest.mark.parametrize(
    "code,kind,label,start,end,previous",
    [
        ("2026-03", "monthly", "2026年3月", date(2026, 3, 1), date(2026, 3, 31), "2026-02"),
        ("2026-01", "monthly", "2026年1月", date(2026, 1, 1), date(2026, 1, 31), "2025-12"),
        ("2026H1", "half_yearly", "2026年上半年", date(2026, 1, 1), date(2026, 6, 30), "2025H2"),
        ("2026h2", "half_yearly", "2026年下半年", date(2026, 7, 1), date(2026, 12, 31), "2026H1"),
        ("2026", "annual", "2026年度", date(2026, 1, 1), date(2026, 12, 31), "2025"),
    ],
)
def test_periods(code, kind, label, start, end, previous):
    p = parse_period(code)
    assert (p.kind, p.label, p.start, p.end, p.previous().code) == (kind, label, start, end, previous)


@pytest.mark.parametrize("bad", ["2026-13", "2026H3", "26", "2026Q1", "", "2026-3"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(PeriodError, match="2026H1"):
        parse_period(bad)


@pytest.mark.parametrize(
    "kind,data,message",
    [
        ("percentage", {"number": "100.5"}, "不能超过 100"),
        ("number", {"number": "-1"}, "不能为负数"),
        ("number", {"number": "三"}, "不是数字"),
        ("date", {"date": "2026-02-30"}, "无法识别的日期"),
        ("date", {"date": "明年"}, "无法识别的日期"),
        ("choice", {"choice": "maybe"}, "不是有效结论"),
    ],
)
def test_bad_answers_get_one_clear_message(kind, data, message):
    with pytest.raises(InvalidAnswer, match=message):
        clean_answer(kind, data)


def test_good_answers():
    assert clean_answer("percentage", {"number": "85.5%"}).number == Decimal("85.5")
    assert clean_answer("percentage", {"number": "100"}).number == Decimal(100)
    assert clean_answer("choice", {"choice": "部分"}).choice == "partly"
    assert clean_answer("number", {"choice": "na"}).choice == "na"
    assert parse_date("2026年3月5日") == date(2026, 3, 5)
    assert clean_answer("date", {"date": ""}).date is None
