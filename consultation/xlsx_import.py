"""The spreadsheet units fill in offline, and its import — 意见表格导入.

``template_workbook`` writes the form (sheet 意见: 序号, 章条编号, 意见内容, 建议修改为, 理由; sheet
说明: how to fill it, and the consultation's number). ``import_comments`` validates every row
first and reports each problem by row number; if any row fails, nothing is stored.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from consultation import permissions
from consultation.clauses import UnknownClause, clause_refs, resolve
from consultation.models import Comment, Consultation
from consultation.services import MAX_TEXT, ConsultationError, check_open, comment_fields
from content.models import Organisation

SHEET, INFO = "意见", "说明"
HEADER = ("序号", "章条编号", "意见内容", "建议修改为", "理由")
REQUIRED_HEADERS = ("章条编号", "意见内容")
META_KEY = "征求意见编号"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # a small file that unpacks to gigabytes is refused unread
MAX_ROWS = 2000
FORMULA_START = ("=", "+", "-", "@")


class ImportFailed(ConsultationError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class PlannedComment:
    row: int
    fields: dict


def neutralise(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def template_workbook(consultation: Consultation, organisation: Organisation | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDE", (6, 16, 50, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    refs = clause_refs(consultation.version)
    info = wb.create_sheet(INFO)
    info.append([_("征求意见"), consultation.display_title])
    info.append([META_KEY, consultation.pk])
    info.append([_("征求意见期限"), f"{consultation.starts_on.isoformat()} 至 {consultation.ends_on.isoformat()}"])
    if organisation is not None:
        info.append([_("提出单位"), organisation.name])
    info.append([])
    info.append([_("填写说明")])
    for line in (
        _("每行一条意见，填写在“意见”工作表中；请勿修改表头。"),
        _("章条编号：填写条款编号（如下表“可填写的章条编号”），针对全文的意见填“全文”。"),
        _("意见内容必填；建议修改为、理由可选。"),
    ):
        info.append([line])
    info.append([])
    info.append([_("可填写的章条编号"), _("标题")])
    for ref in refs:
        info.append([ref.label, ref.clause.heading])
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    # A list of the clause numbers helps whoever fills the form; any text is still accepted.
    if refs and len(refs) < 250:
        first = info.max_row - len(refs) + 1
        dv = DataValidation(type="list", formula1=f"='{INFO}'!$A${first}:$A${info.max_row}", allow_blank=True, showErrorMessage=False)
        ws.add_data_validation(dv)
        dv.add("B2:B1000")
    for row in ws.iter_rows(min_row=2, max_row=200, min_col=3, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def check_upload(data: bytes, filename: str = "") -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFailed([_("文件过大：请上传不超过 %(mb)d MB 的 .xlsx 文件。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}])
    if filename and not filename.lower().endswith(".xlsx"):
        raise ImportFailed([_("只接受 .xlsx 格式的意见表。")])
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed([_("无法读取该文件：请上传 .xlsx 格式的意见表。")])
    try:
        unzipped = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise ImportFailed([_("无法读取该文件：请上传 .xlsx 格式的意见表。")]) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportFailed([_("文件内容过大：请上传不超过 %(mb)d MB 的 .xlsx 文件。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}])


def read_rows(data: bytes, consultation: Consultation) -> list[tuple[int, dict]]:
    try:
        # Formulas are read as their text, never evaluated.
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed([_("无法读取该文件：请上传 .xlsx 格式的意见表。")]) from None
    if SHEET not in wb.sheetnames:
        raise ImportFailed([_("文件缺少“意见”工作表：请使用本系统下载的意见表模板。")])
    if INFO in wb.sheetnames:
        meta = {_text(r[0]): r[1] for r in wb[INFO].iter_rows(max_row=10, values_only=True) if r and r[0]}
        number = _text(meta.get(META_KEY))
        if number and number != str(consultation.pk):
            raise ImportFailed([_("该意见表属于另一次征求意见（编号 %(n)s），不能导入到这里。") % {"n": number}])
    sheet = wb[SHEET]
    header_row, columns = None, {}
    for number, row in enumerate(sheet.iter_rows(max_row=10, values_only=True), start=1):
        names = [_text(v) for v in row or ()]
        if all(h in names for h in REQUIRED_HEADERS):
            header_row, columns = number, {name: names.index(name) for name in HEADER if name in names}
            break
    if header_row is None:
        raise ImportFailed([_("“意见”工作表缺少表头“章条编号”“意见内容”：请使用本系统下载的意见表模板。")])
    rows = []
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        cells = list(row or ())
        values = {name: _text(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        if not any(v for k, v in values.items() if k != "序号"):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFailed([_("意见超过 %(n)d 条：请分多个文件导入。") % {"n": MAX_ROWS}])
    return rows


def import_comments(user, consultation: Consultation, organisation: Organisation, data: bytes, filename: str = "") -> list[Comment]:
    """Create one comment per filled row for ``organisation``; all or nothing."""
    if not permissions.importable_organisations(user, consultation).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("您不能为该单位导入意见。"))
    if not permissions.is_drafter(user, consultation):
        # A unit's own upload follows the dates; the drafting group may enter what arrived in time by post.
        check_open(consultation)
    check_upload(data, filename)
    rows = read_rows(data, consultation)
    if not rows:
        raise ImportFailed([_("意见表中没有填写任何意见。")])
    refs = clause_refs(consultation.version)
    errors: list[str] = []
    planned: list[PlannedComment] = []
    for number, values in rows:
        row_errors = []
        try:
            ref = resolve(refs, values.get("章条编号", ""))
        except UnknownClause as exc:
            row_errors.append(str(exc))
            ref = None
        text = values.get("意见内容", "")
        if not text:
            row_errors.append(_("意见内容为空"))
        for name in ("意见内容", "建议修改为", "理由"):
            if len(values.get(name, "")) > MAX_TEXT:
                row_errors.append(_("“%(col)s”超过 %(n)d 字") % {"col": name, "n": MAX_TEXT})
        if row_errors:
            errors.append(_("第 %(row)d 行：%(msg)s") % {"row": number, "msg": "；".join(row_errors)})
            continue
        planned.append(PlannedComment(number, {
            "text": text,
            "proposed_wording": values.get("建议修改为", ""),
            "reason": values.get("理由", ""),
            **comment_fields(ref),
        }))
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        return [
            Comment.objects.create(
                consultation=consultation, organisation=organisation, author=user, source=Comment.Source.XLSX, **p.fields
            )
            for p in planned
        ]
