"""Definition and short-name rules as tables of input → expected (issue 9), rows of the development
set, and one label defined by two documents (both definitions kept, each with its source)."""

import pytest

from knowledge.extract.definitions import extract_definitions, extract_term_entries
from tests.devset import cases

ABBREVIATIONS = [
    # (text, term, short name) — the term is the noun phrase, not the verb phrase before it
    ("结合某市经济特区（以下简称特区）实际，制定本规定。", "某市经济特区", "特区"),
    ("推进紧密型县域医疗卫生共同体（以下简称县域医共体）建设。", "紧密型县域医疗卫生共同体", "县域医共体"),
    ("依托县域医疗卫生共同体(以下简称医共体)开展服务。", "县域医疗卫生共同体", "医共体"),
    ("世界卫生组织（以下简称世卫组织）发布。", "世界卫生组织", "世卫组织"),
    ("根据《中华人民共和国执业医师法》(以下称执业医师法)的规定", "中华人民共和国执业医师法", "执业医师法"),
    ("按疾病相关诊断组付费（即DRGs付费）等支付方式", "按疾病相关诊断组付费", "DRGs付费"),
    # a verb opening the phrase is no part of the term (by part of speech)
    ("职工连续工作满12个月以上的，享受带薪年休假 （以下简称年休假）。", "带薪年休假", "年休假"),
    ("制定了《某某服务能力指南（2016年版）》（以下简称《指南》，可从网站下载）。", "某某服务能力指南（2016年版）", "指南"),
    # 下称 as 以下称
    ("《某某禁止清单（第一版）》（下称《清单》）第二项", "某某禁止清单（第一版）", "清单"),
]


def test_a_list_of_short_names_pairs_with_the_titles_before_it_in_order():
    text = "根据《中华人民共和国甲法》、《中华人民共和国乙法》（以下简称《甲法》、《乙法》）制定本办法。"
    assert [(d.pref_label, d.alt_labels) for d in extract_definitions(text)] == [
        ("中华人民共和国甲法", ("甲法",)),
        ("中华人民共和国乙法", ("乙法",)),
    ]
    # as many short names as titles, or no pairing at all
    assert extract_definitions("根据《甲法》和《乙法实施条例》（以下简称《甲》、《乙》）制定。") == []


@pytest.mark.parametrize(("text", "term", "short"), ABBREVIATIONS)
def test_the_term_of_a_short_name_is_the_noun_phrase(text, term, short):
    found = [(d.pref_label, d.alt_labels) for d in extract_definitions(text)]
    assert found == [(term, (short,))]


DEFINITIONS = [
    # (text, term, definition)
    ("本办法所称医疗机构，是指依法设立的机构。", "医疗机构", "依法设立的机构。"),
    ("前款所称控烟工作，是指采取有效措施，禁止吸烟。", "控烟工作", "采取有效措施，禁止吸烟。"),
    ("第二条所称牵头医院指承担牵头职责的县级医院。", "牵头医院", "承担牵头职责的县级医院。"),
    # a collective term is defined by the list before it
    ("医疗机构、药品经营单位（以下统称医药机构）等单位应当加强自律。", "医药机构", "医疗机构、药品经营单位"),
    # 所称的X; 本办法中的“X”是指; 所称X，包括… (a definition by extension); X统称Y without brackets
    ("本条例所称的社会急救，是指在现场开展的救护活动。", "社会急救", "在现场开展的救护活动。"),
    ("本办法中的 “年度”是指公历年度。", "年度", "公历年度。"),
    ("本条例所称检验检测机构，包括依法成立的法人。", "检验检测机构", "包括依法成立的法人。"),
    ("前两款所列行政部门统称社会救助管理部门。", "社会救助管理部门", "前两款所列行政部门"),
    # an entry of a list of 用语 standing alone (its lead line is another clause): X：是指… / X，是…的…
    ("洁净区：是指需要对尘粒及微生物含量进行控制的区域。", "洁净区", "需要对尘粒及微生物含量进行控制的区域。"),
    ("疟疾，是由疟原虫引起的一种寄生虫病。", "疟疾", "是由疟原虫引起的一种寄生虫病。"),
    # 是特指 as 是指
    ("生物制品，是特指各种人用疫苗。", "生物制品", "各种人用疫苗。"),
]

NOT_DEFINITIONS = ["这，是我们的任务。", "目标：指导各地开展工作。", "同时，是落实责任的关键。"]


@pytest.mark.parametrize("text", NOT_DEFINITIONS)
def test_not_a_definition(text):
    assert extract_definitions(text) == []


def test_a_label_for_a_described_class_is_no_alias_of_its_head_noun():
    # 以下称: a new label for what a 的-phrase describes, defined by the phrase
    found = {d.pref_label: (d.alt_labels, d.definition) for d in extract_definitions(
        "急诊服务，是指设置急诊科室的医疗机构（以下称院内急救机构）提供的服务。")}
    assert "医疗机构" not in found
    assert found["院内急救机构"] == ((), "设置急诊科室的医疗机构")


