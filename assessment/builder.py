"""Turning obligations and indicators into checklist items — 检查项生成. Pure, no Django imports.

Which of the five 附录B dimensions an obligation belongs to is read from a keyword table (data,
not ``if`` chains); the first dimension with the most hits wins, management by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

DIMENSION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "management": (
        "管理委员会", "理事会", "章程", "统一管理", "行政", "人事", "编制", "岗位", "党建", "领导",
        "治理", "推进机制", "牵头医院", "统一", "考核", "监管", "组织",
    ),
    "capability": (
        "培训", "专家", "同质化", "能力", "学科", "人才", "进修", "带教", "坐诊", "技术", "下沉",
        "远程", "影像", "检验", "心电", "病理", "资源共享", "质控", "质量",
    ),
    "orderly_care": (
        "转诊", "分级诊疗", "双向", "签约", "家庭医生", "基层首诊", "分工协作", "上下联动",
        "就医", "急诊", "慢病", "住院", "门诊", "预约",
    ),
    "operations": (
        "医保", "基金", "财务", "成本", "运营", "药品", "耗材", "采购", "总额付费", "结余", "薪酬",
        "绩效", "收入", "预算", "审计", "信息化", "信息系统",
    ),
    "health": (
        "健康", "公共卫生", "满意度", "群众", "慢性病", "疾病预防", "妇幼", "老年", "体检",
        "传染病", "疫苗", "随访", "居民",
    ),
}
DEFAULT_DIMENSION = "management"
DIMENSION_ORDER = ["management", "capability", "orderly_care", "operations", "health"]
DIMENSION_PREFIX = {"management": "A", "capability": "B", "orderly_care": "C", "operations": "D", "health": "E"}
SCORED_MODALITIES = {"must", "must_not", "should"}
_TARGET = re.compile(r"^\s*(≥|>=|≤|<=|>|<|=|大于等于|不低于|不少于|至少|小于等于|不高于|不超过|大于|高于|小于|低于)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|％)?\s*(.*)$")
_TARGET_WORDS = {
    "≥": ">=", ">=": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=",
    "≤": "<=", "<=": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=",
    ">": ">", "大于": ">", "高于": ">", "<": "<", "小于": "<", "低于": "<", "=": "=",
}


def classify(text: str, hint: str = "") -> str:
    """The 附录B dimension for an obligation's text (and the heading of its clause as a hint)."""
    best, best_hits = DEFAULT_DIMENSION, 0
    haystack = f"{hint} {text}"
    for dimension in DIMENSION_ORDER:
        hits = sum(haystack.count(word) for word in DIMENSION_KEYWORDS[dimension])
        if hits > best_hits:
            best, best_hits = dimension, hits
    return best


@dataclass
class ItemDraft:
    dimension: str
    title: str
    response_type: str = "choice"
    unit: str = ""
    comparator: str = ""
    threshold: Decimal | None = None
    deadline: date | None = None
    weight: Decimal = Decimal(1)
    obligation_id: int | None = None
    indicator_id: int | None = None
    clause_ids: list[int] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)


def from_obligation(
    *, id: int, text: str, modality: str, duty_bearer: str = "", action: str = "",
    quantity_comparator: str = "", quantity_value: Decimal | None = None, quantity_unit: str = "",
    deadline: date | None = None, frequency: str = "", condition: str = "", heading: str = "",
) -> ItemDraft | None:
    """One checklist item for an obligation, or None when it is only permissive (可以/鼓励)."""
    if modality not in SCORED_MODALITIES:
        return None
    title = text.strip()
    if condition and condition not in title:
        title = f"（{condition}）{title}"
    draft = ItemDraft(dimension=classify(text, heading), title=title, obligation_id=id)
    if quantity_value is not None and quantity_comparator:
        unit = (quantity_unit or "").strip()
        draft.response_type = "percentage" if unit in {"%", "％"} else "number"
        draft.unit = "" if draft.response_type == "percentage" else unit
        draft.comparator, draft.threshold = quantity_comparator, Decimal(quantity_value)
        draft.weight = Decimal(2)  # quantified duties weigh more: they are verifiable
    elif deadline is not None:
        draft.response_type, draft.deadline = "date", deadline
    return draft


def parse_target(target: str, direction: str = "higher") -> tuple[str, Decimal | None, bool]:
    """``≥90%`` → ('>=', 90, True); a bare number takes its comparator from the direction."""
    m = _TARGET.match(target or "")
    if not m:
        return "", None, False
    word, number, percent, _rest = m.groups()
    comparator = _TARGET_WORDS.get(word or "", "")
    if not comparator:
        comparator = {"higher": ">=", "lower": "<=", "target": ">="}.get(direction, ">=")
    return comparator, Decimal(number), bool(percent)


def from_indicator(
    *, id: int, name: str, dimension: str, unit: str = "", direction: str = "higher", target: str = "",
    weight: Decimal = Decimal(1), description: str = "",
) -> ItemDraft:
    comparator, threshold, percent = parse_target(target, direction)
    is_percentage = percent or unit.strip() in {"%", "％"}
    draft = ItemDraft(
        dimension=dimension if dimension in DIMENSION_PREFIX else DEFAULT_DIMENSION,
        title=name + (f"（{description}）" if description else ""),
        response_type="percentage" if is_percentage else "number",
        unit="" if is_percentage else unit,
        weight=Decimal(weight or 1),
        indicator_id=id,
    )
    if threshold is not None:
        draft.comparator, draft.threshold = comparator, threshold
    return draft


def number_items(drafts: list[ItemDraft]) -> list[tuple[str, ItemDraft]]:
    """Codes per dimension in 附录B order: A1, A2 … E7."""
    out: list[tuple[str, ItemDraft]] = []
    for dimension in DIMENSION_ORDER:
        n = 0
        for d in drafts:
            if d.dimension == dimension:
                n += 1
                out.append((f"{DIMENSION_PREFIX[dimension]}{n}", d))
    return out
