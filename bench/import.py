"""Import throughput: documents/second for parse + persist (target ≥ 20 documents/s).

    python bench/import.py [N]     (default 200; uses a fresh data dir under bench/out/)

Projections (graph, search index) are switched off so the figure is parse + persist only;
the parse-only rate is reported beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    out = ROOT / "bench" / "out" / "import"
    shutil.rmtree(out, ignore_errors=True)
    corpus = out / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(corpus)], check=True)
    os.environ["PORTAL_DATA_DIR"] = str(out / "data")
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from content.importer import import_paths, read_documents
    from content.parse.metadata import load_manifest
    from portal.setup import ensure_site

    call_command("migrate", verbosity=0)
    ensure_site()
    files = sorted(corpus.glob("*.txt"))
    specs = load_manifest(corpus / "manifest.toml")
    start = time.perf_counter()
    for f in files:
        read_documents(f, specs[f.name])
    parse_rate = len(files) / (time.perf_counter() - start)
    from content.signals import version_imported

    # Parse + persist alone: the extraction receivers (knowledge) are muted for this pass.
    receivers = list(version_imported.receivers)
    version_imported.receivers.clear()
    version_imported.sender_receivers_cache.clear()
    start = time.perf_counter()
    import_paths([corpus])
    elapsed = time.perf_counter() - start
    version_imported.receivers.extend(receivers)
    print(f"documents: {n}")
    print(f"parse only: {parse_rate:.1f} documents/s")
    print(f"parse + persist: {n / elapsed:.1f} documents/s ({elapsed:.1f} s)")
    # The same corpus again, as changed files (new versions), with extraction connected.
    for f in files:
        f.write_text(f.read_text(encoding="utf-8") + "\n（修订）", encoding="utf-8")
    start = time.perf_counter()
    import_paths([corpus])
    elapsed = time.perf_counter() - start
    print(f"re-import as new versions, with knowledge extraction: {n / elapsed:.1f} documents/s ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
