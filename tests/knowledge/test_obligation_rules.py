"""Obligation rules (issue 9), one table row per rule: sentence → the fields a reader would check.

Hand-written cases for each rule of knowledge/extract/obligations.py (modal words, targets,
quantities, durations and frequencies, deadlines, penalties, bearers), then rows of the development
set (bench/devset/) that the extractor now gets right — listed by id, so a regression fails here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from knowledge.extract.obligations import (
    bearer_heading,
    extract_obligations,
    find_frequency,
    find_quantity_bound,
    find_relative_deadline,
)
from tests.devset import rows

# (sentence, keyword arguments, expected obligations: each a dict of the fields that must match)
RULES = [
    # --- modal words -------------------------------------------------------------------------
    ("医疗机构执业，必须进行登记。", {}, [dict(modality="must", modal_word="必须", duty_bearer="医疗机构")]),
    ("处方药只准在专业性医药报刊进行广告宣传。", {}, [dict(modality="must", modal_word="只准")]),
    ("经批准后方可开展诊疗活动。", {}, [dict(modality="must", modal_word="方可")]),
    ("有条件的地方可以调整一般诊疗费。", {}, [dict(modality="may", modal_word="可以", condition="有条件的地方")]),
    # --- targets: their own modality, with value, unit and deadline; 力争 is no 应当/必须 ------
    (
        "到2027年底，乡镇卫生院服务能力达标率达到85%。",
        {},
        [dict(modality="target", deadline=date(2027, 12, 31), quantity_comparator=">=",
              quantity_value=Decimal(85), quantity_unit="%")],
    ),
    (
        "力争2025年乡镇卫生院服务能力达标率达到百分之九十。",
        {},
        [dict(modality="target", deadline=date(2025, 12, 31), quantity_comparator=">=",
              quantity_value=Decimal(90), quantity_unit="%")],
    ),
    (
        "基层医疗卫生机构诊疗量占比提高到55%左右。",
        {},
        [dict(modality="target", duty_bearer="基层医疗卫生机构", quantity_comparator="≈",
              quantity_value=Decimal(55), quantity_unit="%")],
    ),
    # --- quantities: the required bound; numerals, percentages, fractions -------------------
    ("监督检查人员不得少于2人。", {},
     [dict(modality="must_not", duty_bearer="监督检查人员", quantity_comparator=">=", quantity_value=Decimal(2),
           quantity_unit="人")]),
    ("死者尸体存放时间一般不得超过14日。", {},
     [dict(modality="must_not", quantity_comparator="<=", quantity_value=Decimal(14), quantity_unit="日")]),
    ("每辆救护车应当至少配备急救医师一名。", {},
     [dict(quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")]),
    ("医疗机构应当配备不低于床位数三分之一的护士。", {},
     [dict(quantity_comparator=">=", quantity_value=Decimal("33.33"), quantity_unit="%")]),
    ("公共卫生人员应当不少于在岗人员总数的百分之二十。", {},
     [dict(quantity_comparator=">=", quantity_value=Decimal(20), quantity_unit="%")]),
    ("开展帮扶的城市公立三级医院要派出3名以上专家。", {},
     [dict(duty_bearer="开展帮扶的城市公立三级医院", quantity_comparator=">=", quantity_value=Decimal(3),
           quantity_unit="名")]),
    # a condition's number is the condition, not the quantity
    (
        "床位不满100张的医疗机构，其执业许可证每年校验1次。",
        {},
        [dict(modality="must", duty_bearer="床位不满100张的医疗机构", quantity_value=None, frequency="P1Y",
              condition="床位不满100张的医疗机构")],
    ),
    # a number that qualifies a noun (…7个月以上的女职工) is no requirement
    ("对怀孕7个月以上的女职工，用人单位不得延长劳动时间。", {},
     [dict(modality="must_not", duty_bearer="用人单位", quantity_value=None)]),
    # --- durations, relative deadlines, frequencies ------------------------------------------
    (
        "卫生主管部门应当自受理之日起15个工作日内作出决定。",
        {},
        [dict(duty_bearer="卫生主管部门", quantity_comparator="<=", quantity_value=Decimal(15),
              quantity_unit="个工作日", deadline_text="自受理之日起15个工作日内")],
    ),
    ("申请人应当在三个月内补正材料。", {},
     [dict(duty_bearer="申请人", quantity_comparator="<=", quantity_value=Decimal(3), quantity_unit="个月",
           deadline_text="三个月内")]),
    ("县级人民政府每2年组织1次考核。", {}, [dict(modality="must", duty_bearer="县级人民政府", frequency="P2Y",
                                               quantity_value=None)]),
    ("管理委员会每半年召开一次会议。", {}, [dict(duty_bearer="管理委员会", frequency="P6M")]),
    # 定期: no period printed, kept as printed; 不定期 is no frequency
    ("医疗机构应当定期开展培训。", {}, [dict(duty_bearer="医疗机构", frequency="定期")]),
    ("医疗机构应当不定期开展抽查。", {}, [dict(duty_bearer="医疗机构", frequency="")]),
    ("医共体每季召开一次例会。", {}, [dict(duty_bearer="医共体", frequency="P3M")]),
    # at least once per period: the frequency, and the bound a checklist scores (≥ 1 次)
    ("配制人员应有健康档案，并每年至少体检一次。", {},
     [dict(duty_bearer="配制人员", frequency="P1Y", quantity_comparator=">=", quantity_value=Decimal(1))]),
    ("医疗机构每年至少开展两次应急演练。", {},
     [dict(frequency="P1Y", quantity_comparator=">=", quantity_value=Decimal(2), quantity_unit="次")]),
    # a time limit is a bound (dev 001 第七条)
    ("护士执业注册申请，应当自通过护士执业资格考试之日起3年内提出。", {},
     [dict(quantity_comparator="<=", quantity_value=Decimal(3), quantity_unit="年",
           deadline_text="自通过护士执业资格考试之日起3年内")]),
    # --- absolute deadlines ------------------------------------------------------------------
    ("到2025年底前，各地要完成章程制定。", {}, [dict(duty_bearer="各地", deadline=date(2025, 12, 31))]),
    ("自2019年3月1日起，各地要执行新标准。", {}, [dict(duty_bearer="各地", deadline=date(2019, 3, 1))]),
    # --- penalties and deeming rules are not obligations -------------------------------------
    ("由卫生主管部门责令改正，处违法所得二倍以上五倍以下的罚款。", {}, []),
    ("逾期未申请的，视为放弃。", {}, []),
    # --- bearers -----------------------------------------------------------------------------
    # 鼓励/支持: the sentence's own subject first, never the chapter title (国家鼓励… → 国家, as
    # the issue reads it); with no subject, the party encouraged is the one to act
    ("国家鼓励乡村医生通过医学教育取得学历。", {}, [dict(modality="encouraged", duty_bearer="国家")]),
    ("国家鼓励和支持新闻媒体开展公益宣传。", {}, [dict(modality="encouraged", duty_bearer="国家")]),
    ("鼓励单位和个人参与群众性卫生活动。", {}, [dict(modality="encouraged", duty_bearer="单位和个人")]),
    ("鼓励和支持在食盐加碘方面的科学研究。", {}, [dict(modality="encouraged", duty_bearer="")]),
    # the sentence's own subject when it is no organisation (a noun phrase, by part of speech)
    ("处方药必须凭执业医师处方才可调配。", {}, [dict(modality="must", duty_bearer="处方药")]),
    ("每辆救护车应当至少配备急救医师一名。", {}, [dict(duty_bearer="每辆救护车")]),
    ("非处方药的包装必须印有专有标识。", {}, [dict(duty_bearer="非处方药的包装")]),
    ("在缺碘地区销售的碘盐必须达到规定的含碘量。", {}, [dict(duty_bearer="在缺碘地区销售的碘盐")]),
    ("医疗机构改变名称、场所，必须向原登记机关办理变更登记。", {}, [dict(duty_bearer="医疗机构")]),
    ("发布的中医医疗广告，其内容应当与审查批准的内容一致。", {}, [dict(duty_bearer="发布的中医医疗广告")]),
    ("本条例施行前，应当完成登记。", {}, [dict(duty_bearer="")]),  # a time is no subject
    ("对违反规定的行为，应当予以纠正。", {}, [dict(duty_bearer="")]),  # nor a prepositional phrase
    # 由X作出/负责: the agent bears the duty, with or without a modal word
    ("精神障碍的诊断应当由精神科执业医师作出。", {}, [dict(duty_bearer="精神科执业医师")]),
    ("特困供养人员的医疗救助，由县级人民政府医疗保障部门直接办理。", {},
     [dict(modality="must", duty_bearer="县级人民政府医疗保障部门")]),
    ("确保每个乡镇卫生院（社区卫生服务中心）至少有1名全科医生。", {},
     [dict(duty_bearer="", quantity_comparator=">=", quantity_value=Decimal(1), quantity_unit="名")]),
    ("法定节假日用人单位应当依法支付工资。", {}, [dict(duty_bearer="用人单位")]),
    ("医疗纠纷人民调解委员会调解医疗纠纷，不得收取费用。", {},
     [dict(modality="must_not", duty_bearer="医疗纠纷人民调解委员会")]),
    ("要建立工作制度。", {"heading": "牵头医院职责"},
     [dict(duty_bearer="牵头医院", duty_bearer_inherited=True)]),
    ("医疗机构要建立工作制度。", {"heading": "牵头医院职责"},
     [dict(duty_bearer="医疗机构", duty_bearer_inherited=False)]),
    # --- conditions: 的/时/后/前-clauses, a fronted 对…的<people>, either-or conditions -------
    ("对怀孕7个月以上的女职工，用人单位不得安排夜班劳动。", {},
     [dict(modality="must_not", duty_bearer="用人单位", condition="对怀孕7个月以上的女职工")]),
    ("县级以上人民政府应当加强对急救医疗服务工作的领导。", {}, [dict(condition="")]),  # an object, no condition
    ("检疫传染病疫情发生后，卫生行政部门应当通报疫情。", {},
     [dict(duty_bearer="卫生行政部门", condition="检疫传染病疫情发生后")]),
    ("未达到待遇领取年龄前，不得办理退保手续。", {}, [dict(modality="must_not", condition="未达到待遇领取年龄前")]),
    ("自 2019 年 3 月 1 日起，卫生健康行政部门开展绩效考核等工作时，均应当采用新版分类。", {},
     [dict(duty_bearer="卫生健康行政部门", condition="开展绩效考核等工作时")]),
    ("患者通过医疗保险支付费用后仍有困难，或者不能通过医疗保险支付费用的，医疗保障部门应当给予救助。", {},
     [dict(duty_bearer="医疗保障部门",
           condition="患者通过医疗保险支付费用后仍有困难，或者不能通过医疗保险支付费用的")]),
    ("检查人员现场检查时不得少于两人。", {}, [dict(modality="must_not", condition="检查人员现场检查时")]),
    ("设区的市级药品监督管理部门自受理申请后，应当进行审查。", {}, [dict(condition="")]),  # a start, no condition
    ("学生每日学习时间，小学不超过六小时。", {}, [dict(condition="")]),  # 小时 is no 时-clause
    # --- implicit obligations of policy text -------------------------------------------------
    (
        "各三级综合医院要按照要求，控制医院规模；明确功能定位；充分发挥辐射作用。",
        {},
        [dict(modality="must", duty_bearer="各三级综合医院")] * 3,
    ),
    ("请各地卫生健康行政部门指导医疗机构组织实施。", {},
     [dict(modality="must", duty_bearer="各地卫生健康行政部门")]),
    ("现印发给你们，请认真贯彻执行。", {"default_bearer": "各省卫生健康委"},
     [dict(modality="must", duty_bearer="各省卫生健康委", duty_bearer_inherited=True)]),
    # --- targets without a number under a 到20XX年 lead; a scope (全县) or 住院 is no bearer ------
    ("到2026年，全县急救服务体系进一步健全，院前急救能力明显提升。", {},
     [dict(modality="target", duty_bearer="", deadline=date(2026, 12, 31)),
      dict(modality="target", deadline=date(2026, 12, 31))]),
    ("到2026年，县域内住院率达到90%。", {},
     [dict(modality="target", duty_bearer="", quantity_value=Decimal(90))]),
    # --- a list item of a 工作要点 that opens with its period is a recurring duty ------------------
    ("每月通报各单位进度，每季度评选先进科室。", {},
     [dict(modality="must", frequency="P1M"), dict(modality="must", frequency="P3M")]),
    ("每年5月31日为世界无烟日。", {}, []),
    # --- entitlements: 有权, and 享受/享有 opening a clause, are permissions of their subject ------
    ("患者有权查阅本人的病历资料。", {}, [dict(modality="may", modal_word="有权", duty_bearer="患者")]),
    ("职工连续工作满1年的，享受带薪年休假。", {},
     [dict(modality="may", modal_word="享受", duty_bearer="职工", condition="连续工作满1年的")]),
    ("参保人员享受的待遇标准由省人民政府确定。", {},  # a 享受的 noun phrase is no entitlement
     [dict(modality="must", modal_word="由", duty_bearer="省人民政府")]),
    # --- the subject given earlier in the article (承前省略) ------------------------------------
    # a sentence with no subject of its own continues the article's agent, marked as not printed
    ("县卫生健康局应当建立巡查制度。巡查记录保存期限不得少于五年。", {},
     [dict(duty_bearer="县卫生健康局"),
      dict(modality="must_not", duty_bearer="县卫生健康局", duty_bearer_inherited=True, quantity_value=Decimal(5))]),
    # across ；, the subject of the clause before
    ("村卫生室应当公示收费标准；未公示的，不得收费。", {},
     [dict(duty_bearer="村卫生室"), dict(duty_bearer="村卫生室", duty_bearer_inherited=True, condition="未公示的")]),
    # two agents named before: which one is meant is not known, no bearer
    ("卫生院应当报告。县卫生健康局应当核查。未经核查的，不得公布。", {},
     [dict(duty_bearer="卫生院"), dict(duty_bearer="县卫生健康局"), dict(duty_bearer="")]),
    # a period or a bound without a modal takes the article's agent too
    ("村卫生室应当建立台账。台账每季度上报一次。", {},
     [dict(duty_bearer="村卫生室"), dict(duty_bearer="村卫生室", frequency="P3M")]),
    # a sentence without subject or modal right after a duty continues it
    ("卫生院应当建立随访制度。根据病情定期开展随访，记入健康档案。", {},
     [dict(duty_bearer="卫生院"), dict(modality="must", duty_bearer="卫生院", frequency="定期")]),
    # … but an exception or a pointer does not
    ("卫生院应当建立随访制度。具体办法另行制定。", {}, [dict(duty_bearer="卫生院")]),
    # --- the subject inside a condition, a comma topic, a possessor, a measure ----------------
    ("医师经考核合格的，可以继续执业。", {},
     [dict(modality="may", duty_bearer="医师", condition="经考核合格的")]),
    ("用人单位确因生产需要不能安排休假的，应当征得职工同意。", {},
     [dict(duty_bearer="用人单位")]),
    ("从事接触患者工作的人员，持有健康证明方能上岗。", {},
     [dict(modality="must", modal_word="方能", duty_bearer="从事接触患者工作的人员")]),
    ("疾病预防控制机构的检测原始记录应当至少保存五年。", {},
     [dict(duty_bearer="疾病预防控制机构")]),
    # a patient keeps no records; a thing that is kept or altered (保存, 涂改) bears nothing: who keeps
    # it is not printed, and the context lends no one (dev 012 第二十三条: 《…许可证》不得…涂改)
    ("患者的病历资料应当至少保存十五年。", {}, [dict(duty_bearer="")]),
    ("医疗机构应当建立病历管理制度。检验样品应当保存至有效期满。", {},
     [dict(duty_bearer="医疗机构"), dict(duty_bearer="", duty_bearer_inherited=False)]),
    ("医疗机构应当公示价格；药品贮存的时间不得超过一年。", {},
     [dict(duty_bearer="医疗机构"), dict(duty_bearer="医疗机构", duty_bearer_inherited=True)]),
    ("监督检查时，被检查对象应当予以配合。", {}, [dict(duty_bearer="被检查对象")]),
    # the agent a sentence opens with, before its first verb, when the modal's clause names none
    ("用人单位经职工同意延长工作时间，应当按照规定支付加班工资。", {}, [dict(duty_bearer="用人单位")]),
    ("省人民政府组织制定培训规划，保证村医至少每2年接受一次培训。", {},
     [dict(duty_bearer="省人民政府", frequency="P2Y")]),
    # a qualified subject that is the condition is the bearer too; a 对… phrase is no subject
    ("床位不足五十张的卫生院，可以不设病理科。", {},
     [dict(modality="may", duty_bearer="床位不足五十张的卫生院")]),
    ("对暂时不能配备药师的偏远地区，经县人民政府批准，可以由护士兼任。", {}, [dict(duty_bearer="")]),
    ("《药品经营许可证》不得出租、出借。", {}, [dict(modality="must_not", duty_bearer="")]),
    # qualifiers: 依法设立的 restricts nothing; 尚未… names a passing state, a condition
    ("依法设立的民营医院应当执行统一的收费标准。", {}, [dict(duty_bearer="民营医院")]),
    ("尚未配备专职药师的卫生院，应当在一年内配备。", {},
     [dict(duty_bearer="卫生院", condition="尚未配备专职药师的")]),
    # X负责…: a duty assigned without a modal
    ("县级人民政府卫生健康主管部门负责本行政区域内的托育机构卫生保健工作。", {},
     [dict(modality="must", modal_word="负责", duty_bearer="县级人民政府卫生健康主管部门")]),
    ("科室负责人对本科室的质量管理工作全面负责。", {}, []),  # 负责人 is a role, not the verb
    # a clause before 负责 is no subject (…院长负责制), nor is an action (选强配齐…负责人员)
    ("总医院实行党委领导下的院长负责制，重大问题都要集体讨论。", {}, [dict(duty_bearer="")]),
    ("选强配齐医共体负责人员，负责人员中要有基层医务人员。", {}, [dict(duty_bearer="")]),
    # the subject a 鼓励 sentence opens with encourages (国家建立…，鼓励… → 国家)
    ("国家建立健全村医培训制度，鼓励村医参加学历教育。", {},
     [dict(modality="encouraged", duty_bearer="国家")]),
    # 鼓励 takes no subject from the article: its encourager is unnamed
    ("县级医院可以跨区域提供服务。鼓励在同一县域内建立协作机制。", {},
     [dict(duty_bearer="县级医院"), dict(modality="encouraged", duty_bearer="")]),
    # a qualified subject truncated by the window (…口较多…不足的县) is no bearer
    ("常住人口较多、区域面积较大、县城不在县域中心、县级医院服务覆盖能力不足的县，可以选建中心卫生院。", {},
     [dict(modality="may", duty_bearer="")]),
    ("有条件的地方可以提高补助标准。", {}, [dict(modality="may", duty_bearer="有条件的地方")]),
    # a target's bearer is no date phrase
    ("要求到2030年县域医共体基本实现全覆盖。", {}, [dict(modality="target", duty_bearer="县域医共体")]),
    # --- conditions stand before their duty; a pointer to a list is none -----------------------
    ("卫生健康主管部门应当在10日内作出决定，对符合条件的，予以登记。", {},
     [dict(condition="", quantity_value=Decimal(10))]),
    # a phrase holding a modal is the duty, not its condition
    ("护士逾期提出申请的，还应当在符合规定条件的医疗卫生机构接受培训。", {},
     [dict(condition="逾期提出申请的")]),
    ("有下列情形之一的，县级人民政府应当在2小时内报告：", {},
     [dict(condition="", duty_bearer="县级人民政府")]),
    # --- 应 that means "due", not "shall" ------------------------------------------------------
    ("用人单位对职工应休未休的年休假天数，应当按照日工资收入的300%支付报酬。", {},
     [dict(modal_word="应当", duty_bearer="用人单位")]),
    # --- a notice's addressee: provinces, regions and municipalities share the organisation named last
    ("各省、自治区、直辖市卫生健康委：\n现印发给你们，请认真贯彻执行。", {},
     [dict(modality="must", duty_bearer="各省、自治区、直辖市卫生健康委")]),
    # --- round 2: offices named by their kind (所, 站, 机关), persons (任何人), joint bearers -----
    ("县卫生监督所应当按月报告监督情况。", {}, [dict(modality="must", duty_bearer="县卫生监督所")]),
    ("采血站必须对献血者进行健康检查。", {}, [dict(modality="must", duty_bearer="采血站")]),
    ("任何人不得扰乱医疗秩序。", {}, [dict(modality="must_not", duty_bearer="任何人")]),
    # a one-character suffix inside a word names no one (人次, 所在地)
    ("县域内住院人次占比达到90%。", {}, [dict(duty_bearer="")]),
    ("疫区所在地的卫生行政部门应当通报疫情。", {}, [dict(duty_bearer="疫区所在地的卫生行政部门")]),
    ("药品检验所在受理复验申请后，应当及时通知申请人。", {},
     [dict(duty_bearer="药品检验所", condition="在受理复验申请后")]),
    # pairs of parties bear one duty together; a single 与-pair too
    ("卫生健康部门与公安机关，医院与派出所应当建立联席会议制度。", {},
     [dict(duty_bearer="卫生健康部门与公安机关，医院与派出所")]),
    ("医院与派出所应当建立联络机制。", {}, [dict(duty_bearer="医院与派出所")]),
    # 严禁/禁止 X + verb: X is forbidden to act; a place or a manner after it names no one
    ("严禁采血站采集冒名顶替者的血液。", {}, [dict(modality="must_not", duty_bearer="采血站")]),
    ("禁止任何单位和个人买卖血液。", {}, [dict(modality="must_not", duty_bearer="任何单位和个人")]),
    ("禁止在公共场所吸烟。", {}, [dict(modality="must_not", duty_bearer="")]),
    ("禁止非法采集血液。", {}, [dict(modality="must_not", duty_bearer="")]),
    # a 由-clause right after the modal's names who acts (not the thing the sentence opens with);
    # one after a later step (经审核后，由…审批) does not
    ("申请延期的品种，应当在期满前六个月，由生产企业提出申请。", {},
     [dict(duty_bearer="生产企业", deadline_text="期满前六个月")]),
    ("申请医疗救助的，应当向乡镇人民政府提出，经审核后，由县级医疗保障部门审批。", {},
     [dict(duty_bearer="", condition="申请医疗救助的")]),
    # an event that opens the sentence is its condition
    ("发生医疗纠纷，医院调解部门应当立即派员沟通。", {},
     [dict(duty_bearer="医院调解部门", condition="发生医疗纠纷")]),
    # a duty before an event, with no number: the event is its time limit
    ("进口单位应当在抽样前提供检验报告书。", {}, [dict(duty_bearer="进口单位", deadline_text="抽样前")]),
    # the article's topic is who bears its duties, not one who may (dev 024 第四十七条)
    ("医疗机构应当如实记录病情。患者及其监护人可以查阅病历资料。病历资料保存期限不得少于三十年。", {},
     [dict(duty_bearer="医疗机构"), dict(modality="may", duty_bearer="患者及其监护人"),
      dict(modality="must_not", duty_bearer="医疗机构", duty_bearer_inherited=True)]),
    # targets under 到20XX年: 初步建立 and 优于…平均水平 state an achievement; a population whose
    # state is measured (居民…指标, 人民群众…水平) bears none, an organisation whose measure it is does
    ("到2025年，居民主要健康指标优于全国平均水平，人民群众健康素养水平持续提高，政策体系初步建立，"
     "基层医疗卫生机构诊疗量占比达到65%。", {},
     [dict(modality="target", duty_bearer="", deadline=date(2025, 12, 31)),
      dict(modality="target", duty_bearer="", deadline=date(2025, 12, 31)),
      dict(modality="target", duty_bearer="", deadline=date(2025, 12, 31)),
      dict(modality="target", duty_bearer="基层医疗卫生机构", quantity_value=Decimal(65))]),
    # a laboratory is an organisation that bears duties, qualified by a 的-phrase that may open with 本
    ("本办法施行前设立的实验室，应当在一年内完成整改。", {}, [dict(duty_bearer="本办法施行前设立的实验室")]),
    # a retention period (保存期) is a measure of the duty: who keeps the records is the organisation
    # that opens the sentence (X从事…的…保存期); with none, no bearer rather than the period itself
    ("检测机构从事检验活动的原始记录保存期，不得少于10年。", {},
     [dict(modality="must_not", duty_bearer="检测机构", quantity_value=Decimal(10))]),
    ("样品的保存期不得少于6个月。", {}, [dict(modality="must_not", duty_bearer="")]),
    # --- notices: 请 with any verb of reporting; who stands before 请; 申请/报请 are no request --------
    ("各地卫生健康委：\n执行中的问题，请及时反馈给办公室。", {},
     [dict(modality="must", modal_word="请", duty_bearer="各地卫生健康委", duty_bearer_inherited=True)]),
    ("各单位请于每季度末报送统计表。", {}, [dict(modal_word="请", duty_bearer="各单位")]),
    ("申请人在规定期限内提出申请。", {}, []),
    ("报请上级机关批准。", {}, []),
    # an addressee list naming places, offices and companies; one run into the body on one line
    ("西宁市、海东地区、各自治州卫生局、宣传部、西宁海关、机场有限公司：\n现印发给你们，请认真贯彻执行。", {},
     [dict(duty_bearer="西宁市、海东地区、各自治州卫生局、宣传部、西宁海关、机场有限公司")]),
    ("各省、自治区、直辖市中医药管理部门,新疆生产建设兵团卫生局: 现就报送要求通知如下。"
     "文件出台3日内报告，其他材料及时报送；", {},
     [dict(modality="must", duty_bearer="各省、自治区、直辖市中医药管理部门,新疆生产建设兵团卫生局",
           duty_bearer_inherited=True, deadline_text="3日内")]),
    ("责任单位：市卫生健康委\n文件出台3日内报告。", {}, [dict(duty_bearer="")]),  # a label, not an addressee
    # --- traditional characters are read like simplified ones; the span stays as printed ----
    ("市和區人民政府應當加強對急救醫療服務工作的領導。", {},
     [dict(modality="must", duty_bearer="市和区人民政府", text="市和區人民政府應當加強對急救醫療服務工作的領導")]),
]


@pytest.mark.parametrize(("sentence", "kwargs", "expected"), RULES, ids=[r[0][:14] for r in RULES])
def test_obligation_rules(sentence, kwargs, expected):
    found = extract_obligations(sentence, **kwargs)
    assert len(found) == len(expected), [o.text for o in found]
    for obligation, fields in zip(found, expected, strict=True):
        for name, value in fields.items():
            assert getattr(obligation, name) == value, (name, obligation)
        assert sentence[obligation.start : obligation.end] == obligation.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an amount granted or paid, without a comparator, is the amount itself
        ("职工享受5天探亲假", ("=", Decimal(5), "天")),
        ("应当为其安排2小时学习时间", ("=", Decimal(2), "小时")),
        ("按照日工资收入的200%支付加班工资", ("=", Decimal(200), "%")),
        # a described amount, a time limit, a date or a bare period is none
        ("不剔除国家规定的11天法定节假日", ("", None, "")),
        ("护士执业注册有效期为5年。", ("", None, "")),
        ("应当于2025年3月31日前完成", ("", None, "")),
        # a window before an event is neither at least nor at most; N日前 is at least N days before
        ("应当在有效期届满前6个月内申请", ("", None, "")),
        ("应当在施药7日前公告", (">=", Decimal(7), "日")),
        # a state that qualifies a noun (不满16周岁的…) is no bound; a required bound is
        ("不得招用不满16周岁的未成年人", ("", None, "")),
        ("每方代表人数不超过5人", ("<=", Decimal(5), "人")),
        # what a duty requires to have (应当有N名以上的…) is a bound, though a 的 follows
        ("检查应当有2名以上的执法人员参加", (">=", Decimal(2), "名")),
        # an age (岁) is a unit; an age group before its noun (65岁以上老年人) is no bound
        ("人均预期寿命达到80.5岁", (">=", Decimal("80.5"), "岁")),
        ("申请人年龄应当在18岁以上。", (">=", Decimal(18), "岁")),
        ("为65岁以上老年人提供健康管理服务", ("", None, "")),
        ("3岁以下儿童死亡率下降到5‰", ("<=", Decimal(5), "‰")),
    ],
)
def test_quantity_bound_forms(text, expected):
    q = find_quantity_bound(text)
    assert (q.comparator, q.value, q.unit) == expected


def test_range_keeps_both_ends_inclusive():
    q = find_quantity_bound("处二倍以上五倍以下的罚款")
    assert (q.comparator, q.value, q.maximum, q.unit) == ("range", 2, 5, "倍")
    q = find_quantity_bound("处以五十元以上两百元以下的罚款")
    assert (q.comparator, q.value, q.maximum, q.unit) == ("range", 50, 200, "元")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("应当自收到申请之日起20个工作日内做出决定", "自收到申请之日起20个工作日内"),
        ("应当在接到报告后2小时内报告", "接到报告后2小时内"),
        ("省、自治区、直辖市人民政府应当在接到报告1小时内", "接到报告1小时内"),
        ("在6个月之内可以申请", "6个月之内"),
        ("省、自治区、直辖市药品监督管理部门在收到申请材料之日起5日内", "收到申请材料之日起5日内"),
        ("至少每2年接受一次培训", ""),
        ("应当在实施消杀7日前公告", "实施消杀7日前"),
        ("应当于2025年3月31日前完成", ""),  # a calendar date is no time limit
        # 从事 inside the event is no start of the limit; 自 is
        ("应当自收到从事诊疗活动的申请之日起20日内作出决定", "自收到从事诊疗活动的申请之日起20日内"),
        ("应当自行在收到通知之日起10日内整改", "收到通知之日起10日内"),
    ],
)
def test_relative_deadline_as_printed(text, expected):
    assert find_relative_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("每2年1次", "P2Y"), ("两年复核一次", "P2Y"), ("每半年", "P6M"), ("每季度", "P3M"), ("每季", "P3M"),
     ("定期", "定期"), ("不定期", ""), ("及时", "")],
)
def test_frequency(text, expected):
    assert find_frequency(text) == expected


def test_chapter_title_lends_no_bearer():
    assert bearer_heading([("article", ""), ("chapter", "医疗机构")]) == ""
    assert bearer_heading([("item", ""), ("heading", "牵头医院职责")]) == "牵头医院职责"


# --- the development set ------------------------------------------------------------------

# Truth rows (document stem, clause, first characters of the sentence) whose modality, bearer,
# quantity, frequency, relative deadline and condition the extractor gets right from the sentence
# alone. A short explicit list: a regression on any of them fails the test.
DEVSET_EXPECTED = [
    ("001_hushi_tiaoli", "第八条", "收到申请的卫生主管部门应当自收到申请"),
    ("001_hushi_tiaoli", "第九条", "收到报告的卫生主管部门应当自收到报告"),
    ("002_xiangcun_yisheng", "第三十三条", "乡村医生应当按照培训规划的要求至少每2年"),
    ("003_yibao_jijin_jianguan", "第二十九条", "开展医疗保障基金使用监督检查，监督检查人员不得少于2人"),
    ("009_tufa_gonggong_weisheng", "第二十条", "县级人民政府应当在接到报告后2小时内"),
    ("012_yiliao_jigou_guanli", "第十九条", "县级以上地方人民政府卫生行政部门自受理"),
    ("012_yiliao_jigou_guanli", "第二十二条", "床位不满100张的医疗机构"),
    ("014_hulianwang_yaopin_xinxi", "第十六条", "省、自治区、直辖市食品药品监督管理部门自受理之日起20日内"),
    ("015_yiliao_jiufen", "第十五条", "因紧急抢救未能及时填写病历的"),
    ("015_yiliao_jiufen", "第三十二条", "医疗纠纷人民调解委员会应当自设立之日起30个工作日内"),
    ("015_yiliao_jiufen", "第四十条", "卫生主管部门应当自受理之日起30个工作日内"),
    ("016_zhongyiyao_tiaoli", "第十三条", "省、自治区、直辖市人民政府负责中医药管理的部门"),
    ("018_nvzhigong_laodong_baohu", "第五条", "用人单位不得因女职工怀孕"),
    ("020_yiliao_feiwu", "第二十五条", "医疗废物集中处置单位应当至少每2天"),
    # round 2: noun-phrase subjects, the encouraged party, the agent of 由…作出, 定期, conditions
    ("006_chufangyao_fenlei", "第二条", "处方药必须凭执业医师"),
    ("011_shanghai_jijiu_fanti", "第十五条", "每辆救护车应当至少配备"),
    ("002_xiangcun_yisheng", "第七条", "国家鼓励乡村医生"),
    ("003_yibao_jijin_jianguan", "第七条", "国家鼓励和支持新闻媒体"),
    ("024_jingshen_weisheng_fa_archive", "第二十九条", "精神障碍的诊断应当由"),
    ("018_nvzhigong_laodong_baohu", "第六条", "对怀孕7个月以上的女职工"),
    ("028_jiaotong_weisheng_jianyi", "第十一条", "检疫传染病疫情发生后"),
    # round 3 (issue 9 follow-up): subjects inside conditions, 对象, possessors, N日前, 应休未休
    ("003_yibao_jijin_jianguan", "第二十九条", "医疗保障行政部门进行监督检查时"),
    ("011_shanghai_jijiu_fanti", "第二十五条", "院前急救机构的急救呼叫电话录音"),
    ("015_yiliao_jiufen", "第三十条", "医患双方人数较多的"),
    ("026_zhiji_peizhi_guifan", "第四十七条", "配制人员应有健康档案"),
    ("029_daixin_nianxiujia", "第九条", "用人单位确因工作需要"),
    ("030_xuexichongbing_fangzhi", "第二十条", "血吸虫病防治地区乡(镇)人民政府应当在实施药物杀灭钉螺7日前"),
    ("018_nvzhigong_laodong_baohu", "第九条", "用人单位应当在每天的劳动时间内"),
]


def _truth_row(stem: str, clause: str, start: str) -> dict:
    for path, row in rows("obligations"):
        if path.stem == stem and row.get("clause") == clause and row["sentence"].startswith(start):
            return row
    raise LookupError(f"no truth row {stem} {clause} {start}")


def _frequency_iso(printed: str) -> str:
    return find_frequency(printed) if printed else ""


@pytest.mark.parametrize(("stem", "clause", "start"), DEVSET_EXPECTED, ids=[f"{s[:3]}-{c}" for s, c, _ in DEVSET_EXPECTED])
def test_devset_rows(stem, clause, start):
    row = _truth_row(stem, clause, start)
    found = extract_obligations(row["sentence"])
    assert found, row["sentence"]
    o = found[0]
    assert o.modality == row["modality"]
    assert o.duty_bearer == row.get("bearer", "")
    quantity = row.get("quantity")
    if quantity:
        assert (o.quantity_comparator, o.quantity_value, o.quantity_unit) == (
            quantity["comparator"], Decimal(str(quantity["value"])), quantity["unit"]
        )
    assert o.frequency == _frequency_iso(row.get("frequency", ""))
    deadline = row.get("deadline", "")
    if deadline and not deadline[:4].isdigit():
        assert o.deadline_text == deadline
    condition = row.get("condition", "")
    if condition:
        assert condition in o.condition or o.condition in condition and o.condition
