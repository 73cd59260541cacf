"""Search at scale: ≥ 100,000 clause units, engine and HTTP API latency, index build time and size,
and Wagtail's database backend (with segmented text) answering the same queries as the peer.

    python bench/search.py [--clauses 100000] [--rounds 5] [--fresh]

Targets: engine p95 ≤ 20 ms, API p95 ≤ 60 ms, ≥ 5× faster than the peer.

Builds (once, or again with --fresh) a data dir under bench/out/search/: the founding corpus plus
scaled documents from bench/make_corpus.py (real documents with varied titles, 文号 and years)
imported with projections off, until the current versions hold at least --clauses clauses. Then:

1. rebuilds the embedded index from the database (the production path) — build time and size;
2. runs the mixed query set (the relevance table plus scaled 文号 and label queries) through the
   engine (query understanding + tantivy search with facets) and through the HTTP API (a real
   WSGI server on loopback, urllib client) — p50/p95;
3. indexes the same clauses into Wagtail's database backend with segmented text
   (search.wagtail_backend) and times a spread sample of the same queries through it, once
   each with a per-query budget (it takes minutes per query at this scale) — p50/p95, beside
   our engine's figures on the same sample.

Figures are printed and written to bench/out/search/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "search"
sys.path.insert(0, str(ROOT))
CLAUSES_PER_SCALED_DOCUMENT = 41  # measured average of the five make_corpus sources


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "p50_ms": round(percentile(values_ms, 50), 2),
        "p95_ms": round(percentile(values_ms, 95), 2),
        "mean_ms": round(statistics.fmean(values_ms), 2),
    }


def setup_django(data_dir: Path) -> None:
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()


def current_clause_count() -> int:
    from content.models import Clause

    return Clause.objects.filter(version__is_current=True).count()


def build_data(target: int, fresh: bool) -> None:
    data, corpus = OUT / "data", OUT / "corpus"
    if fresh:
        shutil.rmtree(OUT, ignore_errors=True)
    built = (data / "portal.sqlite3").exists()
    data.mkdir(parents=True, exist_ok=True)
    setup_django(data)
    from django.core.management import call_command

    if built and current_clause_count() >= target:
        print(f"reusing {data} ({current_clause_count()} clauses)")
        return
    call_command("migrate", verbosity=0)
    from content.importer import import_corpus, import_path
    from content.signals import version_imported
    from portal.setup import ensure_site

    ensure_site()
    # Parse + persist only: extraction receivers (knowledge) are muted while building the data.
    receivers = list(version_imported.receivers)
    version_imported.receivers.clear()
    version_imported.sender_receivers_cache.clear()
    if current_clause_count() == 0:
        import_corpus()
    missing = target - current_clause_count()
    n = math.ceil(missing / CLAUSES_PER_SCALED_DOCUMENT * 1.05)
    shutil.rmtree(corpus, ignore_errors=True)
    print(f"generating {n} scaled documents with bench/make_corpus.py …")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(corpus)], check=True)
    started = time.perf_counter()
    import_path(corpus)
    print(f"imported {n} documents in {time.perf_counter() - started:.0f} s")
    version_imported.receivers.extend(receivers)
    count = current_clause_count()
    if count < target:
        print(f"warning: only {count} clauses (< {target}); raise CLAUSES_PER_SCALED_DOCUMENT's margin")


def scaled_queries() -> list[str]:
    from content.models import Work
    from tests.search.query_table import QUERIES

    queries = [q for q, _what, _targets in QUERIES]
    scaled = list(Work.objects.filter(key__startswith="bench-").exclude(doc_number="").values_list("doc_number", "title")[:2000:200])
    for doc_number, title in scaled:
        queries.append(doc_number)
        queries.append(f"{title} 第十四条")
    queries += ["沈阳 医保支付", "大连市绩效考核", "第二十一条", "县域医共体 信息化建设 实施方案", "家庭医生"]
    return queries


class Server:
    """The Django WSGI app on a loopback port, in a thread (real HTTP, no reloader)."""

    def __init__(self):
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        from django.core.wsgi import get_wsgi_application

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        class Threaded(WSGIServer):
            daemon_threads = True

        self.httpd = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Threaded, handler_class=Quiet)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str, params: dict) -> dict:
        with urlopen(f"http://127.0.0.1:{self.port}{path}?{urlencode(params)}", timeout=30) as response:
            return json.loads(response.read())

    def close(self):
        self.httpd.shutdown()


def time_calls(queries, rounds, call) -> list[float]:
    for q in queries:  # warm-up
        call(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            call(q)
            times.append((time.perf_counter() - started) * 1000)
    return times


def save(results: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


def run_peer(queries, args, engine_call) -> dict:
    """Wagtail's database backend with segmented text (search.wagtail_backend) over the same
    clauses. It takes minutes per query at this scale on SQLite, so a spread sample of the
    queries is timed once each, with a per-query budget (a query over budget is aborted and
    counted at the budget, so its figure is a lower bound)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import OperationalError, connection
    from wagtail.search.models import IndexEntry

    from search.models import IndexedClause
    from search.wagtail_backend import SearchBackend

    peer = SearchBackend({})
    objects = IndexedClause.peer_objects().order_by("pk")
    total = objects.count()
    ct = ContentType.objects.get_for_model(IndexedClause)
    out: dict = {"backend": type(peer).__name__, "clauses": total}
    if IndexEntry.objects.filter(content_type=ct).count() >= total:
        print(f"peer index: reusing {total} indexed clauses")
    else:
        started = time.perf_counter()
        for offset in range(0, total, 5000):
            peer.add_bulk(IndexedClause, list(objects[offset : offset + 5000]))
        out["index_seconds"] = round(time.perf_counter() - started, 1)
        print(f"peer index: {total} clauses in {out['index_seconds']} s")
    step = max(1, len(queries) // args.peer_queries)
    sample = queries[::step][: args.peer_queries]
    budget = args.peer_budget
    times, capped = [], 0
    for q in sample:
        deadline = time.perf_counter() + budget
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            connection.connection.set_progress_handler(lambda d=deadline: int(time.perf_counter() > d), 100_000)
        started = time.perf_counter()
        try:
            list(peer.search(q, IndexedClause)[:10])
            elapsed = (time.perf_counter() - started) * 1000
        except OperationalError:
            elapsed, capped = budget * 1000, capped + 1
        times.append(elapsed)
        print(f"  peer {q!r}: {elapsed / 1000:.1f} s")
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(None, 0)
    out.update(summary(times))
    out["queries"] = sample
    out["capped_at_budget"] = capped
    out["budget_seconds"] = budget
    out["engine_same_queries"] = summary(time_calls(sample, args.rounds, engine_call))
    print(f"peer ({len(sample)} queries, {capped} capped at {budget} s): p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="reuse the index built by the last run")
    parser.add_argument("--skip-peer", action="store_true", help="do not index and time Wagtail's backend")
    parser.add_argument("--peer-queries", type=int, default=8, help="how many queries to time on the peer")
    parser.add_argument("--peer-budget", type=float, default=90.0, help="seconds per peer query")
    args = parser.parse_args(argv)

    build_data(args.clauses, args.fresh)
    from django.conf import settings

    from search.engines import get_engine
    from search.engines.base import SearchRequest
    from search.indexing import rebuild
    from search.query import parse_query
    from search.synonyms import synonym_table

    results: dict = {"clauses": current_clause_count()}
    previous = OUT / "results.json"
    if args.skip_build and previous.exists():
        results = {**json.loads(previous.read_text()), **results}
        engine = get_engine()
    else:
        shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
        engine = get_engine()
        started = time.perf_counter()
        units = rebuild()
        results["index"] = {
            "units": units,
            "build_seconds": round(time.perf_counter() - started, 1),
            "size_mb": round(engine.size_bytes() / 1e6, 1),
        }
    print(f"index: {results['index']['units']} units from {results['clauses']} clauses, built in {results['index']['build_seconds']} s, {results['index']['size_mb']} MB")

    queries = scaled_queries()
    results["queries"] = len(queries)
    synonyms = synonym_table()

    def engine_call(q):
        return engine.search(SearchRequest(parse_query(q, synonyms), limit=10))

    results["engine"] = summary(time_calls(queries, args.rounds, engine_call))
    print(f"engine ({len(queries)} queries × {args.rounds}): {results['engine']}")

    server = Server()
    try:
        results["api"] = summary(time_calls(queries, args.rounds, lambda q: server.get("/api/v1/search", {"q": q})))
    finally:
        server.close()
    print(f"HTTP API: {results['api']}")

    save(results)
    if not args.skip_peer:
        results["peer"] = run_peer(queries, args, engine_call)
        peer, ours = results["peer"], results["peer"]["engine_same_queries"]
        results["speedup_p50_vs_peer"] = round(peer["p50_ms"] / ours["p50_ms"], 1)
        results["speedup_p95_vs_peer"] = round(peer["p95_ms"] / ours["p95_ms"], 1)
        print(f"engine vs peer on the same queries: {results['speedup_p50_vs_peer']}× at p50, {results['speedup_p95_vs_peer']}× at p95")

    save(results)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
