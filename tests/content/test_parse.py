"""The clause tree built from the founding corpus (pure parsing, no database)."""

import pytest

from content.parse.markers import cn_to_int
from content.parse.normalise import ParseError, decode, normalise
from content.parse.structure import parse_structure
from tests.conftest import corpus_file


def parse_file(prefix: str):
    return parse_structure(normalise(corpus_file(prefix).read_text(encoding="utf-8")).text)


def test_chinese_numerals():
    assert [cn_to_int(x) for x in ["一", "十", "十四", "二十一", "四十五", "一百零五", "③"]] == [1, 10, 14, 21, 45, 105, 3]


def test_file_004_has_six_parts_and_twenty_items():
    doc = parse_file("004")
    parts = [n for n in doc.nodes if n.kind == "heading"]
    assert [p.label for p in parts] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    items = [n for p in parts for n in p.children if n.kind == "item"]
    assert [i.number for i in items] == list(range(1, 21))
    # A heading printed twice in a row is kept once.
    assert parts[0].heading == "总体要求"


def test_pdf_line_break_is_rejoined():
    doc = parse_file("004")
    text = "".join(n.text for n in doc.walk())
    assert "城市公立三级医院对县域医共体要至少派出3名以上专家" in text


def test_bookmarks_and_page_furniture_dropped():
    for prefix in ["000", "003"]:
        text = normalise(corpus_file(prefix).read_text(encoding="utf-8")).text
        assert "[bookmark:" not in text
        assert "— 8 —" not in text


def test_measures_have_45_articles_in_6_chapters():
    doc = parse_file("003")
    chapters = [n for n in doc.nodes if n.kind == "chapter"]
    assert len(chapters) == 6
    articles = [n for n in doc.walk() if n.kind == "article"]
    assert [a.number for a in articles] == list(range(1, 46))
    art42 = doc.find("art42")
    assert "应当加强对医联体的监督管理" in art42.text


def test_table_is_rebuilt_with_its_header():
    doc = parse_file("000")
    table = next(n for n in doc.walk() if n.kind == "table")
    assert table.table[0] == ["姓名", "性别", "职务/职称", "工作单位", "任务分配"]
    assert table.table[1][:2] == ["宋扬", "男"]
    assert all(len(row) == 5 for row in table.table)


def test_markdown_law_with_chapters_and_articles():
    text = "## 第一章 总则\n\n第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于全省。\n\n## 第二章 附则\n\n第三条 本办法自发布之日起施行。\n"
    doc = parse_structure(normalise(text.replace("## ", "")).text)
    assert [n.label for n in doc.nodes] == ["第一章", "第二章"]
    assert [a.path for a in doc.walk() if a.kind == "article"] == ["art1", "art2", "art3"]


@pytest.mark.parametrize(
    "data, message",
    [(b"", "空文件"), (b"\x00\x01\x02PK", "二进制"), ("\ufffe非法".encode("utf-16-le") * 50, "编码")],
)
def test_bad_bytes_are_refused(data, message):
    with pytest.raises(ParseError, match=message):
        decode(data, "x.txt")


def test_gbk_text_is_decoded():
    assert decode("第一条 医共体应当建立章程。".encode("gbk")) == "第一条 医共体应当建立章程。"


def test_title_lines_are_not_kept_in_the_preamble():
    from content.parse.metadata import DocumentSpec, strip_title_lines

    template = parse_file("002")
    title = "XX县县域紧密型医共体建设试点工作实施方案"
    preamble = strip_title_lines(template.preamble, DocumentSpec(title=title))
    # The first line repeats the title and an excerpt ending in "..."; only the real text stays.
    assert preamble[0].startswith("为进一步深化医药卫生体制改革")
    notes = parse_file("000")
    assert notes.preamble == ["辽宁省地方标准《紧密型县域医疗卫生共同体管理规范》编制说明"]


def test_salutation_broken_across_lines_is_rejoined():
    opinion = parse_file("004")
    assert "国务院各部委、各直属机构：" in opinion.preamble[1]
