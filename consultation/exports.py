"""Exports for the submission for approval — 征求意见汇总处理表 and 修改对照表, as xlsx and docx.

The 汇总处理表 lists every comment in reading order (序号, 章条编号, 意见内容, 提出单位, 处理意见,
理由) under the summary line. The 修改对照表 compares the consultation's version with the next
version of the same work (the 送审稿) clause by clause (``content.diff``) and names, for each
changed clause, the accepted or partly accepted comments on it (修改依据), by their 序号 in the
汇总处理表.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from consultation import summary
from consultation.models import Consultation, Decision
from content.diff import ADDED, REMOVED, UNCHANGED, ClauseText, diff_clauses
from content.models import Clause, Version

CHANGE_COLUMNS = ("序号", "章条编号", "原条文", "修改后条文", "修改依据")
FONT = "宋体"


class NoNextVersion(LookupError):
    """The work has no version after the consultation's yet (no 送审稿 imported)."""


# --- tables as rows --------------------------------------------------------------------------


def summary_table(consultation: Consultation) -> tuple[str, list[summary.SummaryRow]]:
    rows = summary.consultation_rows(consultation)
    return summary.summary_line(summary.counts(rows)), rows


def next_version(consultation: Consultation) -> Version:
    version = consultation.version
    nxt = Version.objects.filter(work_id=version.work_id, number__gt=version.number).order_by("number").first()
    if nxt is None:
        raise NoNextVersion(_("尚未导入征求意见稿之后的版本（送审稿），无法生成修改对照表。"))
    return nxt


def _clause_texts(version: Version) -> list[ClauseText]:
    return [
        ClauseText(path=c.path, label=c.label, heading=c.heading, text=c.text)
        for c in Clause.objects.filter(version=version).order_by("position")
    ]


def _printed(clause: ClauseText | None) -> str:
    if clause is None:
        return ""
    head = " ".join(p for p in (clause.label, clause.heading) if p)
    return "\n".join(p for p in (head, clause.text) if p)


@dataclass
class ChangeRow:
    number: int
    where: str
    old: str
    new: str
    basis: str

    def cells(self) -> list:
        return [self.number, self.where, self.old, self.new, self.basis]


def change_table(consultation: Consultation) -> tuple[Version, list[ChangeRow]]:
    """Rows of the 修改对照表 between the consultation's version and the next one."""
    new_version = next_version(consultation)
    diffs = diff_clauses(_clause_texts(consultation.version), _clause_texts(new_version))
    by_path: dict[str, list[summary.SummaryRow]] = {}
    for row in summary.consultation_rows(consultation):
        if row.decision in (Decision.ACCEPTED, Decision.PARTLY) and row.comment.clause_path:
            by_path.setdefault(row.comment.clause_path, []).append(row)
    result = []
    for d in diffs:
        if d.status == UNCHANGED:
            continue
        basis = "\n".join(
            _("第 %(n)d 条意见（%(org)s，%(decision)s）") % {"n": r.number, "org": r.organisation, "decision": r.decision_label}
            for r in by_path.get(d.path, [])
        )
        result.append(ChangeRow(
            number=len(result) + 1,
            where=(d.new or d.old).label or d.path,
            old=_("（新增）") if d.status == ADDED else _printed(d.old),
            new=_("（删除）") if d.status == REMOVED else _printed(d.new),
            basis=basis,
        ))
    return new_version, result


# --- xlsx ----------------------------------------------------------------------------------


def _put(ws, row: int, col: int, value):
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":  # user text that looks like a formula stays text
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _xlsx(title: str, line: str, columns, rows, widths) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    _put(ws, 1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    _put(ws, 2, 1, line)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    for col, name in enumerate(columns, start=1):
        _put(ws, 3, col, name).font = Font(bold=True)
    for r, cells in enumerate(rows, start=4):
        for col, value in enumerate(cells, start=1):
            _put(ws, r, col, value)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(ord("A") + col - 1)].width = width
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def summary_title(consultation: Consultation) -> str:
    return _("%(work)s征求意见汇总处理表") % {"work": consultation.version.work.citation_title}


def changes_title(consultation: Consultation) -> str:
    return _("%(work)s修改对照表") % {"work": consultation.version.work.citation_title}


def summary_xlsx(consultation: Consultation) -> bytes:
    line, rows = summary_table(consultation)
    return _xlsx(summary_title(consultation), line, summary.COLUMNS, [r.cells() for r in rows], (6, 14, 60, 20, 10, 40))


def changes_line(consultation: Consultation, new_version: Version, rows: list[ChangeRow]) -> str:
    return _("%(old)s → %(new)s，修改 %(n)d 处。") % {
        "old": consultation.version.display_label, "new": new_version.display_label, "n": len(rows)
    }


def changes_xlsx(consultation: Consultation) -> bytes:
    new_version, rows = change_table(consultation)
    return _xlsx(changes_title(consultation), changes_line(consultation, new_version, rows), CHANGE_COLUMNS,
                 [r.cells() for r in rows], (6, 14, 50, 50, 36))


# --- docx ----------------------------------------------------------------------------------


def _docx(title: str, line: str, columns, rows) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.add_heading(title, level=1)
    doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for cells in rows:
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            cell.text = str(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def summary_docx(consultation: Consultation) -> bytes:
    line, rows = summary_table(consultation)
    return _docx(summary_title(consultation), line, summary.COLUMNS, [r.cells() for r in rows])


def changes_docx(consultation: Consultation) -> bytes:
    new_version, rows = change_table(consultation)
    return _docx(changes_title(consultation), changes_line(consultation, new_version, rows), CHANGE_COLUMNS,
                 [r.cells() for r in rows])
