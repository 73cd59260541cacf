"""The 征求意见汇总处理表 as rows and counts — shared by the pages, the API and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from consultation.models import Comment, Consultation, Decision, Disposition

PENDING = "pending"
STATE_LABELS = {**{d.value: str(d.label) for d in Decision}, PENDING: "待处理"}
COLUMNS = ("序号", "章条编号", "意见内容", "提出单位", "处理意见", "理由")


@dataclass
class SummaryRow:
    number: int
    where: str
    content: str
    organisation: str
    decision: str  # Decision value or "pending"
    decision_label: str
    reason: str
    comment: Comment

    def cells(self) -> list:
        return [self.number, self.where, self.content, self.organisation, self.decision_label, self.reason]


def with_dispositions(qs):
    return qs.select_related("organisation", "disposition", "merged_into__disposition")


def disposition_of(comment: Comment) -> Disposition | None:
    return comment.disposition_or_none()


def state_of(comment: Comment) -> str:
    d = disposition_of(comment)
    return d.decision if d else PENDING


def comment_content(comment: Comment) -> str:
    """意见内容: the comment, then the proposed wording and the commenter's reason if given."""
    parts = [comment.text]
    if comment.proposed_wording:
        parts.append(_("建议修改为：%(w)s") % {"w": comment.proposed_wording})
    if comment.reason:
        parts.append(_("理由：%(r)s") % {"r": comment.reason})
    return "\n".join(parts)


def rows(comments) -> list[SummaryRow]:
    """Numbered rows in reading order (whole-document comments first)."""
    result = []
    ordered = with_dispositions(comments).in_reading_order() if hasattr(comments, "in_reading_order") else comments
    for n, c in enumerate(ordered, start=1):
        d = disposition_of(c)
        state = d.decision if d else PENDING
        result.append(SummaryRow(
            number=n,
            where=c.clause_label or _("全文"),
            content=comment_content(c),
            organisation=c.organisation.name,
            decision=state,
            decision_label=STATE_LABELS[state],
            reason=d.reason if d else "",
            comment=c,
        ))
    # A merged duplicate names the row whose disposition it shares.
    number_of = {r.comment.pk: r.number for r in result}
    for r in result:
        if r.comment.merged_into_id and r.comment.merged_into_id in number_of:
            note = _("与第 %(n)d 条意见合并处理") % {"n": number_of[r.comment.merged_into_id]}
            r.reason = f"{note}。{r.reason}" if r.reason else note
    return result


def counts(summary_rows: list[SummaryRow]) -> dict:
    c = {"units": len({r.comment.organisation_id for r in summary_rows}), "comments": len(summary_rows)}
    for state in (*Decision.values, PENDING):
        c[state] = sum(1 for r in summary_rows if r.decision == state)
    return c


def summary_line(c: dict) -> str:
    line = _("收到 %(units)d 个单位 %(comments)d 条意见，采纳 %(accepted)d 条，部分采纳 %(partly)d 条，未采纳 %(rejected)d 条") % c
    if c[PENDING]:
        line += _("，待处理 %(pending)d 条") % c
    return line + "。"


def consultation_rows(consultation: Consultation) -> list[SummaryRow]:
    return rows(Comment.objects.filter(consultation=consultation))
