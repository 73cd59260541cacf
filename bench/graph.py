"""Graph benchmark: trace (eli:cites+) and clause-panel queries at about 1M triples, Oxigraph vs rdflib.

    python bench/graph.py [--docs N] [--triples T] [--runs R]

1. Imports the founding corpus plus N scaled documents (bench/make_corpus.py) into a fresh data dir
   under bench/out/graph/, with extraction on, and times ``build_graph`` (the whole rebuild from
   the database).
2. Scales that projection to about T triples by replicating it with renamed URIs, chaining each
   copy to the previous one (a citing work of copy k cites works of copy k-1), so that transitive
   traces are long.
3. Loads the same triples into Oxigraph (on disk, what the portal uses) and into rdflib's memory
   store (the peer), and measures p50/p95 of a transitive ``eli:cites+`` trace from random works
   and of the clause page's graph panel query for random clauses.
Targets: trace p95 ≤ 100 ms on Oxigraph, and ≥ 10× faster than the peer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "graph"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def setup_database(docs: int) -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    os.environ["PORTAL_DATA_DIR"] = str(OUT / "data")
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ["SPARQL_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from content.importer import import_path

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    import_path(ROOT / "corpus")
    if docs:
        scaled = OUT / "scaled"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(docs), str(scaled)], check=True,
                       stdout=subprocess.DEVNULL)
        import_path(scaled)
    print(f"import + extraction: {docs + 5} files in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--peer-runs", type=int, default=20)
    args = parser.parse_args()
    setup_database(args.docs)

    import pyoxigraph as ox
    import rdflib

    from knowledge import graph as g
    from knowledge.api import PANEL_QUERY

    # --- 1. rebuild of the whole graph from the database ---------------------------------------
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        base_count = g.build_graph()
        timings.append(time.perf_counter() - started)
    print(f"build_graph (whole rebuild from the DB): {base_count} quads, "
          f"median {statistics.median(timings):.2f} s over 3 runs")
    base = list(g.all_quads())

    # --- 2. scale by replication -----------------------------------------------------------------
    prefix = g.base_uri()
    copies = max(1, args.triples // len(base))
    cites = ox.NamedNode(g.ELI + "cites")
    documents = sorted({q.subject.value for q in base if q.predicate == cites and "/id/work/" in q.subject.value})
    # clauses whose panel has something to show: they cite, or an obligation or term comes from them
    derived = ox.NamedNode(g.PROV + "wasDerivedFrom")
    clauses = sorted(
        {q.subject.value for q in base if q.predicate == cites and "/id/clause/" in q.subject.value}
        | {q.object.value for q in base if q.predicate == derived}
    )
    rng = random.Random(7)

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith(prefix):
            return ox.NamedNode(f"{term.value}~{k}")
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}c{k}")
        return term

    triples: list[ox.Triple] = []
    for k in range(copies):
        for q in base:
            triples.append(ox.Triple(rename(q.subject, k), q.predicate, rename(q.object, k)))
        if k:
            for _ in range(10):  # chain copies: documents of copy k cite documents of copy k-1
                triples.append(ox.Triple(ox.NamedNode(f"{rng.choice(documents)}~{k}"), cites,
                                         ox.NamedNode(f"{rng.choice(documents)}~{k - 1}")))
    print(f"scaled graph: {len(triples)} triples ({copies} copies of {len(base)})")

    # --- 3. load both stores ---------------------------------------------------------------------
    store_dir = OUT / "oxigraph-scaled"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = ox.Store(str(store_dir))
    started = time.perf_counter()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    store.flush()
    print(f"Oxigraph bulk load: {time.perf_counter() - started:.1f} s")
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    started = time.perf_counter()
    memory = rdflib.Graph()
    memory.parse(data=nt.decode("utf-8"), format="nt")
    print(f"rdflib memory store parse: {time.perf_counter() - started:.1f} s ({len(memory)} triples)")

    prologue = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\nPREFIX ygt: <https://w3id.org/yigongti/ns#>\n" \
               "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    traced_docs = [d for d in documents]

    def trace_query(k: int) -> str:
        start = f"{rng.choice(traced_docs)}~{k}"
        return prologue + f"SELECT DISTINCT ?w WHERE {{ <{start}> eli:cites+ ?w }}"

    def panel_query(k: int) -> str:
        clause = f"{rng.choice(clauses)}~{k}"
        return prologue + PANEL_QUERY.replace("?clause", f"<{clause}>")

    def measure(run, make, n: int) -> tuple[list[float], list[int]]:
        times, sizes = [], []
        for _ in range(n):
            query = make(rng.randrange(copies))
            started = time.perf_counter()
            rows = run(query)
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(rows)
        return times, sizes

    def ox_run(query: str) -> int:
        return sum(1 for _ in store.query(query))

    def rdflib_run(query: str) -> int:
        return sum(1 for _ in memory.query(query))

    results = {}
    for name, make in (("trace eli:cites+", trace_query), ("clause panel", panel_query)):
        ox_times, ox_sizes = measure(ox_run, make, args.runs)
        peer_times, _ = measure(rdflib_run, make, args.peer_runs)
        results[name] = (ox_times, peer_times, ox_sizes)
        print(
            f"{name:18s} Oxigraph p50 {pct(ox_times, 50):8.2f} ms  p95 {pct(ox_times, 95):8.2f} ms "
            f"(mean rows {statistics.mean(ox_sizes):.0f}) | rdflib memory p50 {pct(peer_times, 50):9.2f} ms  "
            f"p95 {pct(peer_times, 95):9.2f} ms | speed-up at p50 {pct(peer_times, 50) / max(pct(ox_times, 50), 1e-6):.0f}×"
        )
    trace_p95 = pct(results["trace eli:cites+"][0], 95)
    speedup = pct(results["trace eli:cites+"][1], 50) / max(pct(results["trace eli:cites+"][0], 50), 1e-6)
    print(f"targets: trace p95 ≤ 100 ms → {'met' if trace_p95 <= 100 else 'NOT met'} ({trace_p95:.1f} ms); "
          f"≥ 10× the peer → {'met' if speedup >= 10 else 'NOT met'} ({speedup:.0f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
