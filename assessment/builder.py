"""Turning obligations and indicators into proposed checklist items — 检查项生成. Pure, no Django imports.

The builder proposes; a province administrator edits and publishes. It proposes an obligation
only when it imposes something (应当/要/不得…, not 鼓励/可以), its document is the standard, a
document of the portal's own province or a national one (not another province's, not a template
with XX/某 placeholders, not a 编制说明), its text is a whole sentence that imposes (not
background, a fragment or truncated: ``curation``) and its bearer is a county-level actor
(``curation.ACTORS``); each draft says why it was proposed. Near-duplicates are merged with every
source kept, and a year is never read as a threshold.

Which of the five 附录B dimensions an obligation belongs to is read from a keyword table (data,
not ``if`` chains); the first dimension with the most hits wins, management by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assessment import curation

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
REVIEWED_STATUSES = {"confirmed", "edited", "added"}  # = content.models.REVIEWED
_COMPARATOR_WORDS = (
    "≥|>=|≤|<=|>|<|=|大于等于|不低于|不少于|至少|小于等于|不高于|不超过|大于|高于|小于|低于|达到"
)
_QUANTITY = re.compile(rf"(?P<word>{_COMPARATOR_WORDS})?\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>%|％|[^\d\s，。；;、：:,]{{0,3}})")
_TARGET_WORDS = {
    "≥": ">=", ">=": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=",
    "≤": "<=", "<=": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=",
    ">": ">", "大于": ">", "高于": ">", "<": "<", "小于": "<", "低于": "<", "=": "=",
}
DIRECTION_OF_COMPARATOR = {">=": "higher", ">": "higher", "<=": "lower", "<": "lower"}
PERCENT = {"%", "％"}

# Why an obligation is left out of the proposal — the defect kinds the bench counts.
LEFT_OUT = {
    "permissive": "仅为鼓励或可选（可以、鼓励、支持）",
    "background": "背景叙述（转述文件要求或已发生的事），不设义务",
    "fragment": "句子残片（止于逗号、承接上句或过短）",
    "truncated": "文本截断（括号或引号不成对）",
    "other_level": "义务主体不是县级（国家、省、市或各级各地）",
    "unknown_bearer": "未能确认义务主体为县级",
    "other_region": "外省（或非本省地区）的文件",
    "template_document": "模板文件（含 XX、某 等占位写法）",
    "explanation": "编制说明：解释标准，不设义务",
}
WORK_PRIORITY = {"standard": 0, "own": 1, "national": 2, "unknown": 3}
INDICATOR_PRIORITY = -1  # the standard's 附录B indicator wins a merge: it carries direction and target


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
    direction: str = ""
    weight: Decimal = Decimal(1)
    applies_to: str = ""
    duty_bearer: str = ""
    reasons: list[str] = field(default_factory=list)
    priority: int = 9
    obligation_id: int | None = None
    indicator_id: int | None = None
    clause_ids: list[int] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    text: str = ""  # the source wording before any bearer prefix, for duplicate detection

    @property
    def match_text(self) -> str:
        return self.text or self.title

    @property
    def proposal_reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def rule(self) -> tuple:
        return (self.response_type, self.comparator, self.threshold, self.unit, self.deadline)


@dataclass
class Proposal:
    """An obligation's fate: a draft item, or the defect kind it was left out for."""

    obligation_id: int
    draft: ItemDraft | None = None
    left_out: str = ""


