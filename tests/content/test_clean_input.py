"""Clean input and structure rules (issue 9): a table of input → expected per rule, then the
development set (structure counts from ``bench/devset/truth``)."""

from __future__ import annotations

import pytest

from content.parse.markers import match_marker
from content.parse.normalise import normalise, page_info
from content.parse.structure import parse_structure
from tests.devset import cases

# --- furniture and debris --------------------------------------------------------------------

DROPPED = [
    "首页 > 新闻中心 > 行业动态",
    "当前位置：首页 > 政策文件",
    "2019.01.17",
    "2019-01-17 10:30",
    "来源：某某委员会官网",
    "【打印本页】 【关闭窗口】",
    "【我要纠错】 【打印】 【关闭】",
    "[打印] [关闭]",
    "<!-- INFO END -->",
    "索引号：\t000013610/2016-00213\t主题分类：\t医疗卫生",
    "索引号: | 3070211020000013000000/2024 | 发布机构: | |",
    "• 时间:2023-05-04 08:58:16",
    "发布时间：2023-05-04",
    "• 发布:某某卫生健康委",
    "发布时间: 2020-10-15 10:08 字体:[]",
    "适老版-新",
    "无障碍浏览",
    "索引号 000014349/2020-3761045 成文日期 2020-10-15",
    "文号 发布时间 2020-10-15",
    "政策解读 文字解读:《某某行动推进方案》",
    "相关解读：图解某某方案",
    "时间:2024-07-23 02:14:22 来源: 某某网 作者:某某网 阅读:8313",
    "浏览量:          时间:2016-01-17 23:45:19",
    "下载地址: 点击此处下载",
    "微信公众号 联系我们 关于我们 客服热线:000-00000000",
    "网站地图 | 设为首页 | 加入收藏",
    "资讯",
    "频道",
    "首页",
]


@pytest.mark.parametrize("line", DROPPED)
def test_web_furniture_is_dropped(line):
    text = normalise(f"某某工作的通知\n{line}\n一、总体要求\n要做好工作。").text
    assert text.split("\n") == ["某某工作的通知", "一、总体要求", "要做好工作。"]


def test_a_web_tables_cell_border_after_a_line_is_dropped():
    """``某某的通知 |`` (a page's title cell): the lone pipe goes, so the title is not joined to the
    next line; a Markdown table row keeps its pipes."""
    text = normalise("某某局关于做好某项工作的通知 |\n各有关单位：\n| 序号 | 名称 |\n一、总体要求\n要做好工作。").text
    assert text.split("\n") == ["某某局关于做好某项工作的通知", "各有关单位：", "| 序号 | 名称 |", "一、总体要求", "要做好工作。"]


KEPT = [
    "来源于群众的意见要认真对待。",  # not a 来源： line
    "时间：2024年5月10日上午9:00",  # a meeting notice's time is its content
    "发布：由各区县统一组织。",  # no bullet: a line of the text
    "2019年3月15日",  # a signature date stays (it is the closing)
    "附件：某某工作指南",
]


@pytest.mark.parametrize("line", KEPT)
def test_text_that_looks_like_furniture_is_kept(line):
    assert line in normalise(f"某某工作的通知\n{line}").text.split("\n")


def test_page_information_without_colons_becomes_metadata():
    found = normalise("某某的通知\n索引号 000014349/2020-3761045 成文日期 2020-10-15\n一、要求\n要做好。").metadata
    assert found["page:成文日期"] == "2020-10-15"
    # one label at the head of a sentence is not a table row
    assert normalise("某某的通知\n名称 由各单位自行确定。\n一、要求").text.split("\n")[1] == "名称 由各单位自行确定。"


def test_page_information_labels_alone_take_the_next_line_as_value():
    text = "• 索引号:\n\n    000000/2024-001005\n  • 主题分类:\n\n  • 发文字号:\n\n    某政发〔2024〕7号\n  • 发文日期:\n\n    2024年04月06日 16:40\n某某县工作规则\n第一章 总则"
    result = normalise(text)
    assert result.text.split("\n") == ["某某县工作规则", "第一章 总则"]
    assert (result.metadata["page:发文字号"], result.metadata["page:发文日期"]) == ("某政发〔2024〕7号", "2024年04月06日 16:40")


def test_a_headline_quoting_a_title_stands_alone():
    """A page's headline (文号《title》) is not joined to the title line below it."""
    text = normalise("某政发〔2014〕20号《某某省人民政府关于深化某某管理制度改革的实施意见》\n\n某某省人民政府关于深化某某管理制度改革的实施意见\n各市人民政府：\n一、总体要求").text
    assert text.split("\n")[:2] == ["某政发〔2014〕20号《某某省人民政府关于深化某某管理制度改革的实施意见》", "某某省人民政府关于深化某某管理制度改革的实施意见"]


