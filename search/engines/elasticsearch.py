"""The Elasticsearch engine (8 and 9, official client), used when ``ELASTICSEARCH_URL`` is set.

Request building is pure (``index_settings``, ``unit_source``, ``search_body``, ``suggest_body``)
and unit-tested without a cluster; ``ElasticsearchEngine`` only sends what they build.

Analysis matches the embedded engine: text is folded and PDF line breaks inside Han runs are
removed in Python (``search.analysis.join_han_breaks``), then each text field is analysed by the
built-in ``cjk`` analyzer (Han bigrams, like ``*_bi`` in the embedded index; ``ik_max_word``
when the cluster has the IK plugin) and a ``.uni`` sub-field by ``standard`` (single Han
characters, like ``*_uni``). 文号 and codes are keyword fields; facets are ``terms``
aggregations over keyword fields.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from search.analysis import is_han, join_han_breaks
from search.engines.base import (
    DEFAULT_RANK,
    FACET_SIZE,
    FACETS,
    FIELD_BOOSTS,
    IN_KEY_BOOST,
    OPTIONAL_BOOST,
    OWN_KEY_BOOST,
    PHRASE_BOOST,
    PHRASE_FIELDS,
    RELAXED_CONCEPT_BOOST,
    RESTRICTED_KEY,
    EngineError,
    Hit,
    SearchEngine,
    SearchRequest,
    SearchResponse,
    allowed_audience_keys,
    facet_values,
    type_ranks,
)
from search.engines.embedded import unit_keys

BULK_CHUNK = 1000


def index_settings(ik: bool = False) -> dict:
    """Settings and mapping of the units index."""
    text_analyzer = "ik_max_word" if ik else "cjk"
    text = {
        "type": "text",
        "analyzer": text_analyzer,
        "fields": {"uni": {"type": "text", "analyzer": "standard"}},
    }
    properties = {
        "id": {"type": "keyword"},
        "keys": {"type": "keyword"},
        "document_number": {"type": "keyword"},
        "document_code": {"type": "keyword"},
        "data": {"type": "object", "enabled": False},
    }
    for name in FIELD_BOOSTS:
        properties[name] = text
    for facet in FACETS:
        properties[f"f_{facet}"] = {"type": "keyword"}
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def unit_source(unit: dict) -> dict:
    """The document sent for a unit."""
    source = {
        "id": unit["id"],
        "keys": unit_keys(unit),
        "document_number": unit.get("document_number") or "",
        "document_code": unit.get("document_code") or "",
        "title": join_han_breaks(unit.get("title_text") or unit.get("title") or ""),
        "context": join_han_breaks(unit.get("context_text") or unit.get("document_title") or ""),
        "body": join_han_breaks(unit.get("text") or ""),
        "data": unit,
    }
    for facet in FACETS:
        source[f"f_{facet}"] = facet_values(unit, facet)
    return source


def _text_clause(field: str, text: str, boost: float, exact: bool = False) -> dict:
    """All of the word's bigrams (as the embedded engine), or in sequence when ``exact``."""
    if len(text) == 1 and is_han(text):
        return {"match": {f"{field}.uni": {"query": text, "boost": boost}}}
    if exact:
        return {"match_phrase": {field: {"query": text, "boost": boost}}}
    return {"match": {field: {"query": text, "operator": "and", "boost": boost}}}


