"""Citations, resolution and definitions on the imported corpus (hand-checked edge lists)."""

import pytest

from content.models import Term, Work, WorkRelation
from knowledge.models import Citation
from knowledge.resolve import Resolver

pytestmark = pytest.mark.django_db

# (clause path, relation, resolved work's title, target clause path) — read against the text of
# file 000 (编制说明) by hand: every 《title》, 文号 and code, and the standard's 附录A/B it names.
EDGES_000 = [
    ('s1-1', 'cites', '关于征集2025年度辽宁省地方标准制修订计划项目的通知', None),
    ('s1-1', 'cites', '辽宁省市场监督管理局关于印发2025年辽宁省地方标准立项计划的通知', None),
    ('s1-1', 'cites', '紧密型县域医疗卫生共同体管理规范', None),
    ('s1-2', 'cites', '关于推进医疗联合体建设和发展的指导意见', None),
    ('s1-2', 'cites', '关于推进紧密型县域医疗卫生共同体建设的通知', None),
    ('s1-2', 'cites', '关于印发紧密型县域医疗卫生共同体建设评判标准和监测指标体系（试行）的通知', None),
    ('s1-2', 'cites', '关于进一步深化改革促进乡村医疗卫生体系健康发展的意见', None),
    ('s1-2', 'cites', '关于全面推进紧密型县域医疗卫生共同体建设的指导意见', None),
    ('s1-2', 'cites', '关于全面推进紧密型县域医疗卫生共同体实施意见', None),
    ('s1-2', 'cites', '中共中央 国务院关于进一步深化农村改革 扎实推进乡村全面振兴的意见', None),
    ('s1-2', 'cites', '医疗卫生强基工程实施方案', None),
    ('s1-2', 'cites', '紧密型县域医疗卫生共同体管理规范', None),
    ('1.1', 'based_on', '标准化工作导则 第 1 部分：标准化文件的结构和起草规则', None),
    ('1.4', 'cites', '中华人民共和国基本医疗卫生与健康促进法', None),
    ('1.4', 'cites', '医疗联合体管理办法（试行）', None),
    ('s2-2', 'cites', '紧密型县域医疗卫生共同体管理规范', 'appA'),
    ('s2-2', 'cites', '紧密型县域医疗卫生共同体管理规范', 'appB'),
    ('2.2', 'normative_reference', '社区基本公共卫生服务规范', None),
    ('2.2', 'normative_reference', '基层机构高血压防治管理标准', None),
    ('2.2', 'normative_reference', '紧密型县域医共体医学影像中心设置标准', None),
    ('2.2', 'normative_reference', '紧密型县域医共体心电诊断中心设置标准', None),
    ('2.2', 'normative_reference', '医疗联合体管理办法（试行）', None),
    ('2.2', 'normative_reference', '关于全面推进紧密型县域医疗卫生共同体建设的指导意见', None),
    ('2.2', 'normative_reference', '关于全面推进紧密型县域医疗卫生共同体实施意见', None),
    ('2.2', 'normative_reference', '紧密型县域医共体医学影像中心建设与服务指南（试行）', None),
    ('2.2', 'normative_reference', '紧密型县域医共体医学检验中心建设与服务指南（试行）', None),
    ('2.2', 'normative_reference', '紧密型县域医共体心电诊断中心建设与服务指南（试行）', None),
    ('2.2', 'normative_reference', '紧密型县域医共体消毒供应中心建设与服务指南（试行）', None),
    ('2.3', 'cites', '关于全面推进紧密型县域医疗卫生共同体建设的指导意见', None),
    ('2.3', 'cites', '关于全面推进紧密型县域医疗卫生共同体实施意见', None),
    ('2.7', 'cites', '紧密型县域医疗卫生共同体管理规范', 'appA'),
    ('2.7', 'cites', '紧密型县域医疗卫生共同体管理规范', 'appB'),
    ('s2-3', 'based_on', '中华人民共和国基本医疗卫生与健康促进法', None),
    ('s2-3', 'based_on', '医疗联合体管理办法（试行）', None),
    ('s2-3', 'based_on', '关于全面推进紧密型县域医疗卫生共同体建设的指导意见', None),
    ('s2-3', 'based_on', '关于全面推进紧密型县域医疗卫生共同体实施意见', None),
    ('s2-3', 'based_on', '社区基本公共卫生服务规范', None),
    ('s2-3', 'based_on', '基层机构高血压防治管理标准', None),
    ('s2-3', 'based_on', '紧密型县域医共体医学影像中心设置标准', None),
    ('s2-3', 'based_on', '紧密型县域医共体心电诊断中心设置标准', None),
    ('s2-3', 'based_on', '紧密型县域医共体医学影像中心建设与服务指南（试行）', None),
    ('s2-3', 'based_on', '紧密型县域医共体医学检验中心建设与服务指南（试行）', None),
    ('s2-3', 'based_on', '紧密型县域医共体心电诊断中心建设与服务指南（试行）', None),
    ('s2-3', 'based_on', '紧密型县域医共体消毒供应中心建设与服务指南（试行）', None),
    ('s4', 'based_on', '标准化工作导则 第 1 部分：标准化文件的结构和起草规则', None),
]

