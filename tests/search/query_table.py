"""The relevance table: queries people type, and the unit each must return in the top 3.

A target is ``(work_key, clause_path)``; ``clause_path`` None means the document itself. Any of a
row's targets in the top 3 counts as a hit. Shared by tests/search/test_relevance.py and
bench/search.py. The glossary rows needed for synonyms are in ``GLOSSARY``.
"""

N41 = "guowei-jicengfa-2023-41"
BANFA = "yiliao-lianheti-guanli-banfa-shixing"
TONGZHI = "guowei-yifa-2020-13"
SHAANXI = "shaanxi-zhuanfa-yiliao-lianheti-banfa-2020"
XX = "xx-xian-yigongti-shidian-fangan"
SHUOMING = "db21-yigongti-guifan-bianzhi-shuoming"
LN = "liaoning-yigongti-sannian-xingdong-2023-2025"

GLOSSARY = [
    ("医疗联合体", ["医联体"]),
    ("紧密型县域医疗卫生共同体", ["县域医共体", "县域医疗卫生共同体"]),
]

# (query, what it exercises, targets)
QUERIES = [
    ("医保", "2-character word", [(N41, "s5-16"), (XX, "s5-4"), (LN, "s2-4-2")]),
    ("医保基金总额付费", "phrase", [(N41, "s5-16")]),
    ("醫保基金", "traditional → simplified", [(N41, "s5-16"), (LN, "s2-4-2")]),
    ("41号文", "文号, serial only", [(N41, None)]),
    ("〔2023〕41号", "文号, year and serial", [(N41, None)]),
    ("国卫基层发〔2023〕41号", "文号, full", [(N41, None)]),
    ("国卫医发〔2020〕13号", "文号 of the 印发 notice", [(TONGZHI, None)]),
    ("辽医保发〔2021〕10号", "文号 cited in a clause", [(LN, "s2-4-5")]),
    ("WS/T 892", "standard code without year", [(SHUOMING, "2.2")]),
    ("GB/T27775", "standard code, no space", [(SHUOMING, "2.2")]),
    ("GB/T 1.1-2020", "standard code with year", [(SHUOMING, "1.1"), (SHUOMING, "s4")]),
    ("第十四条", "clause label", [(BANFA, "art14")]),
    ("医疗联合体管理办法 第十四条", "document words + clause label", [(BANFA, "art14")]),
    ("医联体管理办法第四十五条", "abbreviation + label, no space", [(BANFA, "art45")]),
    ("2.6", "numbered clause label", [(SHUOMING, "2.6")]),
    ("专栏一", "box label", [(LN, "box1")]),
    ("县域医共体 章程", "synonym + word", [(N41, "s3-5"), (BANFA, "art12")]),
    ("紧密型县域医疗卫生共同体 绩效考核", "full name ≡ abbreviation", [(N41, "s3-6"), (LN, "s2-2-2")]),
    ("縣域醫共體 考核", "traditional + synonym", [(N41, "s3-6"), (LN, "s2-2-2"), (XX, "s5-3")]),
    ("医联体 综合绩效考核", "abbreviation", [(BANFA, "art39"), (BANFA, "art41"), (BANFA, "art38")]),
    ("双向转诊", "word", [(BANFA, "art21")]),
    ("远程医疗协作网", "heading words", [(BANFA, "ch4"), (BANFA, "art33")]),
    ("牵头县级医院建设标准", "box heading", [(LN, "box1")]),
    ("床位不少于500张", "words with a number", [(LN, "box1-2")]),
    ("家庭医生签约服务", "phrase", [(N41, "s4-11"), (LN, "s2-3-3")]),
    ("中医药服务能力", "phrase", [(N41, "s4-13")]),
    ("传染病监测预警", "phrase", [(N41, "s4-10"), (LN, "s2-3-2")]),
    ("国务院各部委", "phrase across a PDF line break", [(N41, "preamble")]),
    ("取得积极进展", "phrase across a PDF line break", [(N41, "preamble")]),
    ("县总医院", "county template term", [(XX, "s4-1")]),
    ("财务核算中心", "word", [(XX, "s4-2-3")]),
    ("药械采购", "2+2 characters", [(XX, "s4-2-4")]),
    ("村卫生室建筑面积", "phrase", [(LN, "box2-4")]),
    ("起草单位", "heading", [(SHUOMING, "s1-3")]),
    ("规范性引用文件", "heading", [(SHUOMING, "2.2")]),
    ("专科联盟 肿瘤", "two words", [(BANFA, "art27-p1"), (SHAANXI, "s1")]),
    ("城市医疗集团 三级公立医院", "definition words", [(BANFA, "art43")]),
    ("本办法自2020年8月1日起施行", "sentence", [(BANFA, "art45")]),
    ("医防融合", "word", [(N41, "s4-12"), (LN, "s2-3-4")]),
    ("医疗联合体管理办法", "document title", [(BANFA, None)]),
]

# Questions as county officials type them: short, colloquial, their own words (慢病, 家医, 打包付费),
# with the clauses that answer them. Scored separately (tests/search/test_relevance.py).
COLLOQUIAL = [
    ("慢病 签约 怎么算", "colloquial 慢病 + 签约", [(N41, "s4-11"), (LN, "s2-3-3"), (LN, "s2-3-4")]),
    ("派驻 医生 多久", "派驻 ≡ 派出/下派", [(N41, "s2-3"), (N41, "s2-4")]),
    ("打包付费 结余", "打包付费 ≡ 总额付费", [(N41, "s5-16"), (LN, "s2-4-2")]),
    ("医保 打包 付费", "split words", [(N41, "s5-16"), (LN, "s2-4-2")]),
    ("家医 签约", "家医 ≡ 家庭医生", [(N41, "s4-11"), (LN, "s2-3-3")]),
    ("双向转诊 怎么转", "word + question", [(BANFA, "art21")]),
    ("公卫 医防融合", "公卫 ≡ 公共卫生", [(N41, "s4-12"), (LN, "s2-3-4")]),
    ("绩效考核 指标", "two words", [(N41, "s3-6"), (LN, "s2-2-2")]),
    ("药品 统一采购", "two words", [(XX, "s4-2-4"), (BANFA, "art25-p1")]),
    ("人员 统筹使用", "two words", [(XX, "s4-2-1"), (N41, "s5-15"), (LN, "s2-4-3")]),
    ("信息化 建设", "two words", [(LN, "s2-1-4")]),
    ("慢性病 管理", "慢性病 ≡ 慢病", [(N41, "s4-12"), (LN, "s2-3-4")]),
    ("远程诊疗", "远程诊疗 ≡ 远程医疗", [(BANFA, "art36"), (BANFA, "ch4")]),
    ("乡镇卫生院 派人", "colloquial 派人", [(N41, "s2-4"), (N41, "s2-3")]),
    ("医共体 考核 结果 怎么用", "question", [(N41, "s3-6"), (LN, "s2-2-2")]),
]
