"""Colloquial questions (怎么, 多久, 几年 …): the question words are not required in a hit, the
measure asked for only adds to the score, and a query of few full matches is filled with partial
ones. Words come from search/data/question_words.toml; the cases are questions a county official
types (bench/devset holds the real ones with their answering clauses)."""

import pytest

from search.engines.base import SearchRequest
from search.query import parse_query, split_question
from tests.search.test_engines import SYNONYMS, engine, ids  # noqa: F401  (the engine fixture)


def words(parsed):
    return [c.alternatives[0] for c in parsed.concepts]


def optional(parsed):
    return [c.alternatives for c in parsed.optional]


@pytest.mark.parametrize(
    ("query", "required", "asked"),
    [
        ("护士执业注册有效期几年", ["护士", "执业", "注册", "有效期"], [("年",)]),
        ("变更执业地点 多少天内办理", ["变更", "执业", "地点", "办理"], [("天", "日"), ("内",)]),
        ("医疗机构执业许可证 多久校验一次", ["医疗机构", "执业", "许可证", "校验"], [("一次",)]),
        ("公共场所 卫生监督 谁负责", ["公共场所", "卫生", "监督", "负责"], []),
        ("处方药 能不能 在电视上做广告", ["处方药", "电视", "上", "做广告"], []),
        ("月计薪天数 是多少", ["月", "计薪", "天数"], []),
        ("监管条例 什么时候施行", ["监管", "条例", "施行"], []),
        ("医疗救助 谁来审批", ["医疗", "救助", "审批"], []),
        ("培训经费谁出", ["培训", "经费"], [("出",)]),  # the question's light verb: optional
        ("双向转诊 怎么转", ["双向", "转诊"], [("转",)]),
    ],
)
def test_question_words_are_dropped_and_the_measure_is_optional(query, required, asked):
    parsed = parse_query(query)
    assert words(parsed) == required
    assert optional(parsed) == asked


def test_question_words_only_on_word_boundaries_and_a_bare_question_is_kept():
    assert words(parse_query("任何时候")) == ["任何", "时候"]  # 何时 inside a word is not a question
    assert words(parse_query("吗啡 管理")) == ["吗啡", "管理"]
    assert words(parse_query("多久")) == ["多久"]  # nothing else to search for: searched as typed
    assert split_question("双向转诊") == (["双向转诊"], [])


def test_a_question_word_splits_the_phrase():
    parsed = parse_query("乡村医生考核不合格怎么办")
    assert "怎么办" not in "".join(parsed.phrases)
    assert parsed.phrases == ["乡村医生考核不合格"]


def test_question_query_finds_the_clause_without_the_question_word(engine):  # noqa: F811
    # Without dropping 怎么 no unit holds every word and only a relaxed query finds anything.
    response = engine.search(SearchRequest(parse_query("医保基金 总额付费 怎么 付费", SYNONYMS)))
    assert ids(response)[:1] == ["clause:15"]
    assert response.total == 1


def test_optional_measure_ranks_the_unit_that_has_it_first(tmp_path):
    from search.engines.embedded import EmbeddedEngine
    from search.units import make_unit

    index = EmbeddedEngine(tmp_path / "index")
    index.rebuild(
        [
            make_unit("clause", 1, title="第一条", text="护士执业注册由主管部门办理。"),
            make_unit(
                "clause",
                2,
                title="第二条",
                text="护士执业注册有效期为5年，有效期届满需要继续执业的，应当在有效期届满前30日"
                "向执业地主管部门申请延续注册。",
            ),
        ]
    )
    assert ids(index.search(SearchRequest(parse_query("护士执业注册")))) == ["clause:1", "clause:2"]
    asked = index.search(SearchRequest(parse_query("护士执业注册 几年")))
    assert ids(asked) == ["clause:2", "clause:1"]  # both kept: 年 is not required


@pytest.mark.django_db
def test_few_full_matches_are_followed_by_partial_ones(search_index):
    """派驻 医生: few clauses hold both words; the clauses that answer say 派出 … 人员, so they
    come after the full matches instead of not at all (the page says so)."""
    from content.models import Clause, Work
    from search.service import search
    from tests.search.query_table import N41

    result = search("派驻 医生 多久", per_page=10, facets=False)
    assert not result.relaxed and "部分匹配" in result.message
    answers = {
        f"clause:{c.pk}"
        for c in Clause.objects.filter(version__work=Work.objects.get(key=N41), version__is_current=True, path__in=["s2-3", "s2-4"])
    }
    ids_ = [h["id"] for h in result.hits]
    assert answers & set(ids_)
    # the full matches come first: each holds 医生 and one of 派驻/派出/下派/选派
    full = int("".join(ch for ch in result.message.split("条")[0] if ch.isdigit()))
    for hit in result.hits[:full]:
        text = hit["title"] + hit["text"] + hit["document_title"]
        assert "医生" in text and any(w in text for w in ("派驻", "派出", "下派", "选派"))
    # a query with an identifier is not filled: it asks for exactly that
    exact = search("医疗联合体管理办法 第十四条", per_page=10, facets=False)
    assert exact.total == 1 and not exact.message
