"""The 征求意见汇总处理表 (xlsx, docx) and the 修改对照表, opened and read cell by cell."""

import io

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from consultation import exports, services

pytestmark = pytest.mark.django_db

TITLE = "《紧密型县域医疗卫生共同体管理规范》征求意见汇总处理表"
LINE = "收到 2 个单位 4 条意见，采纳 2 条，部分采纳 1 条，未采纳 1 条。"
ROWS = [
    [1, "全文", "建议全文统一使用“县域医共体”。", "乙县人民医院", "未采纳", "“医共体”为规范简称，已在术语中定义。"],
    [2, "4", "建议补充建设数量的测算依据。\n建议修改为：每个县原则上建设1至3个医共体。\n理由：各县人口差异大。",
     "甲市卫生健康委员会", "采纳", "已在4中补充。"],
    [3, "4", "建设数量应考虑服务人口。", "乙县人民医院", "采纳", "与第 2 条意见合并处理。已在4中补充。"],
    [4, "6", "评价周期建议增加季度监测。", "甲市卫生健康委员会", "部分采纳", "保留半年度评价，增加季度动态监测。"],
]


@pytest.fixture
def disposed(world):
    c, users = world["c"], world["users"]
    a, b, drafter = users["a"], users["b"], users["drafter"]
    whole = services.submit_comment(b, c, organisation=world["b"], clause_ref="全文", text="建议全文统一使用“县域医共体”。")
    first = services.submit_comment(a, c, organisation=world["a"], clause_ref="4", text="建议补充建设数量的测算依据。",
                                    proposed_wording="每个县原则上建设1至3个医共体。", reason="各县人口差异大。")
    dup = services.submit_comment(b, c, organisation=world["b"], clause_ref="4", text="建设数量应考虑服务人口。")
    sixth = services.submit_comment(a, c, organisation=world["a"], clause_ref="6", text="评价周期建议增加季度监测。")
    services.dispose(drafter, dup, decision="rejected", reason="先记下，合并后以主意见为准。")
    services.merge(drafter, dup, first)
    services.dispose(drafter, dup, decision="accepted", reason="已在4中补充。")  # recorded on the group's primary
    services.dispose(drafter, whole, decision="rejected", reason="“医共体”为规范简称，已在术语中定义。")
    services.dispose(drafter, sixth, decision="partly", reason="保留半年度评价，增加季度动态监测。")
    return world


def test_merged_duplicates_share_one_disposition(disposed):
    from consultation.models import Comment, Disposition

    first = Comment.objects.get(clause_label="4", organisation=disposed["a"])
    dup = Comment.objects.get(clause_label="4", organisation=disposed["b"])
    assert dup.merged_into == first
    assert Disposition.objects.filter(comment__in=[first, dup]).count() == 1
    assert dup.disposition_or_none() == first.disposition_or_none()
    assert first.disposition.decision == "accepted"


def test_summary_xlsx_cell_by_cell(disposed):
    wb = load_workbook(io.BytesIO(exports.summary_xlsx(disposed["c"])))
    ws = wb.active
    assert ws["A1"].value == TITLE
    assert ws["A2"].value == LINE
    assert [cell.value for cell in ws[3]] == ["序号", "章条编号", "意见内容", "提出单位", "处理意见", "理由"]
    assert [[cell.value for cell in row] for row in ws.iter_rows(min_row=4)] == ROWS


def test_summary_docx_cell_by_cell(disposed):
    doc = Document(io.BytesIO(exports.summary_docx(disposed["c"])))
    texts = [p.text for p in doc.paragraphs]
    assert TITLE in texts and LINE in texts
    table = doc.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["序号", "章条编号", "意见内容", "提出单位", "处理意见", "理由"]
    assert cells[1:] == [[str(v) for v in row] for row in ROWS]


def test_formula_like_text_stays_text(world):
    c, users = world["c"], world["users"]
    services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="=HYPERLINK(\"http://x\")")
    ws = load_workbook(io.BytesIO(exports.summary_xlsx(c))).active
    assert ws["C4"].value == '=HYPERLINK("http://x")' and ws["C4"].data_type == "s"
    assert "待处理 1 条" in ws["A2"].value


def next_version(version, changes: dict, added=(), removed=()):
    from content.models import Clause, Version

    # As the importer does: the old version stops being current first (one current per work).
    Version.objects.filter(pk=version.pk).update(is_current=False)
    new = Version.objects.create(work=version.work, number=version.number + 1, stage="submitted", label="送审稿",
                                 source_sha256="2" * 64, original_text="x", text="x")
    position = 0
    for old in Clause.objects.filter(version=version).order_by("position"):
        if old.path in removed:
            continue
        Clause.objects.create(version=new, path=old.path, label=old.label, kind=old.kind, heading=old.heading,
                              text=changes.get(old.path, old.text), position=position)
        position += 1
        for path, heading, text in added:
            if path == str(int(old.path) + 1 if old.path.isdigit() else ""):
                Clause.objects.create(version=new, path=path, label=path, kind="clause", heading=heading, text=text, position=position)
                position += 1
    return new


def test_change_table_on_a_changed_version(disposed):
    from content.models import Clause

    c = disposed["c"]
    with pytest.raises(exports.NoNextVersion):
        exports.change_table(c)
    drafter = Client()
    drafter.force_login(disposed["users"]["drafter"])
    assert drafter.get(f"/consultation/{c.pk}/changes.xlsx").status_code == 404

    old4 = Clause.objects.get(version=disposed["version"], path="4")
    old6 = Clause.objects.get(version=disposed["version"], path="6")
    new4 = old4.text + "每个县原则上建设1至3个医共体。"
    new6 = old6.text.replace("评价", "监测评价", 1)
    next_version(disposed["version"], {"4": new4, "6": new6}, added=[("8", "附则", "本文件自发布之日起实施。")], removed=["appB"])
    new_version, rows = exports.change_table(c)
    assert new_version.label == "送审稿"
    assert [(r.number, r.where) for r in rows] == [(1, "4"), (2, "6"), (3, "8"), (4, "附录B")]
    assert rows[0].old == f"4 医共体构建\n{old4.text}" and rows[0].new == f"4 医共体构建\n{new4}"
    assert rows[0].basis == "第 2 条意见（甲市卫生健康委员会，采纳）\n第 3 条意见（乙县人民医院，采纳）"
    assert rows[1].basis == "第 4 条意见（甲市卫生健康委员会，部分采纳）"
    assert (rows[2].old, rows[2].new, rows[2].basis) == ("（新增）", "8 附则\n本文件自发布之日起实施。", "")
    assert rows[3].new == "（删除）" and rows[3].old.startswith("附录B （规范性）")

    ws = load_workbook(io.BytesIO(drafter.get(f"/consultation/{c.pk}/changes.xlsx").content)).active
    assert ws["A1"].value == "《紧密型县域医疗卫生共同体管理规范》修改对照表"
    assert [cell.value for cell in ws[3]] == ["序号", "章条编号", "原条文", "修改后条文", "修改依据"]
    assert [cell.value for cell in ws[4]] == [1, "4", rows[0].old, rows[0].new, rows[0].basis]
    assert ws.max_row == 7
    doc = Document(io.BytesIO(drafter.get(f"/consultation/{c.pk}/changes.docx").content))
    table = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert table[2] == ["2", "6", f"6 医共体外部治理\n{old6.text}", f"6 医共体外部治理\n{new6}", rows[1].basis]
    assert len(table) == 5