def test_a_menu_bar_is_not_joined_to_the_title_below_it():
    """A wide menu line is not a wrapped sentence: the one-word items and the title below it stay
    out of it (the title line is the first line left)."""
    text = normalise(
        "微信公众号 联系我们 关于我们 客服热线:000-00000000   推广热线:000-00000000\n资讯\n频道\n"
        "当前位置:首页 > 资讯 > 关于公布某某考评结果的通知\n\n关于公布某某考评结果的通知\n\n各省卫生厅局:\n"
        "现将考评结果公布如下，请各地认真做好相关工作，进一步加强组织领导，巩固成果，完善长效机制，发挥示范作用。"
    ).text
    assert text.split("\n")[:2] == ["关于公布某某考评结果的通知", "各省卫生厅局:"]


def test_page_information_on_one_line_with_single_spaces_becomes_metadata():
    found = normalise("索引号:000000-0/2024-00001 发文机关:某某市卫生健康委员会 成文日期:2024年09月09日 文 号:无\n某某规划\n为推进工作，制定本规划。")
    assert found.metadata["page:发文机关"] == "某某市卫生健康委员会"
    assert found.metadata["page:成文日期"] == "2024年09月09日"
    assert found.text.split("\n")[0] == "某某规划"


TABLE_OF_CONTENTS = (
    "某某市卫生健康规划\n目 录\n第一章 规划背景 1\n一、发展基础 2\n二、面临形势 5\n第二章 总体要求 7\n"
    "第一章 规划背景\n一、发展基础\n某某工作取得成效。"
)


def test_a_table_of_contents_is_not_structure():
    text = normalise(TABLE_OF_CONTENTS).text
    assert text.split("\n") == ["某某市卫生健康规划", "第一章 规划背景", "一、发展基础", "某某工作取得成效。"]
    chapters = [node for node in parse_structure(text).nodes if node.kind == "chapter"]
    assert len(chapters) == 1


@pytest.mark.parametrize(
    "lines",
    [
        # two numbered lines ending in numbers: a list, not a table of contents
        ["一、床位数 500", "二、医师数 120", "要做好工作。"],
        # items whose text ends in a figure after a sentence mark stay
        ["一、今年完成，共 3", "二、明年完成，共 4", "三、后年完成，共 5"],
    ],
)
def test_lines_ending_in_numbers_are_kept(lines):
    text = normalise("某某工作的通知\n" + "\n".join(lines)).text
    assert text.split("\n")[1:] == lines


def test_page_information_cells_become_metadata():
    got = normalise("生效日期: | 2024-10-31 | 废止日期: | |\n文  号：\t国卫办医函〔2016〕936号\t主 题 词：\n标题\n一、目标").metadata
    assert got["page:生效日期"] == "2024-10-31"
    assert got["page:文号"] == "国卫办医函〔2016〕936号"
    assert page_info("一、加强管理：各地要落实") is None


DEBRIS = [
    ("突發(fā)急症", "突發急症"),
    ("急救醫(yī)療服務", "急救醫療服務"),
    ("衛(wèi)生健康", "衛生健康"),
    ("采用(GB)标准", "采用(GB)标准"),  # not pinyin
    ("情形(a)的", "情形(a)的"),  # no tone mark: kept
]


@pytest.mark.parametrize(("raw", "clean"), DEBRIS)
def test_converter_debris_is_removed(raw, clean):
    assert normalise(raw).text == clean


STANDALONE = [
    "联系人：某某处 张三",
    "电话：010-12345678",
    "传真：010-12345679",
    "邮箱：someone@example.org",
    "2016年8月29日",
    "2024-11-20 发布 2024-12-01 实施",
]


@pytest.mark.parametrize("line", STANDALONE)
def test_contact_and_date_lines_stand_alone(line):
    # The line before is as wide as the page (it would be joined to the next), yet these stay apart.
    wide = "各单位要及时将工作进展情况报送我委医政医管局并抄送有关单位以便汇总分析研判形势和" * 2
    text = normalise("\n".join([wide] * 6 + [line, "某某委员会办公厅"])).text
    assert line in text.split("\n")


# --- markers and structure -------------------------------------------------------------------

MARKERS = [
    ("第一條 爲了規範急救", "article", "第一条", "爲了規範急救"),  # folded to match, shown as printed
    ("第一章  總則", "chapter", "第一章", "總則"),
    ("附件：某某工作指南", "attachment", "附件", "某某工作指南"),
    ("附件2：某某表", "attachment", "附件2", "某某表"),
    # a web copy's attachment as a Markdown link (longer than a bare title may be)
    ("附件：[某某工作规范（2018 年版）](https://example.org/files/9c4139ddfd7244b0b810c48ad63e957e.pdf)",
     "attachment", "附件", "[某某工作规范（2018 年版）](https://example.org/files/9c4139ddfd7244b0b810c48ad63e957e.pdf)"),
    ("附录：", "attachment", "附录", ""),
    ("3.1", "std_clause", "3.1", ""),
    ("三", "cn_bare", "三", ""),
]