def _any_field(alternatives, boost: float = 1.0, fields=None, exact: bool = False) -> dict:
    should = [
        _text_clause(field, alt, weight * boost, exact)
        for alt in alternatives
        for field, weight in FIELD_BOOSTS.items()
        if not fields or field in fields
    ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _identifier_clause(ident) -> dict:
    should = []
    for key in ident.keys:
        if ident.kind == "label":
            should.append({"term": {"keys": key}})
        else:
            should.append({"term": {"keys": {"value": key, "boost": OWN_KEY_BOOST}}})
            should.append({"term": {"keys": {"value": "in:" + key, "boost": IN_KEY_BOOST}}})
            should.append({"term": {"keys": "cite:" + key}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _filters(filters: dict[str, list[str]]) -> list[dict]:
    return [
        {"terms": {f"f_{facet}": list(values)}}
        for facet, values in filters.items()
        if facet in FACETS and values
    ]


def audience_filter(audiences) -> list[dict]:
    """Public units (no restricted key), or units of an audience the request may see."""
    allowed = allowed_audience_keys(audiences)
    if allowed is None:
        return []
    should: list[dict] = [{"bool": {"must_not": [{"term": {"keys": RESTRICTED_KEY}}]}}]
    if allowed:
        should.append({"terms": {"keys": allowed}})
    return [{"bool": {"should": should, "minimum_should_match": 1}}]


def search_body(request: SearchRequest) -> dict | None:
    """The ``_search`` body for a request, or None when there is nothing to search for."""
    parsed = request.query
    must, should = [], []
    for ident in parsed.identifiers:
        (should if request.relaxed else must).append(_identifier_clause(ident))
    if request.relaxed:
        should.extend(_any_field(c.alternatives, RELAXED_CONCEPT_BOOST) for c in parsed.concepts)
        should.extend(_any_field([token]) for token in parsed.relaxed_tokens())
    else:
        must.extend(_any_field(c.alternatives) for c in parsed.concepts)
    should.extend(_any_field(c.alternatives, OPTIONAL_BOOST) for c in parsed.optional)
    should.extend(_any_field([p], PHRASE_BOOST, PHRASE_FIELDS, exact=True) for p in parsed.phrases)
    filters = _filters(request.filters)
    if not must and not should and not filters:
        return None
    query: dict = {"bool": {"filter": filters + audience_filter(request.audiences)}}
    if must:
        query["bool"]["must"] = must
    if should:
        query["bool"]["should"] = should
        if not must:
            query["bool"]["minimum_should_match"] = 1
    if not must and not should:
        query["bool"]["must"] = [{"match_all": {}}]
    body = {
        "query": with_type_prior(query),
        "from": request.offset,
        "size": request.limit,
        "track_total_hits": True,
        "_source": ["data"],
    }
    if request.facets:
        body["aggs"] = {f: {"terms": {"field": f"f_{f}", "size": FACET_SIZE}} for f in FACETS}
    return body


def with_type_prior(query: dict) -> dict:
    """Multiply scores by log2(2 + rank) of the unit's type, as the embedded engine does."""
    default = math.log2(2 + DEFAULT_RANK)
    functions = [
        {"filter": {"term": {"f_type": type_name}}, "weight": math.log2(2 + rank) / default}
        for type_name, rank in sorted(type_ranks().items())
    ]
    return {"function_score": {"query": query, "functions": functions, "boost_mode": "multiply", "score_mode": "multiply"}}


def suggest_body(prefix: str, limit: int) -> dict | None:
    text = join_han_breaks(prefix).strip()
    if not text:
        return None
    return {
        "query": {
            "bool": {
                "must": [_text_clause("title", text, 1.0, exact=True)],
                "filter": [{"terms": {"f_type": ["term", "document"]}}],
            }
        },
        "size": limit,
        "_source": ["data"],
    }


def parse_response(raw: dict) -> SearchResponse:
    hits = [Hit(h["_source"]["data"], float(h.get("_score") or 0.0)) for h in raw["hits"]["hits"]]
    total = raw["hits"]["total"]
    total = total["value"] if isinstance(total, dict) else int(total)
    facets = {
        name: [(str(b["key"]), int(b["doc_count"])) for b in agg.get("buckets", [])]
        for name, agg in (raw.get("aggregations") or {}).items()
    }
    return SearchResponse(hits, total, facets)


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, index_name: str = "yigongti-units", client=None):
        self.url = url
        self.index_name = index_name
        if client is None:
            from elasticsearch import Elasticsearch

            client = Elasticsearch(url, request_timeout=10)
        self.client = client
        self._ready = False

    def _call(self, fn, *args, **kwargs):
        from elasticsearch import ApiError, TransportError

        try:
            return fn(*args, **kwargs)
        except (ApiError, TransportError) as exc:
            raise EngineError(f"Elasticsearch（{self.url}）出错：{exc}") from exc

    def has_ik(self) -> bool:
        try:
            plugins = self.client.cat.plugins(format="json")
        except Exception:
            return False
        return any("ik" in str(p.get("component", "")).lower() for p in plugins)

    def ensure_index(self) -> None:
        if self._ready:
            return
        if not self._call(self.client.indices.exists, index=self.index_name):
            body = index_settings(ik=self.has_ik())
            self._call(self.client.indices.create, index=self.index_name, **body)
        self._ready = True

    def _refresh(self) -> None:
        self._call(self.client.indices.refresh, index=self.index_name)

    def index_units(self, units: Iterable[dict]) -> int:
        from elasticsearch.helpers import bulk

        self.ensure_index()
        actions = (
            {"_index": self.index_name, "_id": unit["id"], "_source": unit_source(unit)} for unit in units
        )
        written, _errors = self._call(bulk, self.client, actions, chunk_size=BULK_CHUNK)
        self._refresh()
        return written

    def delete_scope(self, scope: str) -> None:
        self.ensure_index()
        self._call(
            self.client.delete_by_query,
            index=self.index_name,
            query={"term": {"keys": scope}},
            refresh=True,
            conflicts="proceed",
        )

    def clear(self) -> None:
        self._call(self.client.indices.delete, index=self.index_name, ignore_unavailable=True)
        self._ready = False
        self.ensure_index()

    def count(self) -> int:
        self.ensure_index()
        return int(self._call(self.client.count, index=self.index_name)["count"])

    def search(self, request: SearchRequest) -> SearchResponse:
        body = search_body(request)
        if body is None:
            return SearchResponse([], 0, {})
        self.ensure_index()
        raw = self._call(self.client.search, index=self.index_name, **body)
        return parse_response(dict(raw))

    def suggest(self, prefix: str, limit: int = 10) -> list[dict]:
        body = suggest_body(prefix, limit)
        if body is None:
            return []
        self.ensure_index()
        raw = dict(self._call(self.client.search, index=self.index_name, **body))
        return [
            {
                "type": h["_source"]["data"]["type"],
                "label": h["_source"]["data"]["title"],
                "url": h["_source"]["data"].get("url", ""),
                "score": h.get("_score") or 0.0,
            }
            for h in raw["hits"]["hits"]
        ]