def from_obligation(
    *, id: int, text: str, modality: str, duty_bearer: str = "", action: str = "",
    quantity_comparator: str = "", quantity_value: Decimal | None = None, quantity_unit: str = "",
    deadline: date | None = None, frequency: str = "", condition: str = "", heading: str = "",
    clause_heading: str = "", sentence_before: str = "", review_status: str = "", scope: str = "standard",
    source_label: str = "", confidence: float | None = None,
) -> Proposal:
    """Propose one checklist item for an obligation, or say why it is left out (``LEFT_OUT``).

    ``heading`` is the headings above the clause (for the dimension), ``clause_heading`` the
    nearest one (its leading actor can be the bearer), ``sentence_before`` the part of the
    obligation's sentence before its span, ``scope`` what ``document_scope`` said.
    """
    out = Proposal(id)
    if modality not in SCORED_MODALITIES:
        out.left_out = "permissive"
        return out
    if scope not in WORK_PRIORITY:  # a template, a 编制说明 or another region's document
        out.left_out = scope
        return out
    reviewed = review_status in REVIEWED_STATUSES
    if not reviewed:  # a person's confirmation outranks the text heuristics
        for kind, test in (("truncated", curation.is_truncated), ("background", curation.is_background), ("fragment", curation.is_fragment)):
            if test(text):
                out.left_out = kind
                return out
    level, actor, inherited = _bearer(duty_bearer, text, sentence_before, clause_heading, scope)
    if level in curation.OTHER_LEVELS:
        out.left_out = "other_level"
        return out
    if level not in curation.COUNTY_LEVELS:
        out.left_out = "unknown_bearer"
        return out
    title = curation.clean_title(text)
    shown = actor if inherited else (curation.bearer_level(duty_bearer) or ("", ""))[1]
    if shown and shown not in title:  # say who must do it: "乡镇卫生院：至少配备1名…"
        title = f"{shown}：{title}"
    if condition and condition not in title:
        title = f"（{condition}）{title}"
    draft = ItemDraft(
        dimension=classify(text, heading), title=title, text=curation.clean_title(text), obligation_id=id, applies_to=level,
        duty_bearer=(duty_bearer if not inherited else actor) or actor, priority=WORK_PRIORITY[scope],
    )
    how = {"standard": "标准条款", "own": "本省文件", "national": "国家文件", "unknown": "文件"}[scope]
    draft.reasons.append(
        f"{how}{('（' + source_label + '）') if source_label else ''}的义务，主体为{curation.LEVEL_LABELS[level]}"
        f"（{actor or '标准适用对象'}{'，据上下文' if inherited else ''}）"
        + ("，已人工审核" if reviewed else (f"，自动识别（置信度{confidence:.2f}）" if confidence is not None else ""))
    )
    value = Decimal(quantity_value) if quantity_value is not None else None
    if curation.year_as_quantity(value, quantity_unit, text):
        draft.reasons.append(f"“{int(value)}”是年份，不作判定阈值")
        value = None
    elif value is not None and _several_quantities(text):
        draft.reasons.append("含多个数值，一个阈值无法判定，按是/部分/否作答")
        value = None
    if value is not None and quantity_comparator:
        unit = (quantity_unit or "").strip()
        draft.response_type = "percentage" if unit in PERCENT else "number"
        draft.unit = "" if draft.response_type == "percentage" else unit
        draft.comparator, draft.threshold = quantity_comparator, value
        draft.direction = DIRECTION_OF_COMPARATOR.get(quantity_comparator, "")
        draft.weight = Decimal(2)  # quantified duties weigh more: they are verifiable
    elif deadline is not None:
        draft.response_type, draft.deadline = "date", deadline
    out.draft = draft
    return out


def _bearer(duty_bearer: str, text: str, sentence_before: str, clause_heading: str, scope: str) -> tuple[str, str, bool]:
    """(level, actor, inherited): the stated bearer, else the actor the text, its sentence or its
    heading starts with; an obligation of the standard naming no one binds the standard's subject."""
    if duty_bearer.strip():
        hit = curation.bearer_level(duty_bearer)
        if hit is not None and hit[0] in curation.OTHER_LEVELS:
            return hit[0], hit[1], False
        if hit is not None:
            return hit[0], duty_bearer.strip(), False
    for context in (text, sentence_before, clause_heading):
        hit = curation.leading_actor(context) if context else None
        if hit is not None:
            return hit[0], hit[1], context is not text
    if scope == "standard":
        return curation.COMMUNITY, "", True
    return "", "", False


_MEASURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|％|[^\d\s，。；;、：:,（）()]{1,2})")


def _several_quantities(text: str) -> bool:
    """Two or more numbers with units (years aside): one threshold cannot check them all."""
    found = [m for m in _MEASURE.finditer(text) if not m.group(2).startswith("年")]
    return len(found) >= 2


def parse_target(target: str, direction: str = "higher", unit: str = "") -> tuple[str, Decimal | None, bool]:
    """``≥90%`` → ('>=', 90, True). A year (``2025年底 ≥ 90%``) is never the number; a target
    with several numbers or a unit other than the indicator's gives no rule (the reviewer judges).
    A bare number takes its comparator from the direction."""
    candidates = []
    for m in _QUANTITY.finditer(target or ""):
        number, found_unit = Decimal(m["number"]), (m["unit"] or "").strip()
        if curation.year_as_quantity(number, "", f"{m['number']}{found_unit}") or found_unit.startswith("年"):
            continue
        candidates.append((m["word"] or "", number, found_unit))
    if len(candidates) != 1:
        return "", None, False
    word, number, found_unit = candidates[0]
    percent = found_unit in PERCENT
    unit = (unit or "").strip()
    if unit and found_unit and not (percent and unit in PERCENT) and not found_unit.startswith(unit):
        return "", None, False
    if unit in PERCENT and found_unit and not percent:
        return "", None, False
    comparator = _TARGET_WORDS.get(word, "")
    if not comparator:
        comparator = {"higher": ">=", "lower": "<="}.get(direction, ">=")
    return comparator, number, percent


