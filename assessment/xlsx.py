"""Excel export and import of one assessment — Excel 导出/导入.

The sheet keeps the structure dimension → item → clause (outline levels 0/1/2). Import reads the
item rows back, validates every cell first and reports problems by row; if any row fails, nothing
is stored. Text that looks like a formula (= + - @ …) is neutralised with a leading apostrophe on
export, and the apostrophe is removed again on import.
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from assessment import scoring
from assessment.answers import answer_of, rescore, response_values
from assessment.models import Assessment, AuditEntry, ChecklistItem, Response
from assessment.presentation import fmt_score, grade_label, period_label
from assessment.values import CHOICE_WORDS, InvalidAnswer, clean_answer
from content.models import Dimension

SHEET, META = "自评估", "信息"
HEADER = ["层级", "编号", "内容", "作答类型", "判定规则", "结论", "数值", "日期", "文字", "说明", "版本号（勿改）", "达标", "审核意见"]
ANSWER_COLUMNS = ("结论", "数值", "日期", "文字", "说明")  # the only cells left unlocked in an item row
COL = {name: i + 1 for i, name in enumerate(HEADER)}
HEADER_ROW = 3
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHOICE_LABELS = {v: k for k, v in CHOICE_WORDS.items()}
ROW_DIMENSION, ROW_ITEM, ROW_CLAUSE = "维度", "检查项", "条款"


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def export_assessment(assessment: Assessment) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([neutralise(f"{assessment.region.name} {period_label(assessment.period)} 自评估")])
    ws.append([f"总分 {fmt_score(assessment.score)} · 等级 {grade_label(assessment.grade)} · 状态 {assessment.get_status_display()} · 模板 {assessment.template}"])
    ws.append(HEADER)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
    ws["A1"].font = Font(bold=True, size=14)
    responses = {r.item_id: r for r in Response.objects.filter(assessment=assessment)}
    items = list(ChecklistItem.objects.filter(template_id=assessment.template_id).order_by("position"))
    choice_validation = DataValidation(type="list", formula1='"是,部分,否,不适用"', allow_blank=True)
    editable = assessment.is_editable
    answer_fill = PatternFill("solid", fgColor="FFF9E6")
    ws.add_data_validation(choice_validation)
    for value, label in Dimension.choices:
        group = [i for i in items if i.dimension == value]
        if not group:
            continue
        ws.append([ROW_DIMENSION, "", str(label)])
        ws.cell(ws.max_row, 3).font = Font(bold=True)
        for item in group:
            r = responses.get(item.id)
            values = response_values(r) if r else {"choice": "", "number": None, "date": None, "text": "", "note": ""}
            number = Decimal(values["number"]) if values["number"] is not None else None
            ws.append([
                ROW_ITEM, item.code, neutralise(item.title), item.get_response_type_display(), neutralise(item.rule_text),
                CHOICE_LABELS.get(values["choice"], ""),
                float(number) if number is not None else None,
                values["date"] or "",
                neutralise(values["text"]), neutralise(values["note"]), r.version if r else 0,
                _verdict(item, r), neutralise(r.review_comment) if r else "",
            ])
            row = ws.max_row
            ws.row_dimensions[row].outline_level = 1
            if editable:
                for name in ANSWER_COLUMNS:
                    ws.cell(row, COL[name]).protection = Protection(locked=False)
                    ws.cell(row, COL[name]).fill = answer_fill
            choice_validation.add(ws.cell(row, COL["结论"]))
            for source in item.sources or []:
                ws.append([ROW_CLAUSE, "", neutralise(f"{source.get('citation', '')}：{source.get('text', '')}")])
                ws.row_dimensions[ws.max_row].outline_level = 2
                ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCDEFGHIJKLM", [8, 8, 60, 12, 16, 8, 10, 12, 24, 24, 10, 10, 30], strict=True):
        ws.column_dimensions[letter].width = width
    # everything but the answer cells is protected (no password: a guard against slips, not a lock)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    meta = wb.create_sheet(META)
    for key, value in [
        ("assessment_id", assessment.pk), ("region_code", assessment.region.code), ("region", assessment.region.name),
        ("period", assessment.period), ("template", assessment.template.key), ("template_version", assessment.template.version),
        ("exported_at", timezone.localtime().isoformat(timespec="seconds")),
    ]:
        meta.append([key, value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _verdict(item: ChecklistItem, r: Response | None) -> str:
    """达标 / 未达标 by the item's rule, the reviewer's judgement where it has none, or blank."""
    answer = answer_of(item, r)
    if answer.not_applicable:
        return "不适用"
    if answer.needs_judgement and answer.judgement:
        return {"met": "达标", "partly": "部分达标", "not_met": "未达标"}[answer.judgement]
    return {True: "达标", False: "未达标"}.get(scoring.passed(answer), "")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # inf/nan stay words (and are refused as numbers); finite floats are written out in full
        return format(Decimal(repr(value)).normalize(), "f") if math.isfinite(value) else repr(value)
    try:
        return str(unneutralise(value)).strip()
    except ValueError:  # an integer too long to print
        return "?"


# A workbook is a zip: refused by the uncompressed size its directory declares, before reading.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


def _check_container(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailed([_("无法读取该文件：请上传从本系统导出的 .xlsx 文件。")]) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFailed([
            _("文件解压后大小 %(mb)d MB 超过上限 %(limit)d MB，已拒绝。")
            % {"mb": total // 1048576, "limit": MAX_UNCOMPRESSED_BYTES // 1048576}
        ])


def read_rows(data: bytes) -> tuple[dict, list[tuple[int, dict]]]:
    _check_container(data)
    try:
        return _read_rows(data)
    except ImportFailed:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file or an unreadable cell
        raise ImportFailed([_("无法读取该文件：请上传从本系统导出的 .xlsx 文件。")]) from None


def _read_rows(data: bytes) -> tuple[dict, list[tuple[int, dict]]]:
    # Formulas are read as their text (never evaluated): a typed formula stays literal text.
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    if SHEET not in wb.sheetnames or META not in wb.sheetnames:
        raise ImportFailed([_("文件缺少“自评估”或“信息”工作表：请使用本系统导出的模板。")])
    meta = {str(row[0]): row[1] for row in wb[META].iter_rows(values_only=True) if row and row[0]}
    rows = []
    for number, row in enumerate(wb[SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True), start=HEADER_ROW + 1):
        if not row or row[0] != ROW_ITEM:
            continue
        cells = list(row) + [None] * (len(HEADER) - len(row))
        rows.append((number, {name: cells[COL[name] - 1] for name in HEADER}))
    return meta, rows


def import_assessment(assessment: Assessment, data: bytes, user) -> int:
    """Apply a filled workbook; returns the number of answers changed. All or nothing."""
    meta, rows = read_rows(data)
    if str(meta.get("assessment_id")) != str(assessment.pk) or str(meta.get("period")) != assessment.period:
        raise ImportFailed([
            _("该文件属于另一份自评估（%(region)s %(period)s），不能导入到这里。")
            % {"region": meta.get("region", "?"), "period": meta.get("period", "?")}
        ])
    items = {i.code: i for i in ChecklistItem.objects.filter(template_id=assessment.template_id)}
    errors: list[str] = []
    planned: list[tuple[ChecklistItem, dict, int]] = []
    seen: set[str] = set()
    for number, row in rows:
        code = _cell_text(row["编号"])
        item = items.get(code)
        if item is None:
            errors.append(_("第 %(row)d 行：编号“%(code)s”不在该自评估的检查项中。") % {"row": number, "code": code})
            continue
        if code in seen:
            errors.append(_("第 %(row)d 行：编号 %(code)s 重复出现。") % {"row": number, "code": code})
            continue
        seen.add(code)
        raw = {
            "choice": _cell_text(row["结论"]),
            "number": _cell_text(row["数值"]),
            "date": _cell_text(row["日期"]),
            "text": _cell_text(row["文字"]),
            "note": _cell_text(row["说明"]),
        }
        try:
            clean = clean_answer(item.response_type, raw)
        except InvalidAnswer as exc:
            errors.append(_("第 %(row)d 行（%(code)s）：%(msg)s") % {"row": number, "code": code, "msg": exc})
            continue
        try:
            version = int(_cell_text(row["版本号（勿改）"]) or 0)
        except ValueError:
            errors.append(_("第 %(row)d 行（%(code)s）：版本号被改动，请重新导出后填写。") % {"row": number, "code": code})
            continue
        planned.append((item, clean.as_dict(), version))
    if errors:
        raise ImportFailed(errors)
    changed = 0
    with transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
        status = Assessment.objects.filter(pk=assessment.pk).values_list("status", flat=True).get()
        if status not in {"draft", "returned"}:
            raise ImportFailed([_("该自评估已提交或已审定，不能导入。")])
        current = {r.item_id: r for r in Response.objects.filter(assessment=assessment)}
        conflicts = []
        for item, new, version in planned:
            r = current.get(item.id) or Response.objects.create(assessment=assessment, item=item)
            old = response_values(r)
            if old == new:
                continue
            if r.version != version:
                conflicts.append(
                    _("%(code)s：导出后已被他人修改（现为“%(current)s”），请重新导出后再填写。")
                    % {"code": item.code, "current": "，".join(str(v) for v in old.values() if v)}
                )
                continue
            r.choice, r.text, r.note = new["choice"], new["text"], new["note"]
            r.number = Decimal(new["number"]) if new["number"] is not None else None
            r.date = date.fromisoformat(new["date"]) if new["date"] else None
            r.not_applicable = new["choice"] == "na"
            r.version += 1
            r.updated_by, r.updated_at = user, timezone.now()
            r.save()
            AuditEntry.objects.create(assessment=assessment, item=item, user=user, action="import", old=old, new=new)
            changed += 1
        if conflicts:
            transaction.set_rollback(True)
            raise ImportFailed(conflicts)
        rescore(assessment)
    return changed
