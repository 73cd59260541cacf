"""Pure request building for the Elasticsearch engine: no cluster needed."""

from search.engines.base import FACETS, SearchRequest
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    index_settings,
    parse_response,
    search_body,
    suggest_body,
    unit_source,
)
from search.query import SynonymTable, parse_query
from search.units import make_unit


def request(query, **kwargs):
    return SearchRequest(parse_query(query, SynonymTable([["医疗联合体", "医联体"]])), **kwargs)


def inner(body):
    """The query under the type prior."""
    return body["query"]["function_score"]["query"]


def test_type_prior_halves_obligations():
    body = search_body(request("医保"))
    functions = body["query"]["function_score"]["functions"]
    assert functions == [{"filter": {"term": {"f_type": "obligation"}}, "weight": 0.5}]


def test_mapping_uses_cjk_with_unigram_subfield_and_keywords():
    mapping = index_settings()["mappings"]["properties"]
    assert mapping["body"]["analyzer"] == "cjk"
    assert mapping["body"]["fields"]["uni"]["analyzer"] == "standard"
    assert mapping["document_number"]["type"] == "keyword"
    assert mapping["keys"]["type"] == "keyword"
    assert all(mapping[f"f_{f}"]["type"] == "keyword" for f in FACETS)
    assert index_settings(ik=True)["mappings"]["properties"]["title"]["analyzer"] == "ik_max_word"


def test_unit_source_folds_and_joins_line_breaks():
    unit = make_unit("clause", 5, title="第五条", text="醫保基金\n\n总额付费", issuers=["财政部"], scopes=["work:x"])
    source = unit_source(unit)
    assert source["body"] == "医保基金总额付费"
    assert "type:clause" in source["keys"] and "work:x" in source["keys"]
    assert source["f_issuer"] == ["财政部"] and source["f_type"] == ["clause"]
    assert source["data"]["id"] == "clause:5"


def test_words_match_all_bigrams_in_every_field_and_synonyms_are_alternatives():
    body = search_body(request("医联体 医保"))
    must = inner(body)["bool"]["must"]
    assert len(must) == 2
    matches = [c["match"] for c in must[0]["bool"]["should"]]
    assert {"title", "context", "body"} == {next(iter(m)) for m in matches}
    assert {m[next(iter(m))]["query"] for m in matches} == {"医疗联合体", "医联体"}
    assert all(m[next(iter(m))]["operator"] == "and" for m in matches)


def test_multi_word_segment_is_boosted_as_a_title_phrase():
    body = search_body(request("县域医共体章程"))
    should = inner(body)["bool"]["should"]
    assert should == [{"bool": {"should": [{"match_phrase": {"title": {"query": "县域医共体章程", "boost": 6.0}}}], "minimum_should_match": 1}}]
    assert body["track_total_hits"] is True
    assert set(body["aggs"]) == set(FACETS)


def test_single_character_uses_unigram_subfield():
    body = search_body(request("药"))
    clause = inner(body)["bool"]["must"][0]["bool"]["should"][0]
    assert "body.uni" in str(clause) or "title.uni" in clause["match"]


def test_identifiers_become_key_terms_with_boosts():
    body = search_body(request("41号文"))
    should = inner(body)["bool"]["must"][0]["bool"]["should"]
    values = [s["term"]["keys"]["value"] if isinstance(s["term"]["keys"], dict) else s["term"]["keys"] for s in should]
    assert values == ["nos:41", "in:nos:41", "cite:nos:41"]


def test_filters_pagination_and_relaxed_mode():
    body = search_body(request("医保 心电", filters={"type": ["clause"], "bogus": ["x"]}, offset=20, limit=10, relaxed=True))
    public_only = {"bool": {"should": [{"bool": {"must_not": [{"term": {"keys": "audience:restricted"}}]}}], "minimum_should_match": 1}}
    assert inner(body)["bool"]["filter"] == [{"terms": {"f_type": ["clause"]}}, public_only]
    assert body["from"] == 20 and body["size"] == 10
    assert inner(body)["bool"]["minimum_should_match"] == 1
    assert "must" not in inner(body)["bool"]


def test_empty_query_builds_nothing_but_filters_browse():
    assert search_body(request("")) is None
    browse = search_body(request("", filters={"level": ["national"]}))
    assert inner(browse)["bool"]["must"] == [{"match_all": {}}]


def test_suggest_body_and_response_parsing():
    assert suggest_body("  ", 5) is None
    body = suggest_body("医疗", 5)
    assert body["query"]["bool"]["filter"] == [{"terms": {"f_type": ["term", "document"]}}]
    raw = {
        "hits": {"total": {"value": 1}, "hits": [{"_score": 2.5, "_source": {"data": {"id": "term:1", "type": "term", "title": "医疗联合体"}}}]},
        "aggregations": {"type": {"buckets": [{"key": "term", "doc_count": 1}]}},
    }
    response = parse_response(raw)
    assert response.total == 1 and response.hits[0].unit["id"] == "term:1"
    assert response.facets == {"type": [("term", 1)]}


class FakeIndices:
    def __init__(self):
        self.created = None

    def exists(self, index):
        return False

    def create(self, index, **body):
        self.created = (index, body)

    def refresh(self, index):
        pass


class FakeClient:
    def __init__(self):
        self.indices = FakeIndices()
        self.searches = []

    class cat:  # noqa: N801 — mirrors the client's namespace
        @staticmethod
        def plugins(format):
            return [{"component": "analysis-ik"}]

    def search(self, index, **body):
        self.searches.append(body)
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}


def test_engine_creates_index_with_ik_when_present_and_sends_built_body():
    client = FakeClient()
    engine = ElasticsearchEngine("http://es.invalid:9200", index_name="t", client=client)
    response = engine.search(request("医保"))
    assert response.total == 0
    index, body = client.indices.created
    assert index == "t" and body["mappings"]["properties"]["body"]["analyzer"] == "ik_max_word"
    assert client.searches[0] == search_body(request("医保"))


def test_audiences_filter_inside_the_query():
    from dataclasses import replace

    from search.engines.elasticsearch import unit_source

    base = request("医保")
    restricted = {"bool": {"must_not": [{"term": {"keys": "audience:restricted"}}]}}
    drafting = replace(base, audiences=frozenset({"public", "drafting:7"}))
    assert inner(search_body(drafting))["bool"]["filter"] == [
        {"bool": {"should": [restricted, {"terms": {"keys": ["audience:drafting:7"]}}], "minimum_should_match": 1}}
    ]
    assert inner(search_body(replace(base, audiences=None)))["bool"]["filter"] == []
    unit = {"id": "x:1", "type": "x", "audience": "drafting:7"}
    assert {"audience:restricted", "audience:drafting:7"} <= set(unit_source(unit)["keys"])
    assert not [k for k in unit_source({**unit, "audience": "public"})["keys"] if k.startswith("audience:")]
