"""Obligation values in words (knowledge/extract/wording.py): what the clause panel shows."""

from datetime import date
from decimal import Decimal

import pytest

from knowledge.extract.wording import deadline_words, frequency_words, quantity_words


@pytest.mark.parametrize(
    ("comparator", "value", "unit", "maximum", "expected"),
    [
        (">=", Decimal("3.0000"), "名", None, "不少于3名"),
        ("<=", Decimal("20"), "个工作日", None, "不超过20个工作日"),
        (">", Decimal("100"), "张", None, "超过100张"),
        ("<", Decimal("2"), "人", None, "少于2人"),
        ("=", Decimal("98"), "天", None, "98天"),
        ("≈", Decimal("55"), "%", None, "55%左右"),
        (">=", Decimal("85.5000"), "%", None, "不少于85.5%"),
        ("range", Decimal("2"), "倍", Decimal("5"), "2至5倍"),
        ("range", Decimal("50"), "元", None, "50元以上"),
        (">=", None, "名", None, ""),
    ],
)
def test_quantity_words(comparator, value, unit, maximum, expected):
    assert quantity_words(comparator, value, unit, maximum) == expected


@pytest.mark.parametrize(
    ("iso", "expected"),
    [("P6M", "每6个月"), ("P1Y", "每年"), ("P2Y", "每2年"), ("P3M", "每季度"), ("P1D", "每天"), ("P2D", "每2天"), ("", "")],
)
def test_frequency_words(iso, expected):
    assert frequency_words(iso) == expected


def test_deadline_words():
    assert deadline_words(date(2025, 12, 31)) == "2025年12月31日前"
    assert deadline_words(None, "自受理之日起15个工作日内") == "自受理之日起15个工作日内"
    assert deadline_words(None) == ""
