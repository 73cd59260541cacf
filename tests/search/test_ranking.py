"""Re-ranking of relaxed hits by coverage (search.ranking): pure, no database."""

from search.engines.base import Hit
from search.query import parse_query
from search.ranking import RERANK_WINDOW, coverage, rerank
from search.units import make_unit


def test_a_unit_holding_more_of_the_query_outranks_a_higher_scoring_one_word_unit():
    parsed = parse_query("医疗纠纷 行政调解 期限")
    term = make_unit("term", 1, title="医疗纠纷", title_text="医疗纠纷", text="医疗纠纷是指医患双方因诊疗活动引发的争议。")
    chapter = make_unit("clause", 2, title="第三章 医疗纠纷处理", heading="医疗纠纷处理", text="")
    answer = make_unit(
        "clause", 3, title="第四十条", document_title="医疗纠纷预防和处理条例",
        text="卫生主管部门应当自收到申请之日起5个工作日内作出是否受理的决定。行政调解应当自受理之日起30个工作日内完成，期限届满未达成调解协议的，视为调解不成。",
    )
    hits = [Hit(term, 370.0), Hit(chapter, 330.0), Hit(answer, 190.0)]
    assert [h.unit["id"] for h in rerank(hits, parsed.concepts)] == ["clause:3", "term:1", "clause:2"]
    assert coverage(answer, [c.alternatives for c in parsed.concepts]) == 1.0


def test_the_document_title_counts_and_ties_keep_the_engine_order():
    parsed = parse_query("医保基金 条例 施行")
    inside = make_unit("clause", 1, title="第五十条", document_title="医疗保障基金使用监督管理条例", text="本条例自2021年5月1日起施行。")
    other = make_unit("clause", 2, title="第五十条", document_title="某某管理条例", text="本条例自公布之日起施行。")
    same = make_unit("clause", 3, title="第五十一条", document_title="某某管理条例", text="本条例自公布之日起施行。")
    ranked = rerank([Hit(other, 10.0), Hit(same, 10.0), Hit(inside, 9.0)], parsed.concepts)
    assert [h.unit["id"] for h in ranked] == ["clause:1", "clause:2", "clause:3"]


def test_only_the_fixed_window_is_reordered_and_one_word_queries_are_untouched():
    parsed = parse_query("行政调解 期限")
    weak = make_unit("clause", 1, text="无关的文字")
    strong = make_unit("clause", 2, text="行政调解的期限")
    hits = [Hit(weak, 5.0)] * RERANK_WINDOW + [Hit(strong, 1.0)]
    assert rerank(hits, parsed.concepts)[-1].unit["id"] == "clause:2"  # beyond the window: kept
    one = parse_query("期限")
    assert rerank([Hit(weak, 5.0), Hit(strong, 1.0)], one.concepts)[0].unit["id"] == "clause:1"


def test_a_documents_second_overview_waits_behind_the_clauses():
    from search.ranking import DEFER, diversify

    def g(type_, pk, doc):
        return [Hit(make_unit(type_, pk, document_title=doc, document_key=doc), 1.0)]

    groups = [
        g("term", 1, "甲"), g("term", 2, "甲"), g("document", 3, "甲"), g("term", 4, "乙"),
        *[g("clause", n, "甲") for n in range(10, 10 + DEFER + 2)],
    ]
    order = [grp[0].unit["id"] for grp in diversify(groups)]
    # one overview per document up front; 甲's second and third come DEFER results later
    assert order[:2] == ["term:1", "term:4"]
    assert order.index("term:2") >= DEFER and order.index("document:3") > order.index("term:2")
    assert [i for i in order if i.startswith("clause")] == [f"clause:{n}" for n in range(10, 10 + DEFER + 2)]
    assert sorted(order) == sorted(grp[0].unit["id"] for grp in groups)  # nothing lost