def from_indicator(
    *, id: int, name: str, dimension: str, unit: str = "", direction: str = "higher", target: str = "",
    weight: Decimal = Decimal(1), description: str = "",
) -> ItemDraft:
    comparator, threshold, percent = parse_target(target, direction, unit)
    is_percentage = percent or unit.strip() in PERCENT
    draft = ItemDraft(
        dimension=dimension if dimension in DIMENSION_PREFIX else DEFAULT_DIMENSION,
        title=name + (f"（{description}）" if description else ""),
        response_type="percentage" if is_percentage else "number",
        unit="" if is_percentage else unit,
        weight=Decimal(weight or 1),
        direction=direction if direction in {"higher", "lower"} else "",
        indicator_id=id,
        priority=INDICATOR_PRIORITY,
        reasons=["标准附录B监测评价指标"],
    )
    if threshold is not None:
        draft.comparator, draft.threshold = comparator, threshold
    elif target:
        draft.reasons.append(f"目标“{target}”无法读成单一判定规则，由审核人评定")
    return draft


RELATED_RUN = 4  # same clause and same rule: the texts need only share a 4-character term (联席会议)


def _duplicates(a: ItemDraft, b: ItemDraft) -> bool:
    """Near-duplicate texts, or the same clause and rule with related texts; never two different numbers."""
    if a.threshold is not None and b.threshold is not None and a.rule != b.rule:
        return False  # 每床建筑面积不少于60平方米 and 总建筑面积不少于30000平方米 are two requirements
    if curation.is_near_duplicate(a.match_text, b.match_text):
        return True
    return (
        a.threshold is not None and a.rule == b.rule and bool(set(a.clause_ids) & set(b.clause_ids))
        and curation.common_run(_topic(a.match_text), _topic(b.match_text)) >= RELATED_RUN
    )


_RULE_WORDS = re.compile(rf"({_COMPARATOR_WORDS}|以上|以下)?\s*\d+(?:\.\d+)?\s*(%|％|[^\d\s，。；;、：:,]{{0,2}})?(以上|以下)?")


def _topic(text: str) -> str:
    """A text without its quantities (不少于2人), so two rules alike do not make two texts alike."""
    return _RULE_WORDS.sub("", text)


def merge_near_duplicates(drafts: list[ItemDraft]) -> list[ItemDraft]:
    """One item per group of near-duplicates, every source kept.

    Two drafts are one item when their normalised texts are similar (``curation.is_near_duplicate``)
    or when they trace to the same clause with the same rule. The draft from the highest-priority
    source (an indicator, then the standard, the province's own documents, national ones) keeps
    its wording and rule; a differing rule of another source is named in the reason.
    """
    parent = list(range(len(drafts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(drafts):
        for j in range(i + 1, len(drafts)):
            b = drafts[j]
            if find(i) == find(j):
                continue
            if _duplicates(a, b):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(drafts)):
        groups.setdefault(find(i), []).append(i)
    merged: list[tuple[int, ItemDraft]] = []
    for members in groups.values():
        primary_index = min(members, key=lambda k: (drafts[k].priority, k))
        primary = drafts[primary_index]
        for k in members:
            if k == primary_index:
                continue
            other = drafts[k]
            for source in other.sources:
                if source not in primary.sources:
                    primary.sources.append(source)
            primary.clause_ids += [c for c in other.clause_ids if c not in primary.clause_ids]
            where = other.sources[0]["citation"] if other.sources else other.title[:20]
            note = f"合并相近条款：{where}"
            if other.threshold is not None and other.rule != primary.rule:
                if primary.threshold is None and primary.response_type == other.response_type:
                    primary.comparator, primary.threshold, primary.unit = other.comparator, other.threshold, other.unit
                    note += "（判定规则取自该条款）"
                else:
                    note += f"（该条款的数值为 {other.threshold.normalize():f}{other.unit or ('%' if other.response_type == 'percentage' else '')}，请核对）"
            primary.reasons.append(note)
            primary.obligation_id = primary.obligation_id or other.obligation_id
            primary.applies_to = primary.applies_to or other.applies_to
            primary.duty_bearer = primary.duty_bearer or other.duty_bearer
        merged.append((min(members), primary))
    return [d for _pos, d in sorted(merged, key=lambda pair: pair[0])]


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
