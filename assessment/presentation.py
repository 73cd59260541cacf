"""What the checklist pages, exports and the API show — 展示数据, shared so they agree."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import permissions, scoring, workflow
from assessment.answers import answer_of
from assessment.models import Assessment, ChecklistItem, Choice, Judgement, Response, ResponseType
from assessment.periods import parse_period
from content.models import Dimension


def grade_label(grade: str) -> str:
    """优秀 / 合格 / 不合格, or 未评定 while nothing is answered (never a red 不合格 for an empty one)."""
    return {scoring.EXCELLENT: _("优秀"), scoring.PASS: _("合格"), scoring.FAIL: _("不合格")}.get(grade, _("未评定"))


def progress_text(answered: int, total: int) -> str:
    return _("已答 %(answered)d/%(total)d") % {"answered": answered, "total": total}


def judgement_label(judgement: str) -> str:
    return str(Judgement(judgement).label) if judgement in Judgement.values else _("待评定")


def direction_label(direction: str) -> str:
    return {"higher": _("越高越好"), "lower": _("越低越好")}.get(direction, "")


def grade_rule_text() -> str:
    return _(
        "定级规则：总分先四舍五入保留一位小数，再按保留后的分数定级——≥ 90.0 为优秀，60.0–89.9 为合格，"
        "< 60.0 为不合格（例：89.95 记为 90.0，优秀；89.94 记为 89.9，合格；89.6 为合格）。"
        "不适用的检查项不计入分母，未作答的检查项按 0 分计；没有判定规则的检查项由审核人评定"
        "（达标、部分达标、未达标），评定前不计分；尚未作答任何检查项时为“未评定”。"
    )


def period_label(code: str) -> str:
    try:
        return parse_period(code).label
    except ValueError:
        return code


def fmt_score(value) -> str:
    return "—" if value is None else f"{float(value):.1f}"


def score_payload(assessment: Assessment, card: scoring.ScoreCard, item: ChecklistItem | None = None, response: Response | None = None) -> dict:
    payload = {
        "score": None if card.total is None else float(card.total),
        "grade": card.grade,
        "grade_label": grade_label(card.grade),
        "answered": card.answered,
        "total": card.total_items,
        "progress": progress_text(card.answered, card.total_items),
        "awaiting_judgement": card.awaiting_judgement,
        "dimension_scores": {k: (None if v is None else float(v)) for k, v in card.dimensions.items()},
    }
    if item is not None:
        verdict = scoring.passed(answer_of(item, response))
        payload["passed"] = verdict
    return payload


class ItemRow:
    """An item with its response, prepared for a template."""

    __slots__ = (
        "item", "response", "evidence", "passed", "answered", "rule", "weight", "base_url",
        "needs_judgement", "judgement", "judgement_label", "direction_label", "not_applicable", "next_unanswered",
    )

    def __init__(self, item: ChecklistItem, response: Response | None, evidence: list, base_url: str = ""):
        self.item = item
        self.response = response
        self.evidence = evidence
        answer = answer_of(item, response)
        self.passed = scoring.passed(answer)
        self.answered = answer.answered
        self.not_applicable = answer.not_applicable
        self.next_unanswered = None
        self.rule = item.rule_text
        self.needs_judgement = answer.needs_judgement
        self.judgement = answer.judgement
        self.judgement_label = judgement_label(answer.judgement) if answer.needs_judgement else ""
        self.direction_label = direction_label(item.direction)
        self.weight = format(item.weight.normalize(), "f")
        self.base_url = base_url

    @property
    def commented(self) -> bool:
        return bool(self.response and self.response.review_comment)

    @property
    def open(self) -> bool:
        """Still to be answered: neither answered nor marked 不适用."""
        return not self.answered and not self.not_applicable

    @property
    def save_url(self) -> str:
        return f"{self.base_url}items/{self.item.pk}/"

    @property
    def evidence_url(self) -> str:
        return f"{self.base_url}items/{self.item.pk}/evidence/"

    @property
    def version(self) -> int:
        return self.response.version if self.response else 0

    @property
    def number_value(self) -> str:
        n = self.response.number if self.response else None
        return "" if n is None else format(n.normalize(), "f")


# The checklist filter (?show=…): works as a plain GET link; JS only enhances it.
FILTERS = {
    "unanswered": (gettext_lazy("未作答"), lambda row: row.open),
    "not_met": (gettext_lazy("未达标"), lambda row: row.passed is False or row.judgement in {"not_met", "partly"}),
    "commented": (gettext_lazy("有审核意见"), lambda row: row.commented),
}


def checklist_context(user, assessment: Assessment, show: str = "") -> dict:
    items = list(ChecklistItem.objects.filter(template_id=assessment.template_id).order_by("position"))
    responses = {
        r.item_id: r for r in Response.objects.filter(assessment=assessment).prefetch_related("evidence")
    }
    base = assessment.get_absolute_url()
    rows = [
        ItemRow(i, responses.get(i.id), list(responses[i.id].evidence.all()) if i.id in responses else [], base)
        for i in items
    ]
    following = None
    for row in reversed(rows):
        row.next_unanswered = following
        if row.open:
            following = row.item.pk
    first_unanswered = following
    show = show if show in FILTERS else ""
    shown = [r for r in rows if FILTERS[show][1](r)] if show else rows
    dims = []
    for value, label in Dimension.choices:
        group = [r for r in shown if r.item.dimension == value]
        if group:
            dims.append({
                "value": value, "label": label, "rows": group,
                "score": (assessment.dimension_scores or {}).get(value),
                "answered": sum(r.answered for r in group),
                "weight": assessment.template.dimension_weight(value),
            })
    can_edit = permissions.can_edit(user, assessment)
    return {
        "assessment": assessment,
        "period_label": period_label(assessment.period),
        "dimensions": dims,
        "can_edit": can_edit,
        "can_review": permissions.can_review(user, assessment) and assessment.status == "submitted",
        "actions": workflow.available_actions(user, assessment),
        "grade_label": grade_label(assessment.grade),
        "grade_rule": grade_rule_text(),
        "score_text": fmt_score(assessment.score),
        "progress_text": progress_text(assessment.answered, assessment.total_items),
        "missing": workflow.missing_items(assessment, for_approval=assessment.status == "submitted") if can_edit or assessment.status == "submitted" else [],
        "judgements": [(value, str(label)) for value, label in Judgement.choices],
        "choices": [(value, str(label)) for value, label in Choice.choices if value != Choice.NA],
        # Labels used inside the 150-item loop, translated once per page (gettext per tag is slow).
        "t": {
            "weight": _("权重"), "rule": _("判定"), "pass": _("达标"), "fail": _("未达标"), "sources": _("来源条款"),
            "comment": _("审核意见"), "answer": _("作答"), "na": _("不适用"), "number": _("数值"),
            "date": _("完成日期"), "text": _("文字作答"), "note": _("说明"), "save": _("保存"), "saved": _("已保存"),
            "carried": _("沿用上期"), "next": _("下一个未答项"), "judge": _("审核评定"), "unjudged": _("待评定"),
            "comment_here": _("本项审核意见（退回时填写）"), "add_evidence": _("添加佐证材料"), "optional": _("说明（可选）"), "upload": _("上传"),
        },
        "ResponseType": ResponseType,
        "show": show,
        "filters": [("", _("全部"), len(rows))] + [(key, str(label), sum(1 for r in rows if test(r))) for key, (label, test) in FILTERS.items()],
        "shown_count": len(shown),
        "first_unanswered": first_unanswered,
        "unanswered_count": sum(1 for r in rows if r.open),
        "progress_pct": round(100 * assessment.answered / assessment.total_items) if assessment.total_items else 0,
    }
