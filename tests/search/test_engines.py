"""One suite for every engine: the embedded engine always, Elasticsearch when ELASTICSEARCH_URL
points at a live cluster (this machine has none, so those cases skip with that reason)."""

import os
import uuid

import pytest

from search.engines.base import SearchRequest
from search.query import SynonymTable, parse_query
from search.units import make_unit

SYNONYMS = SynonymTable([["医疗联合体", "医联体"]])


def units():
    common = {"document_title": "医疗联合体管理办法（试行）", "level": "national", "issuers": ["国家卫生健康委员会"], "year": "2020"}
    return [
        make_unit("document", 1, title="医疗联合体管理办法（试行）", title_text="医疗联合体管理办法（试行） 国卫医发〔2020〕13号",
                  keys=["no:国卫医发-2020-13", "noy:2020-13", "nos:13"], scopes=["work:banfa"], **common),
        make_unit("clause", 14, title="第十四条", label="第十四条", scopes=["work:banfa"],
                  text="城市医疗集团和县域医共体应当加强医联体内资源共享，设置医学影像、检查检验中心。",
                  keys=["label:art:14", "in:no:国卫医发-2020-13"], **common),
        make_unit("clause", 15, title="第十五条", label="第十五条", scopes=["work:banfa"],
                  text="医保基金总额付费，加强医疗费用增长率\n\n监测。", keys=["label:art:15"], **common),
        make_unit("clause", 99, title="2.2 规范性引用文件", label="2.2", document_title="编制说明", level="provincial",
                  text="《紧密型县域医共体心电诊断中心设置标准》WS/T 892-2026", scopes=["work:shuoming"]),
        make_unit("term", 7, title="医疗联合体", title_text="医疗联合体 医联体", text="简称医联体。"),
        make_unit("obligation", 3, title="设立管理机构", text="应当设立医联体管理专门机构", modality="must",
                  duty_bearer="城市医疗集团", scopes=["work:banfa"], document_title="医疗联合体管理办法（试行）"),
    ]


def embedded_engine(tmp_path):
    from search.engines.embedded import EmbeddedEngine

    return EmbeddedEngine(tmp_path / "index")


def elasticsearch_engine(tmp_path):
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no live Elasticsearch cluster to test against")
    from search.engines.elasticsearch import ElasticsearchEngine

    engine = ElasticsearchEngine(url, index_name=f"yigongti-test-{uuid.uuid4().hex[:8]}")
    return engine


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request, tmp_path):
    factory = {"embedded": embedded_engine, "elasticsearch": elasticsearch_engine}[request.param]
    engine = factory(tmp_path)
    engine.rebuild(units())
    yield engine
    if request.param == "elasticsearch":
        engine.client.indices.delete(index=engine.index_name, ignore_unavailable=True)


def run(engine, query, **kwargs):
    return engine.search(SearchRequest(parse_query(query, SYNONYMS), **kwargs))


def ids(response):
    return [h.unit["id"] for h in response.hits]


def test_finds_two_character_word_inside_a_run(engine):
    assert ids(run(engine, "医保")) == ["clause:15"]


def test_phrase_across_line_break(engine):
    assert ids(run(engine, "增长率监测")) == ["clause:15"]


def test_traditional_query(engine):
    assert ids(run(engine, "醫保基金")) == ["clause:15"]


def test_label_with_document_words(engine):
    assert ids(run(engine, "医疗联合体管理办法 第十四条"))[0] == "clause:14"


def test_synonym_alternative_matches(engine):
    found = ids(run(engine, "医疗联合体 资源共享"))
    assert found[0] == "clause:14"


def test_doc_number_prefers_the_work_itself(engine):
    assert ids(run(engine, "国卫医发〔2020〕13号"))[:2] == ["document:1", "clause:14"]


def test_standard_code(engine):
    # Units built by make_unit get cite: keys from their text.
    assert ids(run(engine, "WS/T 892")) == ["clause:99"]


def test_filters_and_facets(engine):
    response = run(engine, "医联体", filters={"type": ["obligation"]})
    assert ids(response) == ["obligation:3"]
    everything = run(engine, "医联体")
    facets = dict(everything.facets["type"])
    # 医联体 ≡ 医疗联合体, which is also the title of the clauses' document.
    assert facets == {"document": 1, "clause": 2, "term": 1, "obligation": 1}
    assert dict(everything.facets["modality"]) == {"must": 1}


def test_pagination(engine):
    first = run(engine, "医联体", limit=2)
    second = run(engine, "医联体", limit=2, offset=2)
    assert first.total == second.total == 5
    assert not set(ids(first)) & set(ids(second))


def test_relaxed_fallback_matches_some_words(engine):
    strict = run(engine, "医保 心电")
    assert strict.total == 0
    relaxed = run(engine, "医保 心电", relaxed=True)
    assert set(ids(relaxed)) == {"clause:15", "clause:99"}


def test_delete_scope_and_count(engine):
    assert engine.count() == 6
    engine.delete_scope("work:banfa")
    assert engine.count() == 2
    assert ids(run(engine, "医保")) == []


def test_suggest_terms_and_titles(engine):
    labels = [s["label"] for s in engine.suggest("医疗")]
    assert set(labels) == {"医疗联合体", "医疗联合体管理办法（试行）"}


@pytest.mark.parametrize("query", ['"', "*", "AND (", "((", "】", "x" * 10_000, "。。。"])
def test_syntax_breaking_input_is_plain_text(engine, query):
    response = run(engine, query)
    assert response.total >= 0
