"""Obligation extraction on hand-checked sentences from the corpus, field by field."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.extract.obligations import (
    cn_number,
    extract_obligations,
    find_deadline,
    find_frequency,
)

# (sentence, heading, expected obligations: list of dicts with the fields that must match)
CASES = [
    (  # 004 二、（三）
        "开展帮扶的城市公立三级医院对县域医共体要至少派出3名以上专家给予医疗、药学、护理、管理等常年驻守指导。",
        "",
        [dict(modality="must", modal_word="要", duty_bearer="开展帮扶的城市公立三级医院",
              quantity_comparator=">=", quantity_value=Decimal(3), quantity_unit="名")],
    ),
    (  # 001 专栏一 2.
        "设置床位不少于500张，每床建筑面积不少于60平方米，总建筑面积不少于30000平方米。",
        "",
        [dict(modality="must", quantity_comparator=">=", quantity_value=Decimal(500), quantity_unit="张"),
         dict(modality="must", quantity_comparator=">=", quantity_value=Decimal(60), quantity_unit="平方米"),
         dict(modality="must", quantity_comparator=">=", quantity_value=Decimal(30000), quantity_unit="平方米")],
    ),
    (  # 001 专栏二 2.
        "乡镇卫生院房屋建筑面积达到 800 平方米，其中 50%以上达到 1200 平方米。",
        "",
        [dict(quantity_comparator=">=", quantity_value=Decimal(800), quantity_unit="平方米"),
         dict(quantity_comparator=">=", quantity_value=Decimal(50), quantity_unit="%")],
    ),
    (  # 000 1.2 quoting 国卫基层发〔2023〕41号 — a target (issue 9: its own modality, not a must)
        "到2025年底，全省90%以上的县基本建成县域医共体。",
        "",
        [dict(modality="target", deadline=date(2025, 12, 31), quantity_comparator=">=",
              quantity_value=Decimal(90), quantity_unit="%")],
    ),
    (
        "县域医共体管理委员会每半年至少召开一次会议。",
        "",
        # at least once per period: the period is the frequency, "at least once" a bound a
        # checklist scores (召开次数 ≥ 1)
        [dict(duty_bearer="县域医共体管理委员会", frequency="P6M", quantity_comparator=">=",
              quantity_value=Decimal(1), quantity_unit="次")],
    ),
    (  # 000 2.4
        "建设数量方面，规定根据地理位置、服务人口等因素组建1至3个医共体，服务人口超过50万的地区可组建2个以上；",
        "",
        [dict(modality="may", modal_word="可", condition="服务人口超过50万的地区",
              quantity_comparator=">=", quantity_value=Decimal(2), quantity_unit="个")],
    ),
    (  # 001 二、（三）3.
        "县级医院要设立全科医学科，组织医师加入家庭医生队伍，加强全专结合、中西医互补，以基层医疗卫生机构为平台开展签约服务。",
        "",
        [dict(modality="must", modal_word="要", duty_bearer="县级医院", quantity_value=None, deadline=None)],
    ),
    (  # 001 二、（四）3.
        "建立促进人才下沉的激励约束机制，严禁虹吸基层专业技术人才。",
        "",
        [dict(modality="must_not", modal_word="严禁", duty_bearer="")],
    ),
    (  # 001 二、（一）1.
        "鼓励县级中医医院牵头组建县域医共体。",
        "",
        [dict(modality="encouraged", modal_word="鼓励", action="县级中医医院牵头组建县域医共体")],
    ),
    (  # 003 第十一条
        "城市医疗集团和县域医共体应当设立医联体管理专门机构，统筹医联体规划建设、投入保障、项目实施、人事安排、薪酬分配和考核监管等重大事项。",
        "",
        [dict(modality="must", modal_word="应当", duty_bearer="城市医疗集团和县域医共体")],
    ),
    (  # 003 陕西通知
        "未经省医学会、省医师协会组建、报备的专科联盟，不得纳入我省医联体建设规划和支持范畴。",
        "",
        [dict(modality="must_not", modal_word="不得")],
    ),
    (  # 003 第三十九条
        "各级卫生健康行政部门和中医药主管部门应当建立医联体综合绩效考核与动态调整机制,每年对本辖区医联体建设有关情况进行绩效考核,并以适当形式公布。",
        "",
        [dict(modality="must", duty_bearer="各级卫生健康行政部门和中医药主管部门", frequency="P1Y")],
    ),
    (  # 003 第三十七条
        "医疗卫生机构开展互联网诊疗、远程医疗服务可依据相关规定合理收取费用。",
        "",
        [dict(modality="may", modal_word="可")],
    ),
    (  # 001 二、（三）2.
        "乡镇卫生院发热诊室（门诊）应设尽设，至少配备1名公共卫生医师。",
        "",
        [dict(modality="must", modal_word="应", duty_bearer="乡镇卫生院发热诊室（门诊）",
              quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")],
    ),
    (  # 001 三、（一）: one sentence, two obligations, two bearers
        "各市要高度重视，市级政府要牵头建立健全相关工作机制，各相关部门结合实际细化政策措施。",
        "",
        [dict(modality="must", duty_bearer="各市"), dict(modality="must", duty_bearer="市级政府")],
    ),
    (  # 004 五、（十七）
        "有条件的地方可以调整乡镇卫生院、村卫生室等基层医疗卫生机构一般诊疗费，与医保基金统筹能力和患者承受能力相衔接。",
        "",
        [dict(modality="may", modal_word="可以", condition="有条件的地方")],
    ),
    (
        "到2024年6月底前，各县（市、区）要完成县域医共体章程制定。",
        "",
        [dict(modality="must", duty_bearer="各县（市、区）", deadline=date(2024, 6, 30))],
    ),
    (  # 004 二、（二）
        "县域医共体牵头医院一般应为二级及以上非营利性综合医院或中医医院。",
        "",
        [dict(modality="must", modal_word="应", duty_bearer="县域医共体牵头医院")],
    ),
    (  # 001 二、（一）5.
        "各专业科室至少有1名医师具有高级职称。",
        "",
        [dict(duty_bearer="各专业科室", quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")],
    ),
    (  # 001 二、（一）5.
        "乡镇卫生院达到辖区内每万名服务人口注册全科医师不少于2人，至少配备1名提供儿童基本医疗服务的全科医生。",
        "",
        [dict(duty_bearer="乡镇卫生院", quantity_comparator=">=", quantity_value=Decimal(2), quantity_unit="人"),
         dict(duty_bearer="乡镇卫生院", quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")],
    ),
    (  # 003 第二十八条
        "专科联盟牵头单位应当将医联体组织管理情况报同级卫生健康行政部门和中医药主管部门。",
        "",
        [dict(modality="must", duty_bearer="专科联盟牵头单位")],
    ),
    (  # 003 第十八条
        "医联体内各医疗卫生机构应当严格落实自身功能定位,落实急慢分治要求。",
        "",
        [dict(modality="must", duty_bearer="医联体内各医疗卫生机构", action="严格落实自身功能定位,落实急慢分治要求")],
    ),
    (  # 001 专栏二 4.
        "村卫生室建筑面积达到 60 平方米，设有诊疗室、治疗室、观察室、药房，实现“四室”分开，至少配有一名村医。",
        "",
        [dict(quantity_comparator=">=", quantity_value=Decimal(60), quantity_unit="平方米"),
         dict(quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")],
    ),
    (  # bearer inherited from the heading
        "应将服务数量、服务质量、服务时效、群众满意度等关键指标纳入绩效分配考核。",
        "牵头医院职责",
        [dict(modality="must", duty_bearer="牵头医院", duty_bearer_inherited=True)],
    ),
    (  # the same bearer continues after 并
        "医共体应建立统一的药品目录，并应每年开展用药评价。",
        "",
        [dict(duty_bearer="医共体", frequency=""), dict(duty_bearer="医共体", frequency="P1Y")],
    ),
    (
        "县域医共体医保基金结余留用比例不超过20%。",
        "",
        [dict(quantity_comparator="<=", quantity_value=Decimal(20), quantity_unit="%")],
    ),
    (  # 宜乡则乡 is not 宜 (should)
        "宜乡则乡、宜村则村，提升乡村医疗卫生机构单体规模和服务辐射能力。",
        "",
        [],
    ),
    (  # no modal and no bound: a principle, not an obligation
        "坚持政府办医主体责任不变，逐步破除财政投入、医保支付、人事管理等方面的壁垒和障碍。",
        "",
        [],
    ),
    (  # 主要/需要/要求 are not 要
        "主要考核医联体运行机制情况，满足群众需要，符合要求。",
        "",
        [],
    ),
    (  # an aside in brackets is not an obligation
        "力争全国90%以上的县（县级市，有条件的市辖区可参照，下同）基本建成县域医共体。",
        "",
        [dict(modality="target", modal_word="", quantity_comparator=">=", quantity_value=Decimal(90))],
    ),
]


@pytest.mark.parametrize(("sentence", "heading", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_obligations_hand_checked(sentence, heading, expected):
    found = extract_obligations(sentence, heading=heading)
    assert len(found) == len(expected), [o.text for o in found]
    for obligation, fields in zip(found, expected, strict=True):
        for name, value in fields.items():
            assert getattr(obligation, name) == value, (name, obligation)
        assert sentence[obligation.start : obligation.end] == obligation.text


def test_frequencies_and_deadlines():
    assert find_frequency("每半年至少召开一次") == "P6M"
    assert find_frequency("每年开展") == "P1Y"
    assert find_frequency("每季度") == "P3M"
    assert find_frequency("每3个月") == "P3M"
    assert find_frequency("每两年") == "P2Y"
    assert find_deadline("到2025年底") == date(2025, 12, 31)
    assert find_deadline("到2024年6月底前") == date(2024, 6, 30)
    assert find_deadline("2026年上半年") == date(2026, 6, 30)
    assert find_deadline("截至2025年底，全省已有44个县") is None
    assert cn_number("三") == 3 and cn_number("十二") == 12 and cn_number("一百五十") == 150


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_obligations_never_crash_and_spans_are_exact(text):
    for obligation in extract_obligations(text, heading=text[:10]):
        assert 0 <= obligation.start <= obligation.end <= len(text)
        assert text[obligation.start : obligation.end] == obligation.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="应要须可宜不得鼓励支持至少不少于以上名张%0123456789一二三每年半月到底前，。；（）医院政府", max_size=120))
def test_obligations_never_crash_on_dense_modal_text(text):
    for obligation in extract_obligations(text):
        assert text[obligation.start : obligation.end] == obligation.text
