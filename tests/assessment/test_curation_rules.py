"""The builder's rules on small hand-written cases (pure functions, no database)."""

from decimal import Decimal

import pytest

from assessment import curation
from assessment.builder import ItemDraft, from_obligation, merge_near_duplicates


@pytest.mark.parametrize(
    "bearer,level",
    [
        ("县域医共体牵头医院", "community"),
        ("城市医疗集团和县域医共体", "community"),  # a county-level conjunct binds the county
        ("县级党委和政府", "county"),
        ("县卫生健康局", "county"),
        ("乡镇卫生院", "member"),
        ("省有关部门", "province"),
        ("市级政府", "city"),
        ("各市", "city"),
        ("开展帮扶的城市公立三级医院", "city"),
        ("各级卫生健康行政部门和医联体牵头单位", "multi"),
        ("医联体牵头医院", "other_form"),
        ("专科联盟", "other_form"),
        ("国家卫生健康委", "national"),
    ],
)
def test_bearer_levels(bearer, level):
    assert curation.bearer_level(bearer)[0] == level


def test_an_unknown_bearer_is_unknown_and_a_verb_first_heading_names_no_one():
    assert curation.bearer_level("各专业科室") is None
    assert curation.leading_actor("加快构建高标准的紧密型县域医共体体系") is None
    assert curation.leading_actor("牵头县级医院建设标准")[0] == "community"
    assert curation.leading_actor("全省90%以上的县基本建成")[0] == "province"


@pytest.mark.parametrize(
    "text,background",
    [
        ("2024年，某省发布《关于推进某事的实施意见》（某卫发〔2024〕1号），要求到2025年底基本建成", True),
        ("国家印发了《某某办法》，提出到2025年全覆盖", True),
        ("各县已建成县域医共体", True),
        ("按照《某某考核方案》要求，牵头医院应当每年组织一次考核", False),
        ("对已建成的医共体要加强考核", False),
        ("县域医共体应当建立双向转诊制度", False),
    ],
)
def test_background_sentences(text, background):
    assert curation.is_background(text) is background


def test_fragments_truncation_and_years():
    assert curation.is_fragment("各市要高度重视，") and curation.is_fragment("其中 50%以上达到 1200 平方米")
    assert not curation.is_fragment("医共体应当建立双向转诊制度")
    assert curation.is_truncated("力争全国90%以上的县（县级市") and curation.is_truncated("”2023年国家发布")
    assert not curation.is_truncated("乡镇卫生院（社区卫生服务中心）至少1名")
    assert curation.year_as_quantity(Decimal(2025), "%", "到2025年底，90%以上")
    assert not curation.year_as_quantity(Decimal(2025), "张", "到2025年设置床位2025张")
    assert not curation.year_as_quantity(Decimal(90), "%", "到2025年底，90%以上")


@pytest.mark.parametrize("title", ["XX县医共体实施方案", "某市卫生健康委关于…的通知", "××县医共体章程", "X政办〔20XX〕X号"])
def test_placeholder_titles(title):
    assert curation.is_placeholder_title(title)


def test_another_province_is_told_from_the_portal_region_not_from_a_list_of_names():
    region = curation.PortalRegion(province="甲省", places=("乙市", "丙县"))
    own = curation.DocumentFacts(title="甲省推进医共体建设行动方案", kind="plan", level="provincial")
    city = curation.DocumentFacts(title="关于医共体的通知", kind="notice", level="city", issuers=("乙市卫生健康委",))
    other = curation.DocumentFacts(title="丁省转发…的通知", kind="notice", level="provincial", issuers=("丁省卫生健康委",))
    national = curation.DocumentFacts(title="指导意见", kind="opinion", level="national")
    template = curation.DocumentFacts(title="XX县实施方案", kind="plan", level="county", stage="template")
    scopes = [curation.document_scope(d, region) for d in (own, city, other, national, template)]
    assert scopes == ["own", "own", "other_region", "national", "template_document"]


def test_a_reviewed_obligation_outranks_the_text_heuristics_but_not_the_bearer_rule():
    fragment = dict(id=1, text="县域医共体要建立考核机制，", modality="must", scope="national")
    assert from_obligation(**fragment).left_out == "fragment"
    assert from_obligation(**fragment, review_status="confirmed").draft is not None
    province = dict(id=2, text="省有关部门要加强督导。", modality="must", duty_bearer="省有关部门", scope="own")
    assert from_obligation(**province, review_status="confirmed").left_out == "other_level"


def test_merging_keeps_every_source_and_names_a_differing_rule():
    a = ItemDraft("management", "县域医共体要建立健全内部考核机制，合理确定绩效工资分配", priority=1,
                  sources=[{"clause_id": 1, "citation": "《甲》1"}], clause_ids=[1])
    b = ItemDraft("management", "县域医共体要建立健全内部考核机制，合理确定绩效工资的分配", priority=2,
                  sources=[{"clause_id": 2, "citation": "《乙》2"}], clause_ids=[2])
    beds = ItemDraft("management", "每床建筑面积不少于60平方米", response_type="number", comparator=">=",
                     threshold=Decimal(60), unit="平方米", clause_ids=[3])
    floor = ItemDraft("management", "总建筑面积不少于30000平方米", response_type="number", comparator=">=",
                      threshold=Decimal(30000), unit="平方米", clause_ids=[3])
    merged = merge_near_duplicates([b, a, beds, floor])
    assert len(merged) == 3
    kept = merged[0]
    assert kept is a and [s["clause_id"] for s in kept.sources] == [1, 2] and kept.clause_ids == [1, 2]
    assert "合并相近条款：《乙》2" in kept.proposal_reason
