"""Metadata rules (issue 9): one table of input → expected per rule, then the development set.

Every case is a small hand-written document head; the devset cases at the end take their
expectations from ``bench/devset/truth`` through ``tests.devset``.
"""

from __future__ import annotations

from datetime import date

import pytest

from content.parse.identifiers import normalise_doc_number
from content.parse.metadata import detect, level_of, parse_date
from tests.devset import cases

# --- dates -----------------------------------------------------------------------------------

DATES = [
    ("2019年3月1日", date(2019, 3, 1)),
    ("2019-03-01", date(2019, 3, 1)),
    ("二〇一九年三月一日", date(2019, 3, 1)),
    ("二〇二三年十二月三十一日", date(2023, 12, 31)),
    ("１９９９年５月１日", None),  # full-width digits are folded before detection, not here
    ("2019年2月30日", None),  # no such day: no date rather than a wrong one
    ("第三十条", None),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


HEADS = [
    # (document head, issued, effective)
    ("# 某某条例\n2008年1月31日 中华人民共和国国务院令第517号公布\n第一条 为了。\n第二条 本条例自2008年5月12日起施行。", "2008-01-31", "2008-05-12"),
    ("某某条例\n2003年7月30日 国务院第16次常务会议通过\n2003年8月5日 国务院令第386号公布\n2004年1月1日 施行\n第一条 为了。", "2003-08-05", "2004-01-01"),
    ("某某条例\n1999年5月1日 国务院发布\n第一条 为了。\n第九条 本条例自发布之日起施行。", "1999-05-01", "1999-05-01"),
    ("某某规定\n2012年4月28日 国务院令第619号公布\n公布之日施行\n第一条 为了。", "2012-04-28", "2012-04-28"),
    # a revision line is neither the issue date nor the effective date
    ("某某条例\n2020年3月27日 《国务院关于修改部分行政法规的决定》修订\n第一条 为了。", "", ""),
    # a covering notice's date on a line of its own after its last sentence
    ("关于印发某某实施办法的通知\n全某办〔2007〕9号\n各有关单位：\n现印发给你们，请结合本地实际，认真组织实施。\n二○○七年一月二十三日\n某某实施办法\n一、任务目标",
     "2007-01-23", ""),
    # the date of the signature block
    ("某某局关于做好某项工作的通知\n各有关单位：\n一、要求\n请认真执行。\n某某局\n二〇一九年三月一日", "2019-03-01", ""),
    ("某某标准\nJR/T 0314—2024\n2024-11-20 发布 2024-12-01 实施\n1 范围", "2024-11-20", "2024-12-01"),
    # a people's congress's regulation: its 通过 date
    ("某某市某某条例\n2016年7月29日 某某市第十四届人民代表大会常务委员会第三十一次会议通过\n第一条 为了。", "2016-07-29", ""),
    # a body's meeting is not the issue
    ("某某办法\n2010年1月1日 某某部部务会议通过\n第一条 为了。", "", ""),
    # a congress's 通过 line in brackets under the title
    ("某某市某某条例\n（2016年11月11日某某市第十四届人民代表大会常务委员会第三十三次会议通过）\n第一章 总则\n第一条 为了。",
     "2016-11-11", ""),
    # a covering notice's signature before the document it forwards; ○ for 〇
    ("某某办公厅关于转发某某办法的通知\n某办发〔2009〕66号\n各有关单位：\n现转发给你们，请认真执行。\n某某办公厅\n"
     "二○○九年十二月二十八日\n某某办法\n第一条 为了。\n第二条 本办法由某某部负责解释。", "2009-12-28", ""),
]


@pytest.mark.parametrize(("text", "issued", "effective"), HEADS)
def test_dates_from_the_text(text, issued, effective):
    spec = detect(text)
    assert (spec.date_issued.isoformat() if spec.date_issued else "") == issued
    assert (spec.date_effective.isoformat() if spec.date_effective else "") == effective


def test_dates_from_a_page_information_table():
    spec = detect("某某实施方案\n一、目标", {"page:生效日期": "2024-10-31", "page:发文日期": "2024年09月26日"})
    assert spec.date_issued == date(2024, 9, 26)
    assert spec.date_effective == date(2024, 10, 31)


# --- 文号 --------------------------------------------------------------------------------------

NUMBERS = [
    ("国卫基层发〔2023〕41号", "国卫基层发〔2023〕41号"),
    ("劳社部发[2008]3号", "劳社部发〔2008〕3号"),
    ("国办发(2015)70号", "国办发〔2015〕70号"),
    ("國辦發〔2015〕70號", "国办发〔2015〕70号"),
    ("中华人民共和国国务院令第701号", "中华人民共和国国务院令第701号"),
    ("中华人民共和国主席令第八十一号", "中华人民共和国主席令第81号"),
    ("国家卫生健康委员会令第2号", "国家卫生健康委员会令第2号"),
    ("国家卫生健康委员会公告2023年第5号", "国家卫生健康委员会公告2023年第5号"),
    ("国卫办医函〔2016〕936号", "国卫办医函〔2016〕936号"),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_doc_number_forms(text, expected):
    assert normalise_doc_number(text) == expected
    assert detect(f"某某办法\n{text}\n第一条 为了。").doc_number == expected


# --- issuers ---------------------------------------------------------------------------------

ISSUERS = [
    ("某某条例\n2008年1月31日 中华人民共和国国务院令第517号公布\n第一条 为了。", ["国务院"]),
    ("某某办法\n1999年6月18日 国家某某管理局令第10号公布\n第一条 为了。", ["国家某某管理局"]),
    ("某某条例\n1990年6月4日 国家某某委员会令第10号\n某某部令第1号发布\n第一条 为了。", ["国家某某委员会", "某某部"]),
    ("某某条例\n1987年4月1日 国务院发布\n第一条 为了。", ["国务院"]),
    ("某某市某某条例\n2016年7月29日 某某市第十四届人民代表大会常务委员会第三十一次会议通过\n第一条 为了。", ["某某市人民代表大会常务委员会"]),
    ("国家某某委办公厅关于做好某项工作的通知\n各省：\n一、要求\n请执行。", ["国家某某委办公厅"]),
    ("关于做好某项工作的通知\n各单位：\n一、要求\n请执行。\n某某省卫生健康委员会\n某某省财政厅\n2020年1月2日", ["某某省卫生健康委员会", "某某省财政厅"]),
    # nothing says who issued it: no issuer
    ("关于做好某项工作的通知\n各单位：\n一、要求\n请执行。", []),
    # a 主席令 names no body
    ("某某法\n2012年10月26日 中华人民共和国主席令第62号公布\n第一条 为了。", []),
    # 经…部第N次部务会议通过: the body issues it (its meeting date is no issue date)
    ("某某办法\n2008年7月17日 经某某部第6次部务会议通过\n第一条 为了。", ["某某部"]),
    ("某某市某某条例\n（2016年11月11日某某市第十四届人民代表大会常务委员会第三十三次会议通过）\n第一条 为了。",
     ["某某市人民代表大会常务委员会"]),
]


@pytest.mark.parametrize(("text", "issuers"), ISSUERS)
def test_issuers(text, issuers):
    assert detect(text).issuers == issuers


# --- level -----------------------------------------------------------------------------------

LEVELS = [
    ("国务院", "national"),
    ("国务院办公厅", "national"),
    ("国家卫生健康委员会", "national"),
    ("中共中央", "national"),
    ("人力资源和社会保障部", "national"),
    ("某某省卫生健康委员会", "provincial"),
    ("某某自治区人民政府", "provincial"),
    ("上海市人民代表大会常务委员会", "provincial"),
    ("某某市卫生健康局", "city"),
    ("某某州人民政府", "city"),
    ("某某盟行政公署", "city"),
    ("某某县人民政府", "county"),
    ("某某旗卫生健康局", "county"),
    ("某某区卫生健康局", "county"),
    # a district or county under its city, also under a municipality
    ("某某市某某区人民政府", "county"),
    ("上海市某某区卫生健康委员会", "county"),
    ("某某州某某县卫生健康局", "county"),
    ("某某市社区卫生服务管理中心", "city"),
    ("某某市卫生健康委员会", "city"),
    ("", ""),
    ("医政医管局", ""),  # a department without its body: unknown, not a guess
]


@pytest.mark.parametrize(("issuer", "level"), LEVELS)
def test_level_of_issuer(issuer, level):
    assert level_of(issuer) == level


def test_no_issuer_means_no_level():
    """Nothing names an issuer or a place: the level stays empty (it used to become provincial)."""
    for title in ("新型农村合作医疗管理办法", "关于做好某项工作的通知", "城市社区卫生服务机构管理办法", "民族地区卫生发展规划方案"):
        spec = detect(f"{title}\n第一条 为了。")
        assert spec.level == "", title
        assert "level" not in spec.review


def test_level_from_the_title_place_is_flagged_for_review():
    spec = detect("某某州全面推进某项工作实施方案\n一、目标")
    assert spec.level == "city"
    assert spec.review == ["level"]
    # 中华人民共和国… names a national law; 卫X发 is the former ministry's 文号
    assert detect("中华人民共和国某某法\n第一条 为了。").level == "national"
    spec = detect("关于印发某某规范的通知\n卫某发〔2012〕20 号\n各省：\n现印发给你们。")
    assert (spec.level, spec.review) == ("national", ["level"])


# --- kind and title --------------------------------------------------------------------------

KINDS = [
    ("某某工作的通知", "notice"),
    ("关于某某的指导意见", "opinion"),
    ("某某实施方案", "plan"),
    ("某某管理办法（试行）", "regulation"),
    ("某某条例", "regulation"),
    ("某某规定", "regulation"),
    ("中华人民共和国某某法", "law"),
    ("某某技术规范", "standard"),
    ("某某服务能力指南", "guide"),
    ("某某工作指引", "guide"),
    ("某某发展规划", "plan"),
    ("某某事项的通告", "notice"),
    ("某某会议纪要", ""),  # no rule: no kind
]


@pytest.mark.parametrize(("title", "kind"), KINDS)
def test_kind_from_title(title, kind):
    spec = detect(f"{title}\n第一条 为了。", {"title": title})
    assert spec.title == title
    assert (spec.kind if spec.kind != "other" else "") == kind


def test_a_rule_published_by_an_order_is_a_regulation_whatever_its_title_ends_in():
    rule = detect("某某质量管理规范（试行）\n2001年3月13日 国家某某管理局令第27号公布\n第一章 总则\n第一条 为了。")
    assert (rule.doc_number, rule.kind) == ("国家某某管理局令第27号", "regulation")
    assert detect("中华人民共和国金融行业标准\nJR/T 0314—2024\n某某技术规范\n1 范围").kind == "standard"
    assert detect("某某技术规范\n某卫发〔2012〕20号\n1 范围").kind == "standard"  # a 文号, not an order


TITLES = [
    # broken over lines
    ("某某州全面推进紧密型县域医疗卫生\n共同体建设实施方案\n一、目标", "某某州全面推进紧密型县域医疗卫生共同体建设实施方案"),
    # traditional characters: the title is given folded
    ("上海市急救醫療服務條例\n第一條 爲了。", "上海市急救医疗服务条例"),
    # a standard's category line is not its title, nor is its code
    ("中华人民共和国金融行业标准\nJR/T 0314—2024\n某某技术规范\n1 范围", "某某技术规范"),
    # a 印发 notice header followed by the plan itself: the file is the plan
    ("关于印发某某工作实施方案的通知\n某某工作实施方案\n一、目标", "某某工作实施方案"),
    # …but a notice with its own body stays the notice
    ("关于印发某某工作实施方案的通知\n各单位：\n现印发给你们。", "关于印发某某工作实施方案的通知"),
    # a web page's headline (quoting a title in 《》) or breadcrumb is not joined to the title below it
    ("首页 > 新闻中心\n2018.12.04\n《某某条例》出台 数据造假将受罚\n某某市某某条例\n第一章 总则",
     "某某市某某条例"),
    # a page headline's column and site name after the title are no part of it
    ("某某局关于做好某项工作的通知_政策文件_某某市人民政府门户网站\n各有关单位：\n一、要求", "某某局关于做好某项工作的通知"),
    ("某某市某某管理办法 - 某某网\n第一条 为了。", "某某市某某管理办法"),
    # a title broken before its edition note and 的通知
    ("关于印发某市公共卫生体系建设三年行动计划\n(2023—2025年)的通知\n各有关单位：\n一、总体思路",
     "关于印发某市公共卫生体系建设三年行动计划(2023—2025年)的通知"),
    ("某某管理办法\n（试行）\n第一条 为了。", "某某管理办法（试行）"),
    # a plan's period printed on the line below its title: the period is part of the title
    ("某某市“十四五”卫生健康规划\n(2021-2025年)\n为推进某某工作，制定本规划。", "某某市“十四五”卫生健康规划(2021-2025年)"),
    # a news site's menu bar and one-word menu items above the title are furniture
    ("微信公众号 联系我们 关于我们 客服热线:000-00000000\n资讯\n频道\n当前位置:首页 > 政策法规 > 关于公布某某考评结果的通知\n"
     "关于公布某某考评结果的通知\n各省卫生厅局:\n现将考评结果公布如下。", "关于公布某某考评结果的通知"),
    # a web table's cell border after the title is no part of it
    ("某某局关于做好某项工作的通知 |\n各有关单位：\n一、要求", "某某局关于做好某项工作的通知"),
    # a covering notice's signature and date are never glued to the title broken below them
    ("某发〔2024〕1号\n各有关单位：\n《某某工作实施方案》已经审议通过，现印发给你们。\n某某市人民政府办公室\n"
     "2024年4月8日\n某某市进一步完善医疗\n卫生服务体系实施方案\n一、总体要求", "某某市进一步完善医疗卫生服务体系实施方案"),
    # a column label before a page headline (图解 | …) makes it a headline: the printed title,
    # broken over two lines above it, is the title
    ("某某区人民政府\n关于推进某某行动的实施意见\n图解 | 某某区人民政府推进某某行动的实施意见\n各乡镇人民政府：\n一、总体要求",
     "某某区人民政府关于推进某某行动的实施意见"),
]


@pytest.mark.parametrize(("text", "title"), TITLES)
def test_titles(text, title):
    spec = detect(text)
    assert spec.title == title
    assert "title" not in spec.review


def test_the_documents_own_code_on_its_cover_is_not_kept_in_the_preamble():
    from content.parse.metadata import strip_title_lines

    spec = detect("中华人民共和国金融行业标准\nJR/T 0314—2024\n某某技术规范\n1 范围")
    assert spec.standard_code
    assert strip_title_lines(["中华人民共和国金融行业标准", "JR/T 0314—2024", "本文件按照GB/T 1.1—2020起草。"], spec) == [
        "中华人民共和国金融行业标准",
        "本文件按照GB/T 1.1—2020起草。",
    ]


def test_a_covering_notices_issued_document_keeps_its_heading():
    """关于印发X和Y的通知, signature, then X: X's heading opens the issued document and stays in
    the preamble; the notice's own title lines go."""
    from content.parse.metadata import strip_title_lines

    title = "某市卫生委关于印发2016年某市卫生工作总结和2017年某市卫生工作要点的通知"
    spec = detect(f"{title}\n各有关单位：\n现予以下发。\n某市卫生委\n2017年2月22日\n2016年某市卫生工作总结\n一、总体情况")
    lines = [title, "各有关单位：", "现予以下发。", "某市卫生委", "2017年2月22日", "2016年某市卫生工作总结", "今年。"]
    assert strip_title_lines(lines, spec) == lines[1:]
    # a document whose title is broken over lines below a covering notice's signature drops them
    plan = detect("某发〔2024〕1号\n各有关单位：\n现印发给你们。\n某市办公室\n2024年4月8日\n某市完善医疗\n服务体系实施方案\n一、总体要求")
    assert strip_title_lines(["现印发给你们。", "2024年4月8日", "某市完善医疗", "服务体系实施方案"], plan) == [
        "现印发给你们。", "2024年4月8日"]


def test_no_title_line_takes_the_first_substantive_line_for_review():
    """A real document is not refused when no line reads as a title: the first line that could
    name it stands in (not the addressee, a 文号 or a date), flagged for an editor."""
    spec = detect("某发〔2024〕1号\n2024年4月8日\n某某工作情况汇总\n各有关单位：\n一、总体情况\n今年。")
    assert (spec.title, spec.review) == ("某某工作情况汇总", ["title"])
    assert detect("各有关单位：\n2024年4月8日\n一、总体情况").title == ""
    # a head that says it publishes a 《title》 names the document
    spec = detect("发布信息\n2023年12月,某省委办公厅、某省人民政府办公厅发布《某省某某责任制实施细则》,自发布之日起施行。\n内容全文\n第一章 总则\n第一条 为了。")
    assert (spec.title, spec.review) == ("某省某某责任制实施细则", ["title"])


# --- the development set ---------------------------------------------------------------------

# Documents whose every metadata field these rules read right (ids of bench/devset/docs);
# a regression on any of them fails here.
METADATA_PASS = [
    "001", "002", "003", "004", "005", "006", "008", "009", "010", "011", "012", "013", "014", "015",
    "016", "017", "018", "019", "020", "021", "022", "023", "025", "026", "027", "028", "029",
    "030", "031", "032",
]
FIELDS = ("title", "doc_number", "issuers", "issued", "effective", "kind", "level")


def _devset(ids):
    return [pytest.param(path, truth, id=path.name[:3]) for path, truth in cases() if path.name[:3] in ids]


def _got(spec) -> dict:
    return {
        "title": spec.title,
        "doc_number": spec.doc_number,
        "issuers": sorted(spec.issuers),
        "issued": spec.date_issued.isoformat() if spec.date_issued else "",
        "effective": spec.date_effective.isoformat() if spec.date_effective else "",
        "kind": "" if spec.kind == "other" else spec.kind,
        "level": spec.level,
    }


def _expected(truth) -> dict:
    meta = dict(truth["metadata"])
    meta["issuers"] = sorted(meta.get("issuers", []))
    meta["doc_number"] = normalise_doc_number(meta.get("doc_number", ""))
    return {name: meta.get(name, "") for name in FIELDS}


@pytest.mark.parametrize(("path", "truth"), _devset(METADATA_PASS))
def test_devset_metadata(path, truth):
    from content.importer import read_documents

    spec = read_documents(path)[-1].spec
    assert _got(spec) == _expected(truth)


def test_the_page_tables_issue_number_is_the_doc_number_when_the_text_prints_none():
    assert detect("某某县工作规则\n第一章 总则\n第一条 为了。", {"page:发文字号": "某政发〔2024〕7号"}).doc_number == "某政发〔2024〕7号"


ORDER_PAGES = [
    # an order's heading over two lines, its publishing sentence, the signer's title and date
    ("国家某某委员会令\n第2号\n《某某管理办法》已于2018年8月1日经国家某某委员会委主任会议讨论通过，现予公布，自2019年1月1日起施行。\n"
     "主任　张某\n2018年12月29日\n某某管理办法\n第一章　总则\n第一条　为了规范某某工作，制定本办法。",
     ("国家某某委员会令第2号", ["国家某某委员会"], "2018-12-29", "2019-01-01", "national")),
    ("某某省人民政府令\n第288号\n《某某省某某办法》已经省人民政府常务会议通过，现予公布，自公布之日起施行。\n省长　李某\n2023年5月20日\n"
     "某某省某某办法\n第一条　为了规范某某工作，制定本办法。",
     ("某某省人民政府令第288号", ["某某省人民政府"], "2023-05-20", "2023-05-20", "provincial")),
]


@pytest.mark.parametrize(("text", "expected"), ORDER_PAGES)
def test_an_order_page_gives_number_issuer_and_dates(text, expected):
    spec = detect(text)
    got = (spec.doc_number, spec.issuers, str(spec.date_issued or ""), str(spec.date_effective or ""), spec.level)
    assert got == expected


# --- joint documents and web copies (round 2) --------------------------------------------------

JOINT_ISSUERS = [
    # several bodies in the title's issuer prefix
    ("甲部办公厅、乙部办公厅、中国某协办公厅关于推进某项工作的意见\n一、目标\n各地要落实。",
     ["甲部办公厅", "乙部办公厅", "中国某协办公厅"]),
    # a signature block of several bodies, two to a row, with a date in Chinese numerals written with ○
    ("关于印发某某预案的通知\n各有关单位：\n现印发给你们，请执行。\n某某省卫生厅          某某省教育厅\n"
     "某某省财政厅          某某省妇女联合会\n二○○九年五月一日",
     ["某某省卫生厅", "某某省教育厅", "某某省财政厅", "某某省妇女联合会"]),
    # an order issued by two bodies, its serial before 令
    ("某某管理办法\n2003年8月18日 某某监管局、某某总署第4号令公布\n第一条 为了。", ["某某监管局", "某某总署"]),
    # the issuer and its date on one line
    ("各有关单位：\n现将某某通告转发给你们，请周知。\n某某市卫生局2016年4月20日", ["某某市卫生局"]),
    # a department (司) of a national body signs a reply letter
    ("国家某某局某某司关于某问题的复函\n某某省某某局：\n你局来函收悉。现答复如下：\n一、同意。\n国家某某局某某司\n2023 年 7 月 6 日",
     ["国家某某局某某司"]),
]


@pytest.mark.parametrize(("text", "issuers"), JOINT_ISSUERS)
def test_joint_issuers(text, issuers):
    assert detect(text).issuers == issuers


def test_dates_of_joint_documents():
    assert detect(JOINT_ISSUERS[1][0]).date_issued == date(2009, 5, 1)
    assert detect(JOINT_ISSUERS[3][0]).date_issued == date(2016, 4, 20)


def test_joint_order_number_and_level():
    spec = detect(JOINT_ISSUERS[2][0])
    assert spec.doc_number == "某某监管局、某某总署第4号令"
    assert detect(JOINT_ISSUERS[0][0]).level == "national"  # 甲部办公厅 and 中国… are national bodies


@pytest.mark.parametrize(
    ("issuer", "level"), [("中国某协办公厅", "national"), ("共青团中央办公厅", "national"), ("某某协会", "")]
)
def test_level_of_national_bodies_without_a_place(issuer, level):
    assert level_of(issuer) == level


def test_a_doc_number_in_an_attachments_file_name_is_not_the_notices_own():
    spec = detect("各有关单位：\n现将某某通告转发给你们，请周知。\n附件:某卫函〔2016〕94号.pdf\n某卫通〔2016〕4号.pdf\n某某市卫生局2016年4月20日")
    assert spec.doc_number == ""
    assert spec.kind == "notice"  # 现将…转发给你们: a covering notice even without a title line


WEB_TITLES = [
    # a forum stamp and a headline repeated before the title are no part of it
    ("某某便民网 发表于 2020-1-26 21:33:07\n重磅!某某县启动某项响应\n某某县人民政府关于启动某项响应的通知\n各乡镇：\n一、要求",
     "某某县人民政府关于启动某项响应的通知"),
    # a reply letter (复函) is a title
    ("国家某某局某某司关于某问题的复函\n某某省某某局：\n你局来函收悉。", "国家某某局某某司关于某问题的复函"),
]


@pytest.mark.parametrize(("text", "title"), WEB_TITLES)
def test_titles_after_web_furniture(text, title):
    spec = detect(text)
    assert spec.title == title
    assert "title" not in spec.review


def test_a_date_above_the_doc_number_in_a_law_databases_header_is_the_issue_date_for_review():
    from content.parse.normalise import normalise

    text = "甲部办公厅、乙部办公厅关于推进某项工作的意见\n\n2001-11-21\n\n某办政字〔2001〕501号\n\n一、目标\n各地要落实。"
    normalised = normalise(text)
    spec = detect(normalised.text, normalised.metadata)
    assert spec.date_issued == date(2001, 11, 21)
    assert "issued" in spec.review
    assert spec.doc_number == "某办政字〔2001〕501号"
    # a page's own date line (above the title, no 文号 under it) is no issue date
    normalised = normalise("2019.01.17\n某某局关于做好某项工作的通知\n各单位：\n一、要求\n请执行。")
    assert detect(normalised.text, normalised.metadata).date_issued is None


def test_an_issuer_without_a_place_leaves_the_level_empty_for_review():
    spec = detect("医政医管局关于做好某项工作的通知\n各单位：\n一、要求\n请执行。")
    assert spec.issuers == ["医政医管局"]
    assert spec.level == ""
    assert "level" in spec.review


def test_a_closing_formula_is_never_a_title():
    """特此批复 ends a 批复 with no title line: it names nothing; the title is a guess, for review."""
    spec = detect("某卫复〔2015〕11号\n某某区卫生局：\n你委的请示收悉。现批复如下：\n同意。\n特此批复\n某某市卫生局\n2015年1月15日")
    assert spec.title != "特此批复"
    assert "title" in spec.review or not spec.title
