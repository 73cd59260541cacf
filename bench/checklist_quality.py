"""Audit the default checklist template built on the founding corpus — 检查清单质量.

    .venv/bin/python bench/checklist_quality.py [--show] [--keep DIR]

Imports corpus/ into a throwaway SQLite database, builds the default template (the standard and
the works it cites, plus the 附录B indicators) and prints its item count and, for each defect
kind the county-checklist issue lists, how many items still have it:

- background      an item that retells what a document required or what happened (已, 印发…要求)
- fragment        a clause cut at a comma, continuing the previous one, or too short
- truncated       unbalanced brackets or quotes (“…的县（县级市”, a stray leading ”)
- other_level     the duty of the nation, a province, a city or of "all levels"
- other_region    an item from a sub-national document of another province
- template_doc    an item from a model document with XX/某 placeholders
- near_duplicate  pairs of items whose normalised texts are near-identical
- year_threshold  a threshold that is a year beside 年 (判定：≥ 2025%)

It reads only fields every version of the checklist models has (title, thresholds, the
obligation row and its work), so the same script audits an older build for a before/after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = [
    "background", "fragment", "truncated", "other_level", "other_region", "template_doc",
    "near_duplicate", "year_threshold",
]


def setup(data_dir: str) -> None:
    os.environ["PORTAL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    from content.importer import import_corpus
    from content.models import Work

    if not Work.objects.filter(has_text=True).exists():
        import_corpus(ROOT / "corpus")
    try:
        from content.seed import seed_reference_data
    except ImportError:
        pass
    else:
        seed_reference_data()
    from assessment.checklist import build_template

    return build_template()


def audit(template) -> tuple[dict[str, list], int]:
    """{defect kind: [items or pairs]} for ``template``, and its item count."""
    from assessment import curation

    with open(ROOT / "corpus" / "regions.toml", "rb") as fh:
        region = curation.region_from_tree(tomllib.load(fh))
    items = list(template.items.select_related("obligation__clause__version__work").order_by("position"))
    found: dict[str, list] = {kind: [] for kind in KINDS}
    for item in items:
        threshold = item.threshold
        if threshold is not None and item.response_type in {"number", "percentage"}:
            unit = "%" if item.response_type == "percentage" else item.unit
            text = item.obligation.text if item.obligation_id else item.title
            year_beside = curation.year_as_quantity(threshold, unit, text)
            bare_year = threshold == threshold.to_integral_value() and 1990 <= threshold <= 2100 and unit in {"%", ""}
            if year_beside or bare_year:
                found["year_threshold"].append(item)
        if not item.obligation_id:
            if curation.is_truncated(item.title):
                found["truncated"].append(item)
            continue
        ob = item.obligation
        version = ob.clause.version
        work = version.work
        facts = curation.DocumentFacts(
            title=work.title, kind=work.kind, level=work.level, issuers=tuple(work.issuers or ()),
            doc_number=work.doc_number, stage=version.stage, is_placeholder=work.is_placeholder,
        )
        scope = curation.document_scope(facts, region)
        if scope == "template_document":
            found["template_doc"].append(item)
        if scope == "other_region":
            found["other_region"].append(item)
        if curation.is_background(ob.text) or scope == "explanation":
            found["background"].append(item)
        if curation.is_fragment(ob.text):
            found["fragment"].append(item)
        if curation.is_truncated(ob.text) or curation.is_truncated(item.title):
            found["truncated"].append(item)
        level = curation.bearer_level(ob.duty_bearer) or curation.leading_actor(ob.text)
        if level is not None and level[0] in curation.OTHER_LEVELS:
            found["other_level"].append(item)
    texts = [(i, i.obligation.text if i.obligation_id else i.title) for i in items]
    for n, (a, ta) in enumerate(texts):
        for b, tb in texts[n + 1 :]:
            if curation.is_near_duplicate(ta, tb):
                found["near_duplicate"].append((a, b))
    return found, len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every item and each defective one")
    parser.add_argument("--keep", help="use (and keep) this data directory instead of a temporary one")
    args = parser.parse_args()
    data_dir = args.keep or tempfile.mkdtemp(prefix="bench-checklist-")
    t0 = time.perf_counter()
    setup(data_dir)
    template = build()
    found, count = audit(template)
    elapsed = time.perf_counter() - t0
    print(f"default template: {template} — {count} items (built in {elapsed:.1f} s)")
    by_type = Counter(i.response_type for i in template.items.all())
    print("  response types: " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    ruled = template.items.exclude(threshold=None).count() + template.items.exclude(deadline=None).count()
    print(f"  items with a rule (threshold or deadline): {ruled}")
    for kind in KINDS:
        print(f"  {kind:15s} {len(found[kind]):3d}")
    if args.show:
        for item in template.items.order_by("position"):
            print(f"{item.code:5s} {item.response_type:10s} {item.rule_text:14s} {item.title}")
        for kind in KINDS:
            for entry in found[kind]:
                if isinstance(entry, tuple):
                    print(f"[{kind}] {entry[0].code} ≈ {entry[1].code}: {entry[0].title[:40]} | {entry[1].title[:40]}")
                else:
                    print(f"[{kind}] {entry.code}: {entry.title[:70]}")


if __name__ == "__main__":
    main()
