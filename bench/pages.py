"""Server time of reading pages with 1,000 documents loaded (targets: document page p95 ≤ 150 ms
for the largest document, clause page p95 ≤ 50 ms).

    python bench/pages.py [N] [--requests R] [--fresh]

Builds (once) a data dir under bench/out/pages/ with the founding corpus plus N scaled documents
(bench/make_corpus.py, default 1000), then times requests through Django's full stack
(middleware, Wagtail routing, views, templates, database) in-process with the test client, so
the figure is server time without network. Projections (graph, search index) are off; DEBUG is
off, so templates are cached as in production.
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_urls(client, urls: list[str], warmup: int = 5) -> list[float]:
    for url in urls[:warmup]:
        assert client.get(url).status_code == 200, url
    timings = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def report(name: str, timings: list[float], target: float | None = None) -> str:
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    verdict = "" if target is None else (f"  (target p95 ≤ {target:.0f} ms: {'met' if p95 <= target else 'NOT met'})")
    return f"{name:<44} n={len(timings):<4} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{verdict}"


def build(n: int, out: Path) -> None:
    from django.core.management import call_command

    from content.importer import import_corpus, import_paths
    from content.seed import seed_reference_data
    from content.signals import version_imported
    from portal.setup import ensure_site

    call_command("migrate", verbosity=0)
    ensure_site()
    receivers = list(version_imported.receivers)
    version_imported.receivers.clear()
    version_imported.sender_receivers_cache.clear()
    try:
        import_corpus()
        seed_reference_data()
        corpus = out / "corpus"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(corpus)], check=True)
        start = time.perf_counter()
        import_paths([corpus])
        print(f"imported {n} scaled documents in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    finally:
        version_imported.receivers.extend(receivers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data dir")
    args = parser.parse_args()

    out = ROOT / "bench" / "out" / "pages"
    if args.fresh:
        shutil.rmtree(out, ignore_errors=True)
    os.environ["PORTAL_DATA_DIR"] = str(out / "data")
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django.db.models.functions import Length
    from django.test import Client

    from content.models import Clause, DocumentPage, Version

    if not (out / "data" / "portal.sqlite3").exists() or DocumentPage.objects.count() < args.n:
        build(args.n, out)

    documents = DocumentPage.objects.live().count()
    largest = (
        Version.objects.filter(is_current=True)
        .annotate(n=Count("clauses"), size=Length("text"))
        .order_by("-size")
        .select_related("work")
        .first()
    )
    page = DocumentPage.objects.get(work=largest.work)
    doc_url = page.url
    rng = random.Random(11)
    clause_rows = list(
        Clause.objects.filter(version__is_current=True).values_list("version__work_id", "path")[:200_000]
    )
    urls_by_work = {p.work_id: p.url for p in DocumentPage.objects.live()}
    sample = rng.sample(clause_rows, min(args.requests, len(clause_rows)))
    clause_urls = [f"{urls_by_work[w]}{path}/" for w, path in sample if w in urls_by_work]
    client = Client()
    print(f"documents loaded: {documents}; clauses (current versions): {len(clause_rows)}")
    print(f"largest document: 《{largest.work.title}》 {largest.n} clauses, {len(largest.text)} characters")
    print(report("document page (largest document)", time_urls(client, [doc_url] * args.requests), 150))
    print(report("clause page (random clauses, all documents)", time_urls(client, clause_urls), 50))
    big_clauses = [f"{doc_url}{p}/" for p in largest.clauses.values_list("path", flat=True)]
    print(report("clause page (clauses of the largest document)", time_urls(client, (big_clauses * 10)[: args.requests]), 50))
    from wagtail import hooks

    from content.panels import CLAUSE_PANELS

    hooks.search_for_hooks()
    panels = hooks._hooks.get(CLAUSE_PANELS, [])
    hooks._hooks[CLAUSE_PANELS] = []  # no app's clause panel
    print(report("clause page without the knowledge panel", time_urls(client, clause_urls), 50))
    hooks._hooks[CLAUSE_PANELS] = panels
    print(report("library page /documents/", time_urls(client, ["/documents/"] * 50)))
    print(report("API document detail (largest)", time_urls(client, [f"/api/v1/documents/{page.slug}/"] * 50)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
