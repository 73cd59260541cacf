"""Obligation values in words, as a reader of the clause would say them.

Pure functions (no Django): ``quantity_words(">=", 3, "名")`` → 不少于3名,
``frequency_words("P6M")`` → 每6个月, ``deadline_words(date(2025, 12, 31))`` → 2025年12月31日前,
``deadline_words(None, "自受理之日起15个工作日内")`` → the relative phrase as printed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

# comparator → (words before the number, words after it)
COMPARATOR_WORDS: dict[str, tuple[str, str]] = {
    ">=": ("不少于", ""),
    "<=": ("不超过", ""),
    ">": ("超过", ""),
    "<": ("少于", ""),
    "=": ("", ""),
    "≈": ("", "左右"),
}
# Time units read better with 内 than with 不超过: 不超过20个工作日 / 20个工作日内 both occur;
# the formatter keeps 不超过 (the bound) so the reader sees the comparator the text implies.
ISO_UNIT_WORDS = {"Y": "年", "M": "个月", "W": "周", "D": "天", "H": "小时"}
NAMED_PERIODS = {"P1Y": "每年", "P1M": "每月", "P3M": "每季度", "P1W": "每周", "P1D": "每天", "PT1H": "每小时"}
ISO_DURATION_RE = re.compile(r"PT?(?P<n>\d+)(?P<unit>[YMWDH])")


def number_words(value: Decimal | int | float | None) -> str:
    """3 → ``3``, Decimal("2.5000") → ``2.5``, Decimal("100") → ``100`` (never 1E+2)."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def quantity_words(
    comparator: str, value: Decimal | int | float | None, unit: str = "", maximum: Decimal | int | float | None = None
) -> str:
    """``不少于3名``, ``不超过20个工作日``, ``55%左右``, ``2至5倍``; ``""`` without a value."""
    if value is None:
        return ""
    unit = unit or ""
    if comparator == "range":
        if maximum is None:
            return f"{number_words(value)}{unit}以上"
        return f"{number_words(value)}至{number_words(maximum)}{unit}"
    before, after = COMPARATOR_WORDS.get(comparator, ("", ""))
    return f"{before}{number_words(value)}{unit}{after}"


def frequency_words(frequency: str) -> str:
    """``P6M`` → 每6个月, ``P1Y`` → 每年, ``P2Y`` → 每2年; other text is returned as stored."""
    if not frequency:
        return ""
    if frequency in NAMED_PERIODS:
        return NAMED_PERIODS[frequency]
    match = ISO_DURATION_RE.fullmatch(frequency)
    if not match:
        return frequency
    return f"每{match.group('n')}{ISO_UNIT_WORDS[match.group('unit')]}"


def deadline_words(deadline: date | None, deadline_text: str = "") -> str:
    """``2025年12月31日前``; a relative deadline (自受理之日起15个工作日内) as printed."""
    if deadline is not None:
        return f"{deadline.year}年{deadline.month}月{deadline.day}日前"
    return deadline_text or ""
