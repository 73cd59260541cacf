"""The one identifier grammar (content.parse.identifiers), driven by tables of cases.

Each table row is input → what a user would see: the normal form stored on a work and shown on
its page, the parts a resolver compares, the path a clause link points at.
"""

import pytest

from content.parse.identifiers import (
    cn_to_int,
    find_doc_numbers,
    find_standard_codes,
    int_to_cn,
    is_placeholder_doc_number,
    normalise_doc_number,
    normalise_standard_code,
    parse_clause_label,
    parse_doc_number,
    parse_numeral,
)
from search.identifiers import find_identifiers, keys_for_doc_number, keys_for_standard_code

# --- 文号 ------------------------------------------------------------------------------------
# (as printed, normal form, (form, issuer, year, serial), placeholder)
DOC_NUMBERS = [
    ("国卫基层发〔2023〕41号", "国卫基层发〔2023〕41号", ("bracket", "国卫基层发", "2023", "41"), False),
    ("国办发[2015]70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国办发［2015］70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国办发（2015）70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国办发(2015)70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国办发【2015】70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国办发﹝2015﹞70号", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("辽人社发〔2022〕第4号", "辽人社发〔2022〕4号", ("bracket", "辽人社发", "2022", "4"), False),
    ("国卫医发〔2020〕013号", "国卫医发〔2020〕13号", ("bracket", "国卫医发", "2020", "13"), False),
    ("国卫医发 〔2020〕 13 号", "国卫医发〔2020〕13号", ("bracket", "国卫医发", "2020", "13"), False),
    ("国卫办基层函〔２０２６〕１８４号", "国卫办基层函〔2026〕184号", ("bracket", "国卫办基层函", "2026", "184"), False),
    # traditional characters: 號 and 發 (and the rest of the issuer code) are simplified
    ("國辦發〔2015〕70號", "国办发〔2015〕70号", ("bracket", "国办发", "2015", "70"), False),
    ("国卫基层发〔2023〕41號", "国卫基层发〔2023〕41号", ("bracket", "国卫基层发", "2023", "41"), False),
    # 令 and 公告 forms: serial in digits, 第 kept as these forms print it
    ("国家卫生健康委员会令第2号", "国家卫生健康委员会令第2号", ("order", "国家卫生健康委员会令", "", "2"), False),
    ("中华人民共和国主席令第八十一号", "中华人民共和国主席令第81号", ("order", "中华人民共和国主席令", "", "81"), False),
    ("国务院令（第732号）", "国务院令第732号", ("order", "国务院令", "", "732"), False),
    # an order of two bodies, its serial before 令
    ("某某监管局、某某总署第4号令", "某某监管局、某某总署第4号令", ("joint_order", "某某监管局、某某总署", "", "4"), False),
    (
        "国家卫生健康委员会公告2023年第5号",
        "国家卫生健康委员会公告2023年第5号",
        ("announcement", "国家卫生健康委员会公告", "2023", "5"),
        False,
    ),
    # placeholders in templates, in any position and width
    ("X政办〔20XX〕X号", "X政办〔20XX〕X号", ("bracket", "X政办", "20XX", "X"), True),
    ("ｘ政办〔20ｘｘ〕ｘ号", "X政办〔20XX〕X号", ("bracket", "X政办", "20XX", "X"), True),
    ("某卫发〔2024〕XX号", "某卫发〔2024〕XX号", ("bracket", "某卫发", "2024", "XX"), True),
    ("某卫发〔20××〕1号", "某卫发〔20XX〕1号", ("bracket", "某卫发", "20XX", "1"), True),
    ("国办发〔2017〕32号", "国办发〔2017〕32号", ("bracket", "国办发", "2017", "32"), False),
]


@pytest.mark.parametrize(("printed", "normal", "parts", "placeholder"), DOC_NUMBERS)
def test_doc_numbers(printed, normal, parts, placeholder):
    number = parse_doc_number(printed)
    assert number is not None
    assert (number.form, number.issuer, number.year, number.serial) == parts
    assert number.normal == normal == normalise_doc_number(printed)
    assert number.placeholder is placeholder is is_placeholder_doc_number(printed)
    # normalising is idempotent: a stored 文号 parses to itself
    assert normalise_doc_number(normal) == normal


@pytest.mark.parametrize("text", ["不是文号", "", "2023年41号", "〔2023〕", "到2025年底", "第十四条"])
def test_non_doc_numbers(text):
    assert normalise_doc_number(text) == ""
    assert find_doc_numbers(text) == []


def test_doc_numbers_in_running_text_lose_their_left_context():
    text = "根据国卫基层发〔2023〕41号和国务院令第732号，执行国家卫生健康委员会公告2023年第5号的要求"
    found = find_doc_numbers(text)
    assert [n.normal for n in found] == [
        "国卫基层发〔2023〕41号",
        "国务院令第732号",
        "国家卫生健康委员会公告2023年第5号",
    ]
    assert [text[n.start : n.end] for n in found] == ["国卫基层发〔2023〕41号", "国务院令第732号", "国家卫生健康委员会公告2023年第5号"]


ORDERS_AFTER_DATES = [
    # a date printed right before an order is no part of its issuer; nor is 原 (the former body)
    ("2014年7月30日原国家某某监督管理总局令第8号公布", "国家某某监督管理总局令第8号"),
    ("2008年1月31日国务院令第517号公布", "国务院令第517号"),
    ("一九九〇年六月四日国家教育委员会令第10号", "国家教育委员会令第10号"),
    ("经原卫生部令第1号发布", "卫生部令第1号"),
    ("2020年3月1日日照市人民政府令第3号", "日照市人民政府令第3号"),
    # a place whose name starts with 日 or 原 keeps it
    ("日照市人民政府令第3号", "日照市人民政府令第3号"),
    ("原州区人民政府令第3号", "原州区人民政府令第3号"),
]


@pytest.mark.parametrize(("text", "normal"), ORDERS_AFTER_DATES)
def test_an_order_after_a_date_loses_the_date(text, normal):
    (found,) = find_doc_numbers(text)
    assert (found.normal, text[found.start : found.end]) == (normal, normal)


# --- standard codes ---------------------------------------------------------------------------
# (as printed, normal form)
STANDARD_CODES = [
    ("GB/T 27775-2011", "GB/T 27775-2011"),
    ("GB/T27775—2011", "GB/T 27775-2011"),
    ("gb/t 27775–2011", "GB/T 27775-2011"),
    ("ＧＢ／Ｔ　２７７７５－２０１１", "GB/T 27775-2011"),
    ("GB 2626-2019", "GB 2626-2019"),
    ("GB/Z 43115-2023", "GB/Z 43115-2023"),
    ("GBZ 2.1-2019", "GBZ 2.1-2019"),
    ("GB/T 1.1-2020", "GB/T 1.1-2020"),
    ("WS 308-2019", "WS 308-2019"),
    ("WS/T 892-2026", "WS/T 892-2026"),
    ("WS/T 892", "WS/T 892"),
    ("DB21/T 3456-2025", "DB21/T 3456-2025"),
    ("DB21/T3456—2025", "DB21/T 3456-2025"),
    ("T/CHIA 12-2020", "T/CHIA 12-2020"),
    ("JGJ 1-2011", "JGJ 1-2011"),
    ("JGJ/T 177-2009", "JGJ/T 177-2009"),
    ("JJF 1059.1-2012", "JJF 1059.1-2012"),
    ("JJG 1036-2008", "JJG 1036-2008"),
    ("YY 0505-2012", "YY 0505-2012"),
    ("YY/T 0287-2017", "YY/T 0287-2017"),
    ("执行GB 2626-2019.", "GB 2626-2019"),
    ("文号", ""),
    ("第14条", ""),
]


@pytest.mark.parametrize(("printed", "normal"), STANDARD_CODES)
def test_standard_codes(printed, normal):
    assert normalise_standard_code(printed) == normal
    if normal:
        assert normalise_standard_code(normal) == normal


def test_running_text_needs_a_year_or_a_slash_family_to_tell_a_code():
    text = "按照GB/T 27775-2011和WS 308-2019，床位GB 100张"
    assert [c.normal for c in find_standard_codes(text, strict=True)] == ["GB/T 27775-2011", "WS 308-2019"]
    found = find_standard_codes("依据ＧＢ／Ｔ　２７７７５－２０１１", strict=True)[0]
    assert "依据ＧＢ／Ｔ　２７７７５－２０１１"[found.start : found.end] == "ＧＢ／Ｔ　２７７７５－２０１１"


# --- where the resolver's and search's grammars used to disagree -------------------------------
# Each of these was read by one of the two old normalisers and missed (or read differently) by
# the other; now the stored normal form and the search keys come from the same parse.
DISAGREED = [
    ("JJF 1059.1-2012", "JJF 1059.1-2012", ("code:jjf1059.1", "code:jjf1059.1-2012")),
    ("T/CHIA 12-2020", "T/CHIA 12-2020", ("code:t/chia12", "code:t/chia12-2020")),
    ("JGJ 1-2011", "JGJ 1-2011", ("code:jgj1", "code:jgj1-2011")),
    ("国卫基层发〔2023〕41號", "国卫基层发〔2023〕41号", ("no:国卫基层发-2023-41", "noy:2023-41", "nos:41")),
    ("国办发﹝2015﹞70号", "国办发〔2015〕70号", ("no:国办发-2015-70", "noy:2015-70", "nos:70")),
    ("京卫医〔2020〕1号", "京卫医〔2020〕1号", ("no:京卫医-2020-1", "noy:2020-1", "nos:1")),
    ("国卫办函〔2023〕10234号", "国卫办函〔2023〕10234号", ("no:国卫办函-2023-10234", "noy:2023-10234", "nos:10234")),
    ("國辦發〔2015〕70號", "国办发〔2015〕70号", ("no:国办发-2015-70", "noy:2015-70", "nos:70")),
]


@pytest.mark.parametrize(("printed", "normal", "keys"), DISAGREED)
def test_resolver_and_search_agree(printed, normal, keys):
    stored = normalise_doc_number(printed) or normalise_standard_code(printed)
    assert stored == normal
    found = find_identifiers(printed)
    assert len(found) == 1 and found[0].keys == keys
    # the work stores the normal form; the index keys it; the query's keys meet it
    stored_keys = keys_for_doc_number(stored) or keys_for_standard_code(stored)
    assert set(keys) <= set(stored_keys)


# --- clause labels ----------------------------------------------------------------------------
# (as printed, parts, path)
CLAUSE_LABELS = [
    ("第十四条", (("art", 14),), "art14"),
    ("第14条", (("art", 14),), "art14"),
    ("第１４条", (("art", 14),), "art14"),
    ("第一百零五条", (("art", 105),), "art105"),
    ("第十四条第二款", (("art", 14), ("para", 2)), "art14-p2"),
    ("第十四条第二款第三项", (("art", 14), ("para", 2), ("item", 3)), "art14-p2-i3"),
    ("第三章", (("ch", 3),), "ch3"),
    ("第二节", (("sec", 2),), "sec2"),
    ("第二编", (("part", 2),), "pt2"),
    ("专栏一", (("box", 1),), "box1"),
    ("专栏 12", (("box", 12),), "box12"),
    ("附录A", (("annex", "A"),), "appA"),
    ("附录 b", (("annex", "B"),), "appB"),
    ("（一）", (("paren", 1),), "1"),
    ("(十二)", (("paren", 12),), "12"),
    ("一、", (("outline", 1),), "s1"),
    ("5.2.1", (("num", "5.2.1"),), "5.2.1"),
    ("A.1", (("num", "A.1"),), "A.1"),
]


@pytest.mark.parametrize(("printed", "parts", "path"), CLAUSE_LABELS)
def test_clause_labels(printed, parts, path):
    label = parse_clause_label(printed)
    assert label is not None
    assert label.parts == parts
    assert label.path == path


@pytest.mark.parametrize("text", ["", "第条", "附录", "本办法", "5", "GB/T 27775-2011", "第十四条的规定"])
def test_non_labels(text):
    assert parse_clause_label(text) is None


# --- numerals ----------------------------------------------------------------------------------
NUMERALS = [
    ("零", 0), ("〇", 0), ("一", 1), ("两", 2), ("十", 10), ("十一", 11), ("十四", 14), ("二十", 20),
    ("二十一", 21), ("四十五", 45), ("一百", 100), ("一百零五", 105), ("一百五十", 150), ("两百", 200),
    ("一千零一", 1001), ("12", 12), ("１２", 12), ("③", 3), ("⑳", 20),
]


@pytest.mark.parametrize(("printed", "value"), NUMERALS)
def test_numerals(printed, value):
    assert cn_to_int(printed) == value


@pytest.mark.parametrize("text", ["", "条", "一二三a", "十-", "1.5"])
def test_non_numerals_raise_one_error_type(text):
    with pytest.raises(ValueError):
        cn_to_int(text)
    assert parse_numeral(text) is None


def test_numbers_print_as_labels_do():
    assert [int_to_cn(n) for n in (1, 10, 14, 20, 105)] == ["一", "十", "十四", "二十", "一百零五"]
