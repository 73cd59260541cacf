"""The embedded engine: tantivy on disk (``settings.SEARCH_INDEX_DIR``) — 内置检索引擎.

Text is analysed in Python (``search.analysis``) and stored as whitespace-separated tokens, so
the index needs no custom tokenizer to be registered after it is reopened and the analysis is
exactly the one the query side uses. Scores are tantivy's BM25.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import tantivy

from search.analysis import fold, is_han, tokens
from search.engines.base import (
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
    audience_keys,
    facet_values,
    type_rank,
)

SCHEMA_VERSION = "4"
WRITER_HEAP = 64_000_000
Occur = tantivy.Occur


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("keys", tokenizer_name="raw", index_option="basic")
    for name in FIELD_BOOSTS:
        sb.add_text_field(f"{name}_bi", tokenizer_name="whitespace")
        sb.add_text_field(f"{name}_uni", tokenizer_name="whitespace")
    for facet in FACETS:
        sb.add_text_field(f"f_{facet}", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_unsigned_field("rank", fast=True)
    sb.add_bytes_field("data", stored=True, indexed=False, fast=False)
    return sb.build()


def unit_keys(unit: dict) -> list[str]:
    keys = list(unit.get("keys") or [])
    keys.append(f"type:{unit['type']}")
    keys.extend(unit.get("scopes") or [])
    keys.extend(audience_keys(unit))
    return keys


def unit_document(unit: dict) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", unit["id"])
    for key in unit_keys(unit):
        doc.add_text("keys", key)
    texts = {
        "title": unit.get("title_text") or unit.get("title") or "",
        "context": unit.get("context_text") or unit.get("document_title") or "",
        "body": unit.get("text") or "",
    }
    for name, text in texts.items():
        bi, uni = tokens(text)
        if bi:
            doc.add_text(f"{name}_bi", " ".join(bi))
            doc.add_text(f"{name}_uni", " ".join(uni))
    for facet in FACETS:
        for value in facet_values(unit, facet):
            doc.add_text(f"f_{facet}", value)
    doc.add_unsigned("rank", type_rank(unit["type"]))
    doc.add_bytes("data", json.dumps(unit, ensure_ascii=False).encode("utf-8"))
    return doc


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._meta_mtime = 0.0
        self.schema = build_schema()
        self.index = self._open()

    # --- storage -------------------------------------------------------------------------
    def _open(self) -> tantivy.Index:
        self.directory.mkdir(parents=True, exist_ok=True)
        marker = self.directory / "schema-version"
        if marker.exists() and marker.read_text().strip() != SCHEMA_VERSION:
            shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
        try:
            index = tantivy.Index(self.schema, path=str(self.directory), reuse=True)
        except ValueError as exc:  # an unreadable or foreign index: start afresh
            if not (self.directory / "meta.json").exists():
                raise EngineError(f"无法打开检索索引目录 {self.directory}：{exc}") from exc
            shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
            index = tantivy.Index(self.schema, path=str(self.directory), reuse=True)
        marker.write_text(SCHEMA_VERSION)
        return index

    def _write(self, action) -> int:
        with self._lock:
            try:
                writer = self.index.writer(WRITER_HEAP, 1)
            except ValueError as exc:
                raise EngineError(f"检索索引正被另一个进程写入，请稍后重试：{exc}") from exc
            try:
                written = action(writer)
                writer.commit()
            except Exception:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            self.index.reload()
            return written

    def _searcher(self) -> tantivy.Searcher:
        meta = self.directory / "meta.json"
        try:
            mtime = meta.stat().st_mtime
        except OSError:
            mtime = 0.0
        if mtime != self._meta_mtime:  # another process committed
            self.index.reload()
            self._meta_mtime = mtime
        return self.index.searcher()

    def index_units(self, units: Iterable[dict]) -> int:
        def action(writer):
            n = 0
            for unit in units:
                writer.delete_documents_by_term("id", unit["id"])
                writer.add_document(unit_document(unit))
                n += 1
            return n

        return self._write(action)

    def delete_scope(self, scope: str) -> None:
        self._write(lambda w: w.delete_documents_by_term("keys", scope) and 0)

    def clear(self) -> None:
        self._write(lambda w: w.delete_all_documents() and 0)

    def replace_scope(self, scope: str, units: Iterable[dict]) -> int:
        def action(writer):
            writer.delete_documents_by_term("keys", scope)
            n = 0
            for unit in units:
                writer.delete_documents_by_term("id", unit["id"])
                writer.add_document(unit_document(unit))
                n += 1
            return n

        return self._write(action)

    def rebuild(self, units: Iterable[dict]) -> int:
        def action(writer):
            writer.delete_all_documents()
            n = 0
            for unit in units:
                writer.add_document(unit_document(unit))
                n += 1
            return n

        return self._write(action)

    def count(self) -> int:
        return self._searcher().num_docs

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.directory.rglob("*") if p.is_file())

    # --- queries -------------------------------------------------------------------------
    def _text_query(self, field: str, text: str, exact: bool = False) -> tantivy.Query | None:
        """Words match as all of their bigrams (fast on large posting lists); ``exact`` asks
        for the bigrams in sequence (a phrase query, reading positions)."""
        bi, _uni = tokens(text, folded=True)
        if not bi:
            return None
        if len(text) == 1 and is_han(text):
            return tantivy.Query.term_query(self.schema, f"{field}_uni", text)
        if len(bi) == 1:
            return tantivy.Query.term_query(self.schema, f"{field}_bi", bi[0])
        if exact:
            return tantivy.Query.phrase_query(self.schema, f"{field}_bi", bi)
        terms = [
            (Occur.Must, tantivy.Query.term_query(self.schema, f"{field}_bi", token))
            for token in dict.fromkeys(bi)
        ]
        return tantivy.Query.boolean_query(terms)

    def _any_field(self, alternatives, boost: float = 1.0, fields=None, exact=False) -> tantivy.Query | None:
        clauses = []
        for alt in alternatives:
            for field, weight in FIELD_BOOSTS.items():
                if fields and field not in fields:
                    continue
                q = self._text_query(field, alt, exact=exact)
                if q is not None:
                    clauses.append((Occur.Should, tantivy.Query.boost_query(q, weight * boost)))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _key(self, key: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, "keys", key)

    def _filters(self, filters: dict[str, list[str]]) -> list:
        out = []
        for facet, values in filters.items():
            if facet not in FACETS or not values:
                continue
            terms = [(Occur.Should, tantivy.Query.term_query(self.schema, f"f_{facet}", v)) for v in values]
            out.append((Occur.Must, tantivy.Query.boolean_query(terms)))
        return out

    def compile(self, request: SearchRequest) -> tantivy.Query | None:
        parsed = request.query
        must, should = [], []
        for ident in parsed.identifiers:
            alts = []
            for key in ident.keys:
                if ident.kind == "label":
                    alts.append((Occur.Should, self._key(key)))
                else:
                    alts.append((Occur.Should, tantivy.Query.boost_query(self._key(key), OWN_KEY_BOOST)))
                    alts.append((Occur.Should, tantivy.Query.boost_query(self._key("in:" + key), IN_KEY_BOOST)))
                    alts.append((Occur.Should, self._key("cite:" + key)))
            bucket = should if request.relaxed else must
            bucket.append((Occur.Should if request.relaxed else Occur.Must, tantivy.Query.boolean_query(alts)))
        if request.relaxed:
            # Any of the words: a unit holding a whole concept outranks one holding its bigrams.
            for concept in parsed.concepts:
                q = self._any_field(concept.alternatives, RELAXED_CONCEPT_BOOST)
                if q is not None:
                    should.append((Occur.Should, q))
            for token in parsed.relaxed_tokens():
                q = self._any_field([token])
                if q is not None:
                    should.append((Occur.Should, q))
        else:
            for concept in parsed.concepts:
                q = self._any_field(concept.alternatives)
                if q is not None:
                    must.append((Occur.Must, q))
        for concept in parsed.optional:
            # What a question asks for (几*年* → 年): adds to the score, never required.
            q = self._any_field(concept.alternatives, OPTIONAL_BOOST)
            if q is not None:
                should.append((Occur.Should, q))
        for phrase in parsed.phrases:
            # The whole segment in sequence, where it is cheap to check: the unit's own title.
            q = self._any_field([phrase], PHRASE_BOOST, fields=PHRASE_FIELDS, exact=True)
            if q is not None:
                should.append((Occur.Should, q))
        filters = self._filters(request.filters)
        if not must and not should:
            if not filters:
                return None
            must.append((Occur.Must, tantivy.Query.all_query()))
        if should and not must:
            # Relaxed: at least one should clause has to match.
            must.append((Occur.Must, tantivy.Query.boolean_query(should)))
            should = []
        return tantivy.Query.boolean_query(must + should + filters + self._audience(request.audiences))

    def _audience(self, audiences) -> list:
        """Public units, and units of the audiences the request may see (no clause: every unit)."""
        allowed = allowed_audience_keys(audiences)
        if allowed is None:
            return []
        public = tantivy.Query.boolean_query(
            [(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, self._key(RESTRICTED_KEY))]
        )
        either = [(Occur.Should, public)] + [(Occur.Should, self._key(k)) for k in allowed]
        return [(Occur.Must, tantivy.Query.boolean_query(either))]

    def search(self, request: SearchRequest) -> SearchResponse:
        query = self.compile(request)
        if query is None:
            return SearchResponse([], 0, {})
        searcher = self._searcher()
        result = searcher.search(
            query, max(request.limit, 1), count=True, offset=request.offset, weight_by_field="rank"
        )
        hits = []
        for score, address in result.hits[: request.limit]:
            doc = searcher.doc(address)
            hits.append(Hit(json.loads(bytes(doc["data"][0]).decode("utf-8")), float(score)))
        facets = {}
        if request.facets and result.count:
            aggs = {f: {"terms": {"field": f"f_{f}", "size": FACET_SIZE}} for f in FACETS}
            raw = searcher.aggregate(query, aggs)
            for facet in FACETS:
                buckets = raw.get(facet, {}).get("buckets", [])
                facets[facet] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return SearchResponse(hits, int(result.count), facets)

    def suggest(self, prefix: str, limit: int = 10) -> list[dict]:
        prefix = fold(prefix or "").strip()
        q = self._text_query("title", prefix, exact=True) if prefix else None
        if q is None:
            return []
        kinds = tantivy.Query.boolean_query(
            [(Occur.Should, self._key("type:term")), (Occur.Should, self._key("type:document"))]
        )
        query = tantivy.Query.boolean_query([(Occur.Must, q), (Occur.Must, kinds)])
        searcher = self._searcher()
        out = []
        for score, address in searcher.search(query, limit, count=False).hits:
            unit = json.loads(bytes(searcher.doc(address)["data"][0]).decode("utf-8"))
            out.append({"type": unit["type"], "label": unit["title"], "url": unit.get("url", ""), "score": score})
        return out