@pytest.mark.parametrize(("line", "name", "label", "rest"), MARKERS)
def test_markers(line, name, label, rest):
    match = match_marker(line)
    assert (match.marker.name, match.label, match.rest) == (name, label, rest)


@pytest.mark.parametrize("line", ["附件是指随文印发的材料。", "附录A给出了应用环境的参考示例。", "三个月内"])
def test_not_markers(line):
    match = match_marker(line)
    assert match is None or match.marker.name not in {"attachment", "annex", "cn_bare"}


def test_paragraph_after_items_is_its_own_paragraph():
    doc = parse_structure("第五条 有下列情形之一的，应当报告：\n（一）甲的；\n（二）乙的。\n有前款情形的，应当记录。")
    article = doc.nodes[0]
    kinds = [(c.kind, c.label) for c in article.children]
    assert kinds == [("paragraph", "第1款"), ("item", "（一）"), ("item", "（二）"), ("paragraph", "第2款")]
    assert article.children[-1].text == "有前款情形的，应当记录。"
    assert article.children[2].text == "乙的。"


def test_notice_without_parts_is_paragraphs_and_attachment_is_a_part():
    text = "为做好某项工作，现将有关事项通知如下。\n各地要认真组织实施。\n某某委员会办公厅\n2016年8月29日\n附件：某某工作指南"
    doc = parse_structure(text, require_structure=False)
    kinds = [(n.kind, n.label) for n in doc.nodes]
    assert kinds == [("paragraph", ""), ("paragraph", ""), ("annex", "附件"), ("closing", "")]
    assert doc.nodes[-1].paragraphs == ["某某委员会办公厅", "2016年8月29日"]


TOP_LEVEL = [
    # 1. items at the top of an article-less notice are its parts
    ("各有关单位：\n现提出以下要求：\n1. 充分认识意义\n要统一思想。\n2. 积极推进使用\n要做好培训。",
     [("heading", "1."), ("heading", "2.")]),
    # a work plan's 一、 parts with 1. items under them
    ("一、突出重点\n1.深化改革。要完善考核。\n2.强化保障。要加强投入。\n二、夯实基础\n1.加强队伍。",
     [("heading", "一、"), ("heading", "二、")]),
    # in an article-form text an item stays an item of its article
    ("第一条 有下列情形之一的：\n（一）甲；\n（二）乙。\n第二条 本办法自公布之日起施行。",
     [("article", "第一条"), ("article", "第二条")]),
    # an attachment starts its own part, after the numbered parts, and holds the attached text
    ("一、工作目标\n完成任务。\n二、工作要求\n要加强领导。\n附件1\n某某工作方案\n一、总体要求\n要做好。\n附件2\n某某统计表",
     [("heading", "一、"), ("heading", "二、"), ("annex", "附件1"), ("annex", "附件2")]),
    ("1. 充分认识意义\n要统一思想。\n2. 积极推进\n要做好培训。\n附件：某某中文版",
     [("heading", "1."), ("heading", "2."), ("annex", "附件")]),
]


@pytest.mark.parametrize(("text", "roots"), TOP_LEVEL)
def test_top_level_parts(text, roots):
    doc = parse_structure(text)
    assert [(n.kind, n.label) for n in doc.nodes if n.kind != "closing"] == roots


def test_a_signature_before_attached_documents_is_the_closing():
    text = "一、工作要求\n要加强领导。\n某某市卫生健康委员会\n2024年3月1日\n附件1\n某某工作方案\n一、总体要求\n要做好。"
    doc = parse_structure(text)
    assert [(n.kind, n.label) for n in doc.nodes] == [("heading", "一、"), ("closing", ""), ("annex", "附件1")]
    assert doc.nodes[0].text == "要加强领导。"
    assert doc.nodes[1].paragraphs == ["某某市卫生健康委员会", "2024年3月1日"]
    # attachments listed before the signature: the closing stays last
    listed = parse_structure("一、工作要求\n要加强领导。\n附件：某某统计表\n某某市卫生健康委员会\n2024年3月1日")
    assert [n.kind for n in listed.nodes] == ["heading", "annex", "closing"]


