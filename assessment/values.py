"""Validating a submitted answer — 作答校验. Pure functions, no Django imports.

Bad input raises ``InvalidAnswer`` with one clear Chinese sentence; nothing is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

CHOICES = {"yes", "partly", "no", "na"}
CHOICE_WORDS = {"是": "yes", "部分": "partly", "否": "no", "不适用": "na"}
JUDGEMENTS = {"met", "partly", "not_met"}
JUDGEMENT_WORDS = {"达标": "met", "部分达标": "partly", "未达标": "not_met"}
MAX_TEXT = 5000
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


class InvalidAnswer(ValueError):
    pass


@dataclass(frozen=True)
class CleanAnswer:
    choice: str = ""
    number: Decimal | None = None
    date: date | None = None
    text: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "choice": self.choice,
            "number": None if self.number is None else format(self.number.normalize(), "f"),
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
            "note": self.note,
        }


def parse_choice(value: str) -> str:
    v = (value or "").strip()
    v = CHOICE_WORDS.get(v, v.lower())
    if v and v not in CHOICES:
        raise InvalidAnswer(f"“{value}”不是有效结论：请选择 是、部分、否 或 不适用。")
    return v


def parse_judgement(value: str) -> str:
    """A reviewer's verdict: 达标/部分达标/未达标 (or met/partly/not_met); "" clears it."""
    v = (value or "").strip()
    v = JUDGEMENT_WORDS.get(v, v.lower())
    if v and v not in JUDGEMENTS:
        raise InvalidAnswer(f"“{value}”不是有效的评定：请选择 达标、部分达标 或 未达标。")
    return v


def parse_number(value, *, percentage: bool) -> Decimal | None:
    if value is None:
        return None
    shown = str(value)[:40]
    text = str(value).strip().replace(",", "").replace("，", "")
    if percentage and text.endswith(("%", "％")):
        text = text[:-1].strip()
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidAnswer(f"“{shown}”不是数字：请只填写数值，如 12 或 85.5。") from None
    if not number.is_finite():
        raise InvalidAnswer(f"“{shown}”不是有效数字。")
    if number < 0:
        raise InvalidAnswer(f"数值不能为负数（填写的是 {shown}）。")
    if percentage and number > 100:
        raise InvalidAnswer(f"百分比不能超过 100（填写的是 {shown}）。")
    if number.adjusted() >= 10:  # exact, unlike abs(), which overflows at 1e1000000
        raise InvalidAnswer(f"数值 {shown} 过大。")
    return number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if text == "":
        return None
    for pattern in _DATE_PATTERNS:
        if m := pattern.match(text):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise InvalidAnswer(f"无法识别的日期“{value}”：请按 2026-03-31 的格式填写。")


def clean_answer(response_type: str, data: dict) -> CleanAnswer:
    """Validate the fields of one answer for an item of ``response_type``."""
    note = str(data.get("note") or "").strip()
    text = str(data.get("text") or "").strip()
    if len(note) > MAX_TEXT or len(text) > MAX_TEXT:
        raise InvalidAnswer(f"文字过长：最多 {MAX_TEXT} 字。")
    choice = parse_choice(str(data.get("choice") or ""))
    if choice == "na":
        return CleanAnswer(choice="na", note=note)
    if response_type == "choice":
        return CleanAnswer(choice=choice, note=note)
    if choice:
        raise InvalidAnswer("此检查项需填写具体数值、日期或文字；如不适用请选择“不适用”。")
    if response_type in {"number", "percentage"}:
        return CleanAnswer(number=parse_number(data.get("number"), percentage=response_type == "percentage"), note=note)
    if response_type == "date":
        return CleanAnswer(date=parse_date(data.get("date")), note=note)
    if response_type == "text":
        return CleanAnswer(text=text, note=note)
    raise InvalidAnswer(f"未知的作答类型 {response_type}。")
