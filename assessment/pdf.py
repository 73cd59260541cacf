"""The PDF report of one assessment — 自评估报告, rendered with reportlab.

Chinese is drawn with a TrueType CJK font from Debian's font packages (``fonts-wqy-microhei``,
or ``fonts-arphic-uming``), embedded as a subset so the file reads the same everywhere. Without
one, reportlab's built-in CID font STSong-Light is used (not embedded: the reader supplies it)
with a warning. Every page carries a header (county, period, template version) and its page
number; the report ends with a signature block. All imported text is escaped before it enters
a Paragraph (which understands a little markup).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assessment import scoring
from assessment.answers import answer_of
from assessment.models import ChecklistItem, Response
from assessment.presentation import fmt_score, grade_label, grade_rule_text, period_label
from content.models import Dimension

log = logging.getLogger(__name__)

# TrueType CJK fonts of Debian packages, in order of preference: (file, index in a collection).
TTF_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # fonts-arphic-ukai
]
TTF_NAME = "PortalCJK"
CID_FALLBACK = "STSong-Light"
CHOICE_TEXT = {"yes": "是", "partly": "部分", "no": "否", "na": "不适用"}
_chosen: list[str] = []


def _font(candidates=None) -> str:
    """The registered font name: an embedded (subset) TrueType CJK font, else the CID fallback."""
    if _chosen and candidates is None:
        return _chosen[0]
    for path, index in candidates if candidates is not None else TTF_CANDIDATES:
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont(TTF_NAME, path, subfontIndex=index))
            except Exception as exc:  # a damaged or CFF-outline font file: try the next one
                log.warning("PDF font %s cannot be embedded: %s", path, exc)
                continue
            name = TTF_NAME
            break
    else:
        log.warning(
            "No TrueType CJK font found (install the Debian package fonts-wqy-microhei); "
            "PDF reports use the non-embedded CID font %s.", CID_FALLBACK,
        )
        if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
        name = CID_FALLBACK
    if candidates is None:
        _chosen[:] = [name]
    return name


def _numbered_canvas(header: str, font: str):
    """A canvas that draws the header and "第 N 页 / 共 M 页" once the page count is known."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int):
            width, height = A4
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(16 * mm, height - 10 * mm, header)
            self.setStrokeColor(colors.HexColor("#BBBBBB"))
            self.line(16 * mm, height - 11.5 * mm, width - 16 * mm, height - 11.5 * mm)
            self.drawCentredString(width / 2, 9 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def _styles():
    font = _font()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


# Longest text of one kind in a table cell; longer text is cut and links to the portal, so a row
# always fits on a page (rows may also split across pages).
CUT = {"title": 400, "sources": 300, "note": 600, "review": 600, "answer": 120}


def _cut_p(text: str, limit: int, style, url: str = "", prefix: str = "", base: str = "") -> Paragraph:
    text = str(text or "")
    if len(text) <= limit:
        return _p(prefix + text, style)
    markup = escape(prefix + text[:limit]).replace("\n", "<br/>") + "…"
    if url:
        href = escape(url if url.startswith("http") else (base or settings.PORTAL_BASE_URI) + url, {'"': "&quot;"})
        markup += f' <a href="{href}" color="blue">（全文）</a>'
    return Paragraph(markup, style)


def answer_text(item: ChecklistItem, r: Response | None) -> str:
    if r is None:
        return "未作答"
    if r.choice:
        return CHOICE_TEXT.get(r.choice, r.choice)
    if r.number is not None:
        unit = "%" if item.response_type == "percentage" else item.unit
        return f"{format(r.number.normalize(), 'f')}{unit}"
    if r.date:
        return r.date.isoformat()
    return r.text or "未作答"


def render_report(assessment, base: str = "") -> bytes:
    """The report as PDF; links to the portal start at ``base`` (the request's origin)."""

    def cut(*args, **kwargs) -> Paragraph:
        return _cut_p(*args, base=base, **kwargs)

    st = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=18 * mm, bottomMargin=16 * mm,
        title=f"{assessment.region.name} {assessment.period} 自评估报告", author="医共体规范门户",
    )
    story = [
        _p(f"{assessment.region.name} {period_label(assessment.period)} 紧密型县域医共体自评估报告", st["title"]),
        _p(f"所属：{assessment.region.parent.name if assessment.region.parent else ''}　状态：{assessment.get_status_display()}　"
           f"模板：{assessment.template}　生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", st["small"]),
        Spacer(1, 4 * mm),
    ]
    summary = [["总分", "等级", "进度"], [fmt_score(assessment.score), grade_label(assessment.grade), f"{assessment.answered}/{assessment.total_items}"]]
    dims = [["评价维度", "维度权重", "得分"]] + [
        [str(label), f"{assessment.template.dimension_weight(value):g}", fmt_score((assessment.dimension_scores or {}).get(value))]
        for value, label in Dimension.choices
    ]
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), _font()), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE3EA")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])
    story += [Table(summary, colWidths=[40 * mm] * 3, style=grid), Spacer(1, 2 * mm), _p(grade_rule_text(), st["small"])]
    story += [_p("各维度得分", st["h2"]), Table(dims, colWidths=[80 * mm, 30 * mm, 30 * mm], style=grid)]
    if assessment.review_comment:
        story += [_p("审核意见", st["h2"]), _p(assessment.review_comment, st["base"])]
    responses = {r.item_id: r for r in Response.objects.filter(assessment=assessment)}
    items = list(ChecklistItem.objects.filter(template_id=assessment.template_id).order_by("position"))
    for value, label in Dimension.choices:
        group = [i for i in items if i.dimension == value]
        if not group:
            continue
        story.append(_p(f"{label}", st["h2"]))
        rows = [[_p("编号", st["small"]), _p("检查项与来源条款", st["small"]), _p("作答", st["small"]), _p("判定", st["small"])]]
        for item in group:
            r = responses.get(item.id)
            verdict = scoring.passed(answer_of(item, r))
            sources = "；".join(s.get("citation", "") for s in item.sources or [])
            first_url = next((s.get("url", "") for s in item.sources or [] if s.get("url")), "")
            item_url = f"/assessments/templates/{item.template_id}/#item-{item.pk}"
            cell = [cut(item.title, CUT["title"], st["base"], item_url)]
            if sources:
                cell.append(cut(sources, CUT["sources"], st["small"], first_url, prefix="来源："))
            if r is not None and r.note:
                cell.append(cut(r.note, CUT["note"], st["small"], assessment.get_absolute_url(), prefix="说明："))
            if r is not None and r.review_comment:
                cell.append(cut(r.review_comment, CUT["review"], st["small"], assessment.get_absolute_url(), prefix="审核意见："))
            rows.append([
                _p(item.code, st["base"]), cell,
                cut(answer_text(item, r), CUT["answer"], st["base"], assessment.get_absolute_url()),
                _p({True: "达标", False: "未达标"}.get(verdict, item.rule_text or "—"), st["small"]),
            ])
        story.append(Table(rows, colWidths=[14 * mm, 112 * mm, 26 * mm, 26 * mm], repeatRows=1, style=grid, splitInRow=1))
    story += [_p("签字确认", st["h2"]), _signature_block(st)]
    header = f"{assessment.region.name}　{period_label(assessment.period)}　模板：{assessment.template.title} v{assessment.template.version}"
    doc.build(story, canvasmaker=_numbered_canvas(header, _font()))
    return out.getvalue()


def _signature_block(st) -> Table:
    line = "＿＿＿＿＿＿＿＿＿＿"
    rows = [
        [_p("填报人（签字）：", st["base"]), _p(line, st["base"]), _p("日期：", st["base"]), _p(line, st["base"])],
        [_p("审核人（签字）：", st["base"]), _p(line, st["base"]), _p("日期：", st["base"]), _p(line, st["base"])],
    ]
    return Table(rows, colWidths=[34 * mm, 56 * mm, 16 * mm, 56 * mm], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 10),
    ]))