def test_a_covering_notice_issuing_two_documents_holds_each_as_a_part():
    from content.importer import issued_headings
    from content.parse.metadata import detect

    text = (
        "某市卫生委关于印发2016年某市卫生工作总结和2017年某市卫生工作要点的通知\n各有关单位：\n"
        "《2016年某市卫生工作总结》和《2017年某市卫生工作要点》已经委主任办公会议通过，现予以下发。\n某市卫生委\n2017年2月22日\n"
        "2016年某市卫生工作总结\n一、突出主题\n1.深化改革。完成了。\n2017年某市卫生工作要点\n一、深化改革\n1.推进改革。要做好。"
    )
    spec = detect(text)
    doc = parse_structure(text, issued_headings=issued_headings(spec, text))
    parts = [n for n in doc.nodes if n.kind == "part"]
    assert [p.heading for p in parts] == ["2016年某市卫生工作总结", "2017年某市卫生工作要点"]
    assert [[c.label for c in p.children] for p in parts] == [["一、"], ["一、"]]
    assert parts[0].children[0].children[0].text == "完成了。"  # the next document's heading is not in it
    # a document in article form, or a notice that prints no issued heading, is not split
    articles = "关于印发某某办法的通知\n各单位：\n现印发给你们。\n某委\n2017年2月22日\n某某办法\n第一条 为了。"
    assert issued_headings(detect(articles), articles) == frozenset()


def test_date_line_does_not_become_a_clause():
    text = normalise("首页 > 新闻\n2019.03.15\n某某工作的通知\n一、要求\n要做好。").text
    doc = parse_structure(text)
    assert [n.label for n in doc.walk() if n.label] == ["一、"]


# --- the development set ---------------------------------------------------------------------

# Documents whose structure counts and first labels all match the truth; a regression fails here.
STRUCTURE_PASS = [f"{i:03d}" for i in range(1, 33)]


def _structure(path) -> dict:
    from content.importer import read_documents

    parsed = read_documents(path)[-1].parsed
    nodes = list(parsed.walk())
    top = [n for n in parsed.nodes if n.kind not in ("preamble", "closing", "table", "paragraph")]
    return {
        "chapters": sum(n.kind == "chapter" for n in nodes),
        "articles": sum(n.kind == "article" for n in nodes),
        "parts": sum(1 for n in top if n.kind in ("heading", "clause", "part")),
        "attachments": sum(n.kind == "annex" for n in nodes),
        "first_labels": [n.label for n in nodes if n.label and n.kind not in ("paragraph", "table")],
    }


@pytest.mark.parametrize(
    ("path", "truth"),
    [pytest.param(p, t, id=p.name[:3]) for p, t in cases() if p.name[:3] in STRUCTURE_PASS],
)
def test_devset_structure(path, truth):
    expected = truth["structure"]
    got = _structure(path)
    for name in ("chapters", "articles", "parts", "attachments"):
        if name in expected:
            assert got[name] == expected[name], name
    labels = [label.replace("(", "（").replace(")", "）") for label in expected.get("first_labels", [])]
    got_labels = [label.replace("(", "（").replace(")", "）") for label in got["first_labels"][: len(labels)]]
    assert got_labels == labels


def test_a_long_joint_title_and_a_signature_row_stay_lines_of_their_own():
    from content.parse.normalise import normalise

    title = "甲部办公厅、乙部办公厅、丙部办公厅、丁协会办公厅、戊中央办公厅关于推进《某某年某某活动指导纲要》实施工作的意见"
    text = "\n".join(
        [
            title,
            "作者:某某网 时间:2024-07-04 13:00:20  浏览:9278   来源:某某网",
            "为落实某某纲要规定的工作任务，现提出如下意见。",
            "某某省卫生厅                        某某省发展和改革委员会",
            "某某省经济委员会                        某某省教育厅",
            "                                    二○○九年五月一日",
        ]
    )
    lines = normalise(text).text.split("\n")
    assert lines[0] == title
    assert lines[1].startswith("为落实")  # the page's author/time/views row is furniture
    assert lines[-1] == "二○○九年五月一日"
    assert lines[-3].startswith("某某省卫生厅") and lines[-3].endswith("某某省发展和改革委员会")


def test_a_body_run_into_one_line_is_cut_before_its_labels():
    from content.parse.normalise import normalise

    body = (
        "各有关单位: 为及时掌握各地学习贯彻某某会议精神、推进某项工作的进展情况，现就报送某项工作情况的具体要求通知如下。"
        " 一、报告的主要情况 1. 地方领导就某项工作的批示指示等;"
        " 2. 召开会议研究某项工作情况; 二、报告的时间方式 1. 文件出台3日内报告,其他材料及时报送;"
        " 2. 重要材料请以报告形式报告。"
    )
    lines = normalise('现就报送某项工作情况" />\n' + body).text.split("\n")
    assert lines[0].startswith("各有关单位")  # the tail of a <meta> tag is debris
    assert [line[:2] for line in lines[1:]] == ["一、", "1.", "2.", "二、", "1.", "2."]
    # prose with one stray space before a number stays one line
    prose = "某某工作要求如下。" * 20 + " 1. 某某。"
    assert normalise(prose).text == prose