def test_the_term_before_a_short_name_keeps_a_word_holding_a_boundary_character():
    found = extract_definitions("由原参保所在地社会保险经办机构(以下简称社保经办机构)开具凭证")
    assert [(d.pref_label, d.alt_labels) for d in found] == [("原参保所在地社会保险经办机构", ("社保经办机构",))]

GLOSSARY = "本规范所使用的术语：\n\n标准操作规程：经批准用以指示操作的通用性文件。\n\n物料：原料、辅料、包装材料等。"


def test_a_glossary_lists_term_colon_definition_after_its_lead_line():
    assert [(d.pref_label, d.definition) for d in extract_definitions(GLOSSARY)] == [
        ("标准操作规程", "经批准用以指示操作的通用性文件。"),
        ("物料", "原料、辅料、包装材料等。"),
    ]
    # without the lead line, ``X：…`` is no definition (联系人：张三)
    assert extract_definitions("联系人：张三，电话12345678") == []


@pytest.mark.parametrize(("text", "term", "definition"), DEFINITIONS)
def test_so_called_and_collective_terms(text, term, definition):
    assert [(d.pref_label, d.definition) for d in extract_definitions(text)] == [(term, definition)]


STANDARD_SECTION = """3 术语和定义

下列术语和定义适用于本文件。

3.1

牵头医院 lead hospital

在医共体中承担牵头职责的县级医院。

注：一般为县级综合医院。

3.2 成员单位 member unit

医共体内的乡镇卫生院和村卫生室。
"""


def test_standard_term_entries_number_then_term_then_definition():
    entries = [(d.pref_label, d.definition) for d in extract_term_entries(STANDARD_SECTION)]
    assert entries[0] == ("牵头医院", "在医共体中承担牵头职责的县级医院。")
    assert all(not definition.startswith("注") for _, definition in entries)


# --- rows of the development set ---------------------------------------------------------------

# Truth definitions these rules find in the document text (by term or short name).
EXPECTED_FOUND = {
    "001": ["护士"],
    "002": ["执业医师法"],
    "003": ["医药机构"],
    "004": ["DRGs付费"],
    "008": ["控烟工作"],
    "013": ["共识节点", "跨链", "交易", "共识状态", "默克尔证明"],
    "014": ["互联网药品信息服务", "经营性互联网药品信息服务", "非经营性互联网药品信息服务"],
    "015": ["医疗纠纷"],
    "016": ["中医医疗机构"],
    "020": ["医疗废物"],
    "026": ["一般区", "质量管理组织"],
    "030": ["血吸虫病", "疫水"],
}


def _claimed():
    for path, truth in cases():
        for row in truth["definitions"]:
            if row["term"] in EXPECTED_FOUND.get(path.name[:3], []):
                yield pytest.param(path, row, id=f"{path.name[:3]}-{row['term']}")


@pytest.mark.parametrize(("path", "row"), list(_claimed()))
def test_devset_definitions_are_found(path, row):
    text = path.read_text(encoding="utf-8")
    found = extract_definitions(text)
    if "术语和定义" in text:
        found += extract_term_entries(text[text.find("术语和定义") :])
    names = [{d.pref_label, *d.alt_labels} for d in found]
    assert any(row["term"] in n for n in names)


def test_every_claimed_devset_definition_exists():
    assert len(list(_claimed())) == sum(len(v) for v in EXPECTED_FOUND.values())


# --- one label, two documents --------------------------------------------------------------------

DOC_A = """# 甲市县域医共体管理办法

第一条 本办法所称牵头医院，是指在医共体中承担牵头职责的县级综合医院。

第二条 牵头医院应当每年至少派出3名专家到成员单位坐诊。
"""
DOC_B = """# 乙县医共体建设实施方案

第一条 本方案所称牵头医院，是指县人民医院和县中医院。

第二条 牵头医院应当建立双向转诊制度。
"""


@pytest.mark.django_db
def test_one_label_defined_by_two_documents_keeps_both(tmp_path, client, settings):
    from content.importer import import_path
    from content.models import Term
    from knowledge.pipeline import extract_version

    settings.PORTAL_SYNC_PROJECTIONS = False
    versions = []
    for name, text in (("a.md", DOC_A), ("b.md", DOC_B)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        versions.append(import_path(path).versions[-1])
    for version in versions:
        extract_version(version, resolve=False)
    term = Term.objects.get(pref_label="牵头医院")
    definitions = {(d.definition, d.source_clause.version.work.title) for d in term.all_definitions()}
    assert definitions == {
        ("在医共体中承担牵头职责的县级综合医院。", "甲市县域医共体管理办法"),
        ("县人民医院和县中医院。", "乙县医共体建设实施方案"),
    }
    # the first definition stays on the term itself, for the code that reads one definition
    assert term.definition == "在医共体中承担牵头职责的县级综合医院。"
    # re-extracting a document does not duplicate or move its definition
    for version in versions:
        extract_version(version, resolve=False)
    assert len(Term.objects.get(pref_label="牵头医院").all_definitions()) == 2
    page = client.get("/glossary/").content.decode()
    assert "县人民医院和县中医院" in page and "在医共体中承担牵头职责的县级综合医院" in page
    assert "甲市县域医共体管理办法" in page and "乙县医共体建设实施方案" in page
