"""Pure analysis, identifiers, query understanding and highlighting (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import fold, join_han_breaks, segment_for_wagtail, tokens
from search.highlight import highlight, match_spans, snippet
from search.identifiers import (
    find_identifiers,
    keys_for_doc_number,
    keys_for_standard_code,
    label_key,
)
from search.query import SynonymTable, parse_query


def test_fold_is_length_preserving_and_simplifies():
    assert fold("醫保基金") == "医保基金"
    assert fold("ＷＳ／Ｔ　８９２") == "ws/t 892"
    text = "國務院辦公廳關於醫療聯合體"
    assert len(fold(text)) == len(text)


def test_han_runs_continue_across_pdf_line_breaks():
    bi, uni = tokens("国务院各部\n\n委、各直属机构")
    assert "部委" in bi
    assert uni[:6] == ["国", "务", "院", "各", "部", "委"]
    assert join_han_breaks("建\n\n设，是提高") == "建设,是提高"  # folded: full-width comma → ,


def test_tokens_give_bigrams_unigrams_and_latin_words():
    bi, uni = tokens("医保基金 WS/T 892-2026")
    assert bi == ["医保", "保基", "基金", "ws", "t", "892", "2026"]
    assert uni[:4] == ["医", "保", "基", "金"]
    assert tokens("药")[0] == ["药"]


def test_segment_for_wagtail_has_bigrams_and_characters():
    words = segment_for_wagtail("医保基金").split()
    assert {"医保", "保基", "基金", "医", "金"} <= set(words)


@pytest.mark.parametrize(
    "query,keys",
    [
        ("国卫基层发〔2023〕41号", ("no:国卫基层发-2023-41", "noy:2023-41", "nos:41")),
        ("41号文", ("nos:41",)),
        ("〔2023〕41号", ("noy:2023-41", "nos:41")),
        ("辽卫发[2024]37号", ("no:辽卫发-2024-37", "noy:2024-37", "nos:37")),
        ("WS/T 892", ("code:ws/t892",)),
        ("GB/T27775", ("code:gb/t27775",)),
        ("GB/T 27775-2011", ("code:gb/t27775", "code:gb/t27775-2011")),
        ("第十四条", ("label:art:14",)),
        ("第14条", ("label:art:14",)),
        ("5.2.1", ("label:num:5.2.1",)),
        ("专栏二", ("label:box:2",)),
    ],
)
def test_identifiers_are_recognised_exactly(query, keys):
    found = find_identifiers(query)
    assert len(found) == 1
    assert found[0].keys == keys


def test_placeholder_numbers_and_plain_years_are_not_identifiers():
    assert find_identifiers("X政办〔20XX〕X号") == []
    assert find_identifiers("到2025年底") == []


def test_work_keys_and_labels():
    assert "no:国卫医发-2020-13" in keys_for_doc_number("国卫医发〔2020〕13号")
    assert keys_for_standard_code("GB/T 27775-2011")[-1] == "code:gb/t27775-2011"
    assert label_key("第四十五条") == "label:art:45"
    assert label_key("（一）") == ""


def test_query_combines_words_labels_and_synonyms():
    table = SynonymTable([["医疗联合体", "医联体"]])
    parsed = parse_query("医联体管理办法 第十四条", table)
    assert [i.keys for i in parsed.identifiers] == [("label:art:14",)]
    first = parsed.concepts[0]
    assert first.from_glossary and set(first.alternatives) == {"医疗联合体", "医联体"}
    assert "管理" in [a for c in parsed.concepts for a in c.alternatives]


def test_synonym_groups_merge_transitively():
    table = SynonymTable([["紧密型县域医疗卫生共同体", "县域医共体"], ["县域医共体", "县域医疗卫生共同体"]])
    assert set(table.groups["县域医疗卫生共同体"]) == {"紧密型县域医疗卫生共同体", "县域医共体", "县域医疗卫生共同体"}


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "AND (", "((", "】】【", "。，、；", "\x00\x01", "x" * 10_000])
def test_bad_queries_parse_without_error(query):
    parsed = parse_query(query)
    assert len(parsed.concepts) <= 16


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_and_highlights(text):
    parsed = parse_query(text)
    snippet(text, parsed.highlight_terms())
    tokens(text)


def test_highlight_marks_folded_matches_and_escapes():
    html = highlight("<b>醫保</b>基金", ["医保"])
    assert html == "&lt;b&gt;<mark>醫保</mark>&lt;/b&gt;基金"
    assert match_spans("国务院各部\n委", ["部委"]) == [(4, 7)]


def test_snippet_centres_on_matches():
    text = "甲" * 300 + "医保基金总额付费" + "乙" * 300
    out = snippet(text, ["医保"], width=60)
    assert "<mark>医保</mark>" in out and out.startswith("…") and out.endswith("…")
