"""Assessment periods — 评估周期: monthly ``2026-03``, half-yearly ``2026H1``, annual ``2026``.

Pure functions, no Django imports.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHLY, HALF_YEARLY, ANNUAL = "monthly", "half_yearly", "annual"

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """The text is not a period; the message says which forms are accepted."""


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    year: int
    part: int  # month 1–12, half 1–2, or 0 for a year

    @property
    def code(self) -> str:
        if self.kind == MONTHLY:
            return f"{self.year}-{self.part:02d}"
        if self.kind == HALF_YEARLY:
            return f"{self.year}H{self.part}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        if self.kind == MONTHLY:
            return f"{self.year}年{self.part}月"
        if self.kind == HALF_YEARLY:
            return f"{self.year}年{'上' if self.part == 1 else '下'}半年"
        return f"{self.year}年度"

    @property
    def start(self) -> date:
        if self.kind == MONTHLY:
            return date(self.year, self.part, 1)
        if self.kind == HALF_YEARLY:
            return date(self.year, 1 if self.part == 1 else 7, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == MONTHLY:
            return date(self.year, self.part, calendar.monthrange(self.year, self.part)[1])
        if self.kind == HALF_YEARLY:
            return date(self.year, 6, 30) if self.part == 1 else date(self.year, 12, 31)
        return date(self.year, 12, 31)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == MONTHLY:
            return Period(MONTHLY, self.year - 1, 12) if self.part == 1 else Period(MONTHLY, self.year, self.part - 1)
        if self.kind == HALF_YEARLY:
            return Period(HALF_YEARLY, self.year - 1, 2) if self.part == 1 else Period(HALF_YEARLY, self.year, 1)
        return Period(ANNUAL, self.year - 1, 0)

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    value = (text or "").strip().upper()
    if m := _MONTH.match(value):
        return Period(MONTHLY, int(m[1]), int(m[2]))
    if m := _HALF.match(value):
        return Period(HALF_YEARLY, int(m[1]), int(m[2]))
    if m := _YEAR.match(value):
        return Period(ANNUAL, int(m[1]), 0)
    raise PeriodError(f"无法识别的评估周期“{text}”：请填写月度 2026-03、半年 2026H1 或年度 2026。")


def sort_key(code: str) -> tuple:
    """Chronological order across kinds: by start date, then shorter periods first."""
    p = parse_period(code)
    return (p.start, p.end)