# File 001 (三年行动方案): the preamble implements two central opinions; the boxes cite
# construction standards; the pay and price paragraphs cite provincial documents by 文号.
EDGES_001 = [
    ('preamble', 'implements', '关于进一步深化改革促进乡村医疗卫生体系健康发展的意见', None),
    ('preamble', 'implements', '关于进一步完善医疗卫生服务体系的意见', None),
    ('box1-1', 'cites', '综合医院建设标准', None),
    ('box1-1', 'cites', '县医院医疗服务能力基本标准', None),
    ('box1-1', 'cites', '县级中医医院医疗服务能力基本标准（试行）', None),
    ('box2-1', 'cites', '乡镇卫生院建设标准', None),
    ('box2-1', 'cites', '乡镇卫生院服务能力标准', None),
    ('box2-1', 'cites', '乡镇卫生院 社区卫生服务中心中医综合服务区（中医馆）建设指南', None),
    ('s2-4-4', 'cites', '关于开展公立医院薪酬制度改革试点工作的指导意见', None),
    ('s2-4-4', 'cites', '关于印发辽宁省深化公立医院薪酬制度改革实施意见的通知', None),
    ('s2-4-5', 'cites', '关于做好医疗服务价格动态调整工作的实施意见', None),
]


def edges(key):
    rows = (
        Citation.objects.filter(clause__version__work__key=key, clause__version__is_current=True)
        .select_related("clause", "work", "target_clause")
        .order_by("clause__position", "span_start")
    )
    return [
        (c.clause.path, c.relation, c.work.title if c.work else None, c.target_clause.path if c.target_clause else None)
        for c in rows
    ]


def test_citation_edges_of_the_explanatory_notes(imported_corpus):
    assert edges("db21-yigongti-guifan-bianzhi-shuoming") == EDGES_000


def test_citation_edges_of_the_action_plan(imported_corpus):
    assert edges("liaoning-yigongti-sannian-xingdong-2023-2025") == EDGES_001


def test_every_citation_of_the_corpus_is_resolved(imported_corpus):
    assert not Citation.objects.filter(work__isnull=True).exists()


@pytest.mark.parametrize(
    ("aliases", "number"),
    [
        (["辽宁省关于全面推进紧密型县域医疗卫生共同体建设的实施意见", "关于全面推进紧密型县域医疗卫生共同体实施意见"], "辽卫发〔2024〕37号"),
        (["国务院办公厅关于推进医疗联合体建设和发展的指导意见", "关于推进医疗联合体建设和发展的指导意见"], "国办发〔2017〕32号"),
        (["医疗联合体管理办法（试行）", "医疗联合体管理办法(试行)"], ""),
    ],
)
def test_aliases_of_the_corpus_readme_resolve_to_one_work(imported_corpus, aliases, number):
    resolver = Resolver(create=False)
    works = {resolver.resolve(title, number).pk for title in aliases}
    works |= {resolver.resolve(title).pk for title in aliases}
    assert len(works) == 1


def test_one_number_issuing_four_guides_gives_four_works_under_one_notice(imported_corpus):
    guides = Work.objects.filter(doc_number="国卫办基层函〔2026〕184号").exclude(kind="notice")
    assert guides.count() == 4
    assert len({g.title for g in guides}) == 4
    notice = Work.objects.get(doc_number="国卫办基层函〔2026〕184号", kind="notice")
    assert set(WorkRelation.objects.filter(subject=notice, kind="issues").values_list("object_id", flat=True)) == {
        g.pk for g in guides
    }


def test_file_004_and_its_citers_meet_in_one_node(imported_corpus):
    work = Work.objects.get(key="guowei-jicengfa-2023-41")
    assert work.has_text
    cited = Citation.objects.filter(doc_number="国卫基层发〔2023〕41号")
    assert cited.count() >= 5
    assert set(cited.values_list("work_id", flat=True)) == {work.pk}
    # its title as cited is an alternative title of the same node, not a second work
    assert Work.objects.filter(title="关于全面推进紧密型县域医疗卫生共同体建设的指导意见").count() == 1


def test_issuing_notice_number_leads_to_the_issued_regulation(imported_corpus):
    citation = Citation.objects.filter(doc_number="国卫医发〔2020〕13号", title="医疗联合体管理办法（试行）").first()
    assert citation.work.key == "yiliao-lianheti-guanli-banfa-shixing"


def test_standards_cited_by_code_after_the_title(imported_corpus):
    work = Work.objects.get(standard_code="GB/T 27775-2011")
    assert work.title == "社区基本公共卫生服务规范"
    assert not work.has_text and work.kind == "standard"


def test_placeholder_number_is_a_placeholder_work(imported_corpus):
    work = Work.objects.get(doc_number="X政办〔20XX〕X号")
    assert work.is_placeholder


def test_definitions_and_abbreviations_become_terms(imported_corpus):
    county = Term.objects.get(pref_label="紧密型县域医疗卫生共同体")
    assert "县域医共体" in county.alt_labels
    assert county.source_clause is not None
    alliance = Term.objects.get(pref_label="医疗联合体")
    assert "医联体" in alliance.alt_labels
    group = Term.objects.get(pref_label="城市医疗集团")
    assert group.definition.startswith("设区的市级以上城市")
    assert group.source_clause.path == "art43"
