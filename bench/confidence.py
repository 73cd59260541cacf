"""Is the confidence worth its threshold? Precision of machine-read facts above and below it,
on the development set of documents the portal has never seen (bench/devset/).

    python bench/confidence.py [--doc NAME] [--threshold 0.6] [--json out.json]

Each document is imported and extracted by the portal (as bench/extraction.py does), then every
stored fact is judged against the hand-checked truth:

- citations: right when the truth lists a citation with the same title or 文号 (the truth lists
  every citation, so this is precision);
- definitions: right when the truth defines the term (or has it as an alias);
- obligations: the truth lists a *sample* of each document's obligations, so only predicted rows
  that match a truth row (same clause, overlapping sentence) are judged: *right* when the
  modality agrees and the bearer is the truth's or left empty (missing is not wrong), *complete*
  when the bearer is also there. Rows the truth does not list are counted apart (not judged).

Printed per kind and per confidence band: how many facts, how many were judged, the share right
(and, for obligations, complete); then the same split at the threshold (shown without review vs
held for review).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extraction as ex  # noqa: E402  (bench/extraction.py: the adapter and the comparison helpers)

BANDS = ((0.0, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def stored_facts(version) -> dict[str, list[dict]]:
    """The portal's facts of one imported version, with their confidence."""
    from content.models import Clause, Term
    from knowledge.models import Citation, Obligation

    clauses = {c.pk: c for c in Clause.objects.filter(version=version)}

    def chain(clause) -> list[str]:
        labels, node = [], clause
        while node is not None:
            if node.label:
                labels.append(node.label)
            node = clauses.get(node.parent_id)
        return labels[::-1]

    return {
        "citations": [
            {"title": c.title, "doc_number": c.doc_number or c.standard_code, "raw": c.raw_text, "confidence": c.confidence}
            for c in Citation.objects.filter(clause__version=version)
            if c.title or c.doc_number or c.standard_code
        ],
        "obligations": [
            {
                "sentence": o.text,
                "clause": chain(clauses[o.clause_id]),
                "modality": o.modality,
                "bearer": o.duty_bearer,
                "confidence": o.confidence,
            }
            for o in Obligation.objects.filter(clause__version=version)
        ],
        "definitions": [
            {"names": {ex.norm(t.pref_label), *map(ex.norm, t.alt_labels or [])}, "label": t.pref_label, "confidence": t.confidence}
            for t in Term.objects.filter(source_clause__version=version)
        ],
    }


def judge(truth: dict, got: dict) -> list[tuple[str, float, bool | None, str, bool]]:
    """(kind, confidence, right / wrong / None when the truth cannot say, what, complete) per fact."""
    out = []
    for g in got["citations"]:
        right = any(ex._citation_key_match(t, g) for t in truth["citations"])
        out.append(("citation", g["confidence"], right, g["raw"], right))
    truth_terms = [{ex.norm(d["term"]), *map(ex.norm, d.get("aliases", []))} for d in truth["definitions"]]
    for g in got["definitions"]:
        right = any(g["names"] & names for names in truth_terms)
        out.append(("definition", g["confidence"], right, g["label"], right))
    matched: dict[int, dict] = {}
    for t in truth["obligations"]:
        label = ex.last_label(t.get("clause", ""))
        best, best_score = None, 0.0
        for j, g in enumerate(got["obligations"]):
            if j in matched or (label and ex.norm(label) not in [ex.norm(x) for x in g["clause"]]):
                continue
            score = ex.overlap(t["sentence"], g["sentence"])
            if score > best_score:
                best, best_score = j, score
        if best is not None and best_score >= 0.6:
            matched[best] = t
    for j, g in enumerate(got["obligations"]):
        t = matched.get(j)
        if t is None:
            out.append(("obligation", g["confidence"], None, g["sentence"][:40], False))
            continue
        bearer, expected = ex.norm(g["bearer"]), ex.norm(t.get("bearer", ""))
        right = g["modality"] == t["modality"] and bearer in ("", expected)
        complete = g["modality"] == t["modality"] and bearer == expected
        out.append(("obligation", g["confidence"], right, g["sentence"][:40], complete))
    return out


def band(value: float | None) -> str:
    v = -1 if value is None else value
    for low, high in BANDS:
        if low <= v < high:
            return f"{low:.1f}–{min(high, 1.0):.1f}"
    return "none"


def summarise(facts: list[tuple[str, float, bool | None, str]], threshold: float) -> dict:
    out: dict = {"bands": defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0])), "split": {}}
    split = defaultdict(lambda: [0, 0, 0, 0])  # (kind, side) → facts, judged, right, complete
    for kind, confidence, right, _what, complete in facts:
        side = "shown" if confidence is not None and confidence >= threshold else "held"
        for row in (out["bands"][kind][band(confidence)], split[(kind, side)]):
            row[0] += 1
            row[1] += right is not None
            row[2] += bool(right)
            row[3] += bool(complete)
    out["split"] = {f"{k}/{s}": v for (k, s), v in sorted(split.items())}
    out["bands"] = {k: dict(sorted(v.items())) for k, v in out["bands"].items()}
    return out


def precision(row, i: int = 2) -> str:
    return "   —" if not row[1] else f"{row[i] / row[1]:.2f}"


def report(summary: dict, threshold: float) -> None:
    print("\nprecision by confidence band (facts · judged · right → precision; obligations: complete)\n")
    for kind, bands in summary["bands"].items():
        print(kind)
        for name, row in bands.items():
            extra = f"   complete {precision(row, 3)}" if kind == "obligation" else ""
            print(f"  {name:9} {row[0]:5} · {row[1]:5} · {row[2]:5} → {precision(row)}{extra}")
    print(f"\nat the threshold {threshold}: shown without review vs held for review\n")
    for name, row in summary["split"].items():
        extra = f"   complete {precision(row, 3)}" if name.startswith("obligation") else ""
        print(f"  {name:22} {row[0]:5} · {row[1]:5} · {row[2]:5} → {precision(row)}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doc", help="only documents whose file name contains this")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--examples", action="store_true", help="print wrong facts shown and right facts held")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="confidence-"))
    try:
        ex.portal_setup(data_dir)
        facts = []
        for path, truth in ex.cases(args.doc):
            try:
                version = ex.portal_import(path)
                ex.portal_extract(version)
            except Exception as exc:  # noqa: BLE001 — a failed import is reported, not fatal
                print(f"{path.stem}: import failed: {exc}")
                continue
            judged = judge(truth, stored_facts(version))
            facts += judged
            if args.examples:
                for kind, confidence, right, what, _complete in judged:
                    shown = confidence is not None and confidence >= args.threshold
                    if right is not None and shown != right:
                        print(f"  {'wrong, shown' if shown else 'right, held'} {kind} {confidence}: {path.stem}: {what}")
        summary = summarise(facts, args.threshold)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    report(summary, args.threshold)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
