"""The offline spreadsheet: template, import with bad rows (nothing half-imported), limits."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from consultation.xlsx_import import (
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    ImportFailed,
    import_comments,
    template_workbook,
)
from tests.consultation.conftest import close

pytestmark = pytest.mark.django_db


def filled(template: bytes, rows: list[tuple]) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb["意见"]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_lists_the_clauses_and_names_the_consultation(world):
    c = world["c"]
    wb = load_workbook(io.BytesIO(template_workbook(c, world["a"])))
    assert [cell.value for cell in wb["意见"][1]] == ["序号", "章条编号", "意见内容", "建议修改为", "理由"]
    info = {row[0]: row[1] for row in wb["说明"].iter_rows(values_only=True) if row and row[0]}
    assert info["征求意见编号"] == c.pk and info["提出单位"] == "甲市卫生健康委员会"
    assert {"4", "附录A", "附录B"} <= set(info)


def test_import_good_rows(world):
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    data = filled(template_workbook(c), [
        (1, "4", "建议补充医共体建设数量的测算依据。", "", "各县人口差异大"),
        (2, "全文", "全文“医共体”与“县域医共体”混用，建议统一。", "统一为“县域医共体”", ""),
        (3, "附录 A", "=组织架构图应标明牵头医院", "", ""),
        (None, None, None, None, None),
        (5, "附录B", "评价等级的分界建议与国家标准一致。", "", ""),
    ])
    created = import_comments(users["a"], c, world["a"], data, "甲市意见.xlsx")
    assert [x.clause_label for x in created] == ["4", "", "附录A", "附录B"]
    assert all(x.source == "xlsx" and x.organisation == world["a"] for x in created)
    # a cell typed as a formula is kept as its text, never evaluated
    assert Comment.objects.get(clause_label="附录A").text == "=组织架构图应标明牵头医院"
    assert Comment.objects.get(clause_path="").proposed_wording == "统一为“县域医共体”"


def test_bad_rows_are_reported_and_nothing_is_imported(world):
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    data = filled(template_workbook(c), [
        (1, "4", "好的一行。", "", ""),
        (2, "9.9", "没有这一条。", "", ""),
        (3, "5", "", "只有建议没有意见", ""),
        (4, "6", "x" * 5001, "", ""),
    ])
    with pytest.raises(ImportFailed) as info:
        import_comments(users["a"], c, world["a"], data)
    assert info.value.errors == [
        "第 3 行：章条编号“9.9”不在征求意见稿中。",
        "第 4 行：意见内容为空",
        "第 5 行：“意见内容”超过 5000 字",
    ]
    assert not Comment.objects.exists()

    # through the page: 400, the errors listed, still nothing stored
    client = Client()
    client.force_login(users["a"])
    response = client.post(f"/consultation/{c.pk}/import/", {"organisation": world["a"].pk, "file": SimpleUploadedFile("甲市意见.xlsx", data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 3 行：章条编号“9.9”不在征求意见稿中。" in page and "文件未导入" in page
    assert not Comment.objects.exists()


def test_ambiguous_labels_and_items(deep_version, world):
    from consultation import services
    from consultation.models import ConsultationMember

    users = world["users"]
    from consultation.models import DraftingGroupMember

    DraftingGroupMember.objects.create(user=users["drafter"], work=deep_version.work)
    drafter = type(users["drafter"]).objects.get(pk=users["drafter"].pk)
    today = timezone.localdate()
    c = services.open_consultation(drafter, deep_version, starts_on=today, ends_on=today + timedelta(days=5), invited=[world["a"]])
    assert ConsultationMember.objects.filter(user=users["a"]).exists()
    data = filled(template_workbook(c), [(1, "（一）", "含糊的编号", "", ""), (2, "第五条（一）", "双向转诊应写明时限。", "", "")])
    with pytest.raises(ImportFailed) as info:
        import_comments(users["a"], c, world["a"], data)
    assert info.value.errors == ["第 2 行：章条编号“（一）”在文中出现 2 处，请写完整编号，如“第五条（一）”。"]
    data = filled(template_workbook(c), [(1, "第五条（一）", "双向转诊应写明时限。", "", ""), (2, "art6-i1", "考核应公开。", "", "")])
    created = import_comments(users["a"], c, world["a"], data)
    assert [(x.clause.path, x.clause_label, x.clause.kind) for x in created] == [
        ("art5-i1", "第五条（一）", "item"), ("art6-i1", "第六条（一）", "item")
    ]


def test_file_checks(world):
    c, users = world["c"], world["users"]
    with pytest.raises(ImportFailed, match="只接受 .xlsx"):
        import_comments(users["a"], c, world["a"], b"PK\x03\x04", "意见.xls")
    with pytest.raises(ImportFailed, match="无法读取"):
        import_comments(users["a"], c, world["a"], b"not a spreadsheet", "意见.xlsx")
    with pytest.raises(ImportFailed, match="文件过大"):
        import_comments(users["a"], c, world["a"], b"PK\x03\x04" + b"0" * MAX_UPLOAD_BYTES, "意见.xlsx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"0" * (MAX_UNZIPPED_BYTES + 1))
    assert len(bomb.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(ImportFailed, match="文件内容过大"):
        import_comments(users["a"], c, world["a"], bomb.getvalue(), "意见.xlsx")
    other = template_workbook(c)  # the same form, but claiming another consultation
    wb = load_workbook(io.BytesIO(other))
    for row in wb["说明"].iter_rows():
        if row[0].value == "征求意见编号":
            row[1].value = c.pk + 1000
    wb["意见"].append([1, "4", "内容"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportFailed, match="另一次征求意见"):
        import_comments(users["a"], c, world["a"], out.getvalue(), "意见.xlsx")
    with pytest.raises(ImportFailed, match="没有填写任何意见"):
        import_comments(users["a"], c, world["a"], template_workbook(c), "意见.xlsx")


def test_who_may_import_and_when(world):
    from consultation.models import Comment

    c, users = world["c"], world["users"]
    data = filled(template_workbook(c), [(1, "4", "意见一条。", "", "")])
    with pytest.raises(PermissionDenied):
        import_comments(users["b"], c, world["a"], data)  # another unit's name
    with pytest.raises(PermissionDenied):
        import_comments(users["outsider"], c, world["a"], data)
    client = Client()
    client.force_login(users["outsider"])
    assert client.get(f"/consultation/{c.pk}/import/").status_code == 403
    assert client.get(f"/consultation/{c.pk}/template.xlsx").status_code == 403
    close(c)
    from consultation.services import ConsultationClosed

    with pytest.raises(ConsultationClosed):
        import_comments(users["a"], c, world["a"], data)
    # what a unit sent in time by post is entered by the drafting group after the end date
    assert len(import_comments(users["drafter"], c, world["b"], data)) == 1
    assert Comment.objects.get().organisation == world["b"]
