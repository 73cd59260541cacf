"""Extraction and search quality on the development set of real documents (bench/devset/).

    python bench/extraction.py [--set dev|heldout|fresh|fresh2] [--doc NAME] [--json out.json] [--no-search]

``--set heldout`` measures the held-out set (bench/heldout/): documents that no rule and no test
was written from, so a gap between its figures and the dev set's shows tuning to the dev set.
``--set fresh`` measures the fresh set (bench/fresh/), whose truth was written before the portal
was run on it; kept for honest end-of-session figures.
``--set fresh2`` measures the second fresh set (bench/fresh2/), built the same way once the
held-out and first fresh sets had been used to diagnose errors.

Each document is imported with the portal's own importer into a fresh database (a temporary
PORTAL_DATA_DIR), extracted with the portal's own pipeline, and compared with its hand-checked
truth (bench/devset/truth/*.toml); nothing is tuned here. Printed, per field: precision and
recall (P = correct / predicted, R = correct / expected), over the whole set:

- metadata: title, 文号, standard code, issuers, issued, effective, kind, level; and how many
  values are shown without the review mark (「自动识别，待审核」) and wrong — the failure a reader
  cannot see — against those shown marked;
- structure: chapter / article / top-level part / attachment counts (exact) and the first labels;
- citations: matched by normalised title or 文号; then relation and cited clause among matches;
  and how many spans listed as not citations (licences, forms) were taken for citations;
- obligations: matched by clause and sentence overlap (the truth lists a sample of each
  document's obligations, so obligation-level precision is not measured); then per field
  (modality, bearer, quantity, frequency, deadline, condition) among the truth rows;
- definitions: by term (or alias);
- search: for each question, whether the answering clause (or the document, when the truth gives
  no clause) is in the top 5 of the portal's search service.

Targets (issue 9): metadata and structure ≥ 0.95; citations and obligation fields ≥ 0.90;
search top-5 ≥ 0.90.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.devset import SETS, cases  # noqa: E402

# =============================================================================================
# Adapter: every call into the portal lives here, so a renamed API is fixed in one place.
# =============================================================================================


def portal_setup(data_dir: Path) -> None:
    """A fresh database in ``data_dir``; extraction and indexing are run explicitly below."""
    os.environ["PORTAL_DATA_DIR"] = str(data_dir)
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.SEARCH_INDEX_DIR = data_dir / "search-index"
    settings.ELASTICSEARCH_URL = ""
    call_command("migrate", verbosity=0)
    from portal.setup import ensure_site

    ensure_site()
    # Import parses and persists; extraction is called explicitly (one document at a time).
    from content.signals import version_imported

    version_imported.receivers.clear()
    version_imported.sender_receivers_cache.clear()


def portal_import(path: Path):
    """Import one file with the portal's importer; returns its current Version (or raises)."""
    from content.importer import import_paths

    report = import_paths([path])
    versions = report.versions
    if not versions:
        raise RuntimeError("no version imported")
    return versions[-1]


def portal_extract(version) -> None:
    from knowledge.pipeline import extract_version

    extract_version(version, resolve=False)


def portal_read(version) -> dict:
    """What the portal holds for one imported document, in the truth's vocabulary."""
    from content.models import Clause
    from knowledge.models import Citation, Obligation

    try:
        from content.models import Term
    except ImportError:  # the glossary may move
        from knowledge.models import Term

    work = version.work
    clauses = list(Clause.objects.filter(version=version).order_by("position"))
    by_pk = {c.pk: c for c in clauses}

    def chain(clause) -> list[str]:
        labels, node = [], clause
        while node is not None:
            if node.label:
                labels.append(node.label)
            node = by_pk.get(node.parent_id)
        return labels[::-1]

    top = [
        c
        for c in clauses
        if c.parent_id is None and c.kind not in ("preamble", "closing", "table", "paragraph")
    ]
    out = {
        "metadata": {
            "title": work.title,
            "doc_number": work.doc_number,
            "standard_code": work.standard_code,
            "issuers": list(work.issuers or []),
            "issued": work.date_issued.isoformat() if work.date_issued else "",
            "effective": work.date_effective.isoformat() if work.date_effective else "",
            "kind": work.kind,
            "level": work.level,
            # fields the import flagged for review: shown with 「自动识别，待审核」, not as fact
            "review": list(work.metadata_review or []),
        },
        "structure": {
            "chapters": sum(c.kind == "chapter" for c in clauses),
            "articles": sum(c.kind == "article" for c in clauses),
            "parts": sum(1 for c in top if c.kind in ("heading", "clause", "part")),
            "attachments": sum(c.kind == "annex" for c in clauses),
            "first_labels": [
                c.label for c in clauses if c.label and c.kind not in ("paragraph", "table")
            ][:4],
        },
        "citations": [
            {
                "raw": c.raw_text,
                "title": c.title,
                "doc_number": c.doc_number or c.standard_code,
                "clause": c.target_clause_label,
                "relation": c.relation,
                "where": chain(by_pk[c.clause_id]),
            }
            for c in Citation.objects.filter(clause__version=version).order_by(
                "clause__position", "span_start"
            )
            # a reference to a clause of the same document (本条例第十六条) is not a citation of another
            if c.title or c.doc_number or c.standard_code
        ],
        "obligations": [
            {
                "sentence": o.text,
                "clause": chain(by_pk[o.clause_id]),
                "modality": o.modality,
                "bearer": o.duty_bearer,
                "quantity": {
                    "comparator": o.quantity_comparator,
                    "value": float(o.quantity_value) if o.quantity_value is not None else None,
                    "unit": o.quantity_unit,
                },
                "frequency": o.frequency,
                "deadline": o.deadline.isoformat() if o.deadline else getattr(o, "deadline_text", ""),
                "condition": o.condition,
            }
            for o in Obligation.objects.filter(clause__version=version).order_by(
                "clause__position", "span_start"
            )
        ],
        "definitions": [
            {"term": t.pref_label, "aliases": list(t.alt_labels or []), "definition": t.definition}
            for t in Term.objects.filter(source_clause__version=version)
        ],
    }
    return out


def portal_build_index() -> int:
    from search.engines import reset_engines
    from search.indexing import rebuild

    reset_engines()
    return rebuild()


def portal_search(question: str, n: int = 5) -> list[dict]:
    """Top ``n`` hits: document title, type, and the labels of the hit's clause and its ancestors."""
    from content.models import Clause
    from knowledge.models import Obligation
    from search.service import search

    def chain(clause) -> list[str]:
        labels = []
        while clause is not None:
            if clause.label:
                labels.append(clause.label)
            clause = clause.parent
        return labels[::-1]

    out = []
    for h in search(question, per_page=n, facets=False).hits[:n]:
        kind, _, pk = str(h["id"]).partition(":")
        clause = None
        if kind == "clause":
            clause = Clause.objects.filter(pk=pk).first()
        elif kind == "obligation":
            ob = Obligation.objects.filter(pk=pk).select_related("clause").first()
            clause = ob.clause if ob else None
        out.append(
            {
                "type": h["type"],
                "document": h.get("document_title") or h.get("title") or "",
                "labels": chain(clause) if clause else ([h["label"]] if h.get("label") else []),
            }
        )
    return out


# =============================================================================================
# Comparison (pure)
# =============================================================================================

BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "（", ")": "）"})
FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}


DEBRIS_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
try:
    from opencc import OpenCC

    _t2s = OpenCC("t2s").convert
except ImportError:  # comparison of traditional-character copies is then stricter
    _t2s = lambda text: text  # noqa: E731


def norm(text: str) -> str:
    """For comparison only: no spaces, one bracket style, simplified characters, no pinyin debris."""
    text = _t2s(DEBRIS_RE.sub("", text or ""))
    return re.sub(r"\s+", "", text).translate(BRACKETS).translate(FULLWIDTH).strip('《》“”"')


ISO_UNITS = {"年": "Y", "月": "M", "个月": "M", "周": "W", "星期": "W", "日": "D", "天": "D"}
NAMED_PERIODS = {
    "每年": "P1Y",
    "每半年": "P6M",
    "每季度": "P3M",
    "每季": "P3M",
    "每月": "P1M",
    "每周": "P1W",
    "每日": "P1D",
    "每天": "P1D",
}


def norm_frequency(text: str) -> str:
    """Truth is written as printed (每2年一次, 每季度); the portal may store ISO 8601 (P2Y)."""
    text = norm(text).replace("两", "2").replace("二", "2").replace("至少", "")
    text = re.sub(r"[一1]次$", "", text)
    if re.fullmatch(r"P\d+[YMWD]", text):
        return text
    for word, iso in NAMED_PERIODS.items():
        if text == word:
            return iso
    m = re.fullmatch(r"每(\d+)(年|个月|月|周|星期|日|天)", text)
    if m:
        return f"P{m.group(1)}{ISO_UNITS[m.group(2)]}"
    return text


DASHES = str.maketrans({c: "-" for c in "—–－―‐‑‒−"})


def norm_code(text: str) -> str:
    """文号 / standard code for comparison: as ``norm``, any dash one hyphen (GB/T 1.1—2020 =
    GB/T 1.1-2020: GB/T 1.1 prints an em dash, the portal stores the normal form with a hyphen)."""
    return norm(text).translate(DASHES).removeprefix("中华人民共和国")


def last_label(clause: str) -> str:
    return clause.split("/")[-1] if clause else ""


def overlap(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size / min(len(a), len(b))


@dataclass
class Tally:
    """Precision / recall counts for one field."""

    correct: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, expected: bool, predicted: bool, correct: bool) -> None:
        self.expected += expected
        self.predicted += predicted
        self.correct += correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None

    def as_dict(self) -> dict:
        r = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {
            "precision": r(self.precision),
            "recall": r(self.recall),
            "correct": self.correct,
            "predicted": self.predicted,
            "expected": self.expected,
        }


@dataclass
class Scores:
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    shown: Counter = field(default_factory=Counter)  # metadata values shown, by review mark

    def tally(
        self,
        name: str,
        expected: bool,
        predicted: bool,
        correct: bool,
        doc: str = "",
        detail: str = "",
    ) -> None:
        self.fields[name].add(expected, predicted, correct)
        if not correct and (expected or predicted):
            kind = f"{name}: " + (
                "missing"
                if expected and not predicted
                else "spurious"
                if predicted and not expected
                else "wrong"
            )
            self.errors[kind] += 1
            if len(self.examples[kind]) < EXAMPLES and detail:
                self.examples[kind].append(f"{doc}: {detail}")


def compare_metadata(truth: dict, got: dict, s: Scores, doc: str) -> None:
    for name in ("title", "doc_number", "standard_code", "issued", "effective", "kind", "level"):
        t, g = truth.get(name, ""), got.get(name, "")
        if name == "title":
            t, g = norm(t), norm(g)
        # 中华人民共和国国务院令第N号 and 国务院令第N号 name the same decree
        if name in ("doc_number", "standard_code"):
            t, g = norm_code(t), norm_code(g)
        if name == "kind":
            # "other" is no kind: neither expected of the portal nor credited when it says so
            t, g = ("" if x == "other" else x for x in (t, g))
        if name == "level" and g == "unknown":
            g = ""
        s.tally(
            f"metadata.{name}",
            bool(t),
            bool(g),
            bool(t) and t == g,
            doc,
            f"expected {t!r}, got {g!r}",
        )
        if g:
            # Wrong is worse than missing: a wrong value shown without the review mark is the
            # failure readers cannot see; a flagged one is shown as 待审核.
            flagged = name in got.get("review", ())
            s.shown["flagged" if flagged else "unmarked"] += 1
            if not (bool(t) and t == g):
                s.shown["flagged wrong" if flagged else "unmarked wrong"] += 1
                if not flagged:
                    s.examples["metadata shown unmarked and wrong"].append(
                        f"{doc}: {name} {g!r} (expected {t!r})"
                    )
    t_iss, g_iss = (
        {norm(x) for x in truth.get("issuers", [])},
        {norm(x) for x in got.get("issuers", [])},
    )
    for x in t_iss | g_iss:
        s.tally("metadata.issuers", x in t_iss, x in g_iss, x in t_iss and x in g_iss, doc, x)


def compare_structure(truth: dict, got: dict, s: Scores, doc: str) -> None:
    for name in ("chapters", "articles", "parts", "attachments"):
        if name not in truth:
            continue
        t, g = truth[name], got.get(name, 0)
        s.tally(f"structure.{name}", True, True, t == g, doc, f"expected {t}, got {g}")
    if truth.get("first_labels"):
        t = [norm(x) for x in truth["first_labels"]]
        g = [norm(x) for x in got.get("first_labels", [])][: len(t)]
        s.tally("structure.first_labels", True, True, t == g, doc, f"expected {t}, got {g}")


def _citation_key_match(t: dict, g: dict) -> bool:
    tt, gt = norm(t.get("title", "")), norm(g.get("title", ""))
    tn, gn = norm_code(t.get("doc_number", "")), norm_code(g.get("doc_number", ""))
    return bool((tt and tt == gt) or (tn and tn == gn))


def compare_citations(truth: dict, got: dict, s: Scores, doc: str) -> None:
    preds, seen = [], set()
    for g in got["citations"]:
        key = norm(g["title"]) or norm(g["doc_number"])
        if key in seen:
            continue
        seen.add(key)
        preds.append(g)
    used: set[int] = set()
    for t in truth["citations"]:
        j = next(
            (j for j, g in enumerate(preds) if j not in used and _citation_key_match(t, g)), None
        )
        s.tally("citations", True, False, j is not None, doc, f"missed {t['raw']}")
        if j is None:
            continue
        used.add(j)
        g = preds[j]
        s.tally(
            "citations.relation",
            True,
            True,
            t.get("relation", "cites") == g["relation"],
            doc,
            f"{t['raw']}: expected {t.get('relation')}, got {g['relation']}",
        )
        if t.get("clause") or g["clause"]:
            s.tally(
                "citations.clause",
                bool(t.get("clause")),
                bool(g["clause"]),
                norm(t.get("clause", "")) == norm(g["clause"]),
                doc,
                f"{t['raw']}: expected {t.get('clause')!r}, got {g['clause']!r}",
            )
        if t.get("doc_number") or g["doc_number"]:
            s.tally(
                "citations.doc_number",
                bool(t.get("doc_number")),
                bool(g["doc_number"]),
                norm_code(t.get("doc_number", "")) == norm_code(g["doc_number"]),
                doc,
                f"{t['raw']}: expected {t.get('doc_number')!r}, got {g['doc_number']!r}",
            )
    not_citations = {norm(x) for x in truth["not_citations"].get("spans", [])}
    for j, g in enumerate(preds):
        if j in used:
            continue
        s.fields["citations"].predicted += 1
        kind = (
            "citations: spurious (listed as not a citation)"
            if norm(g["title"]) in not_citations
            else "citations: spurious"
        )
        s.errors[kind] += 1
        if len(s.examples[kind]) < 6:
            s.examples[kind].append(f"{doc}: {g['raw']}")
    s.fields["citations"].predicted += len(used)
    # Each span listed as not a citation counts once: avoided (correct) or taken for a citation.
    for x in sorted(not_citations):
        avoided = not any(norm(g["title"]) == x for g in preds)
        s.tally("not_citations.avoided", True, True, avoided, doc, f"taken for a citation: {x}")


def _quantity(q) -> tuple:
    if not q or q.get("value") in (None, ""):
        return ()
    return (q.get("comparator", ""), float(q["value"]), norm(q.get("unit", "")))


def compare_obligations(truth: dict, got: dict, s: Scores, doc: str) -> None:
    preds = got["obligations"]
    used: set[int] = set()
    for t in truth["obligations"]:
        label = last_label(t.get("clause", ""))
        best, best_score = None, 0.0
        for j, g in enumerate(preds):
            if j in used or (label and norm(label) not in [norm(x) for x in g["clause"]]):
                continue
            score = overlap(t["sentence"], g["sentence"])
            if score > best_score:
                best, best_score = j, score
        found = best is not None and best_score >= 0.6
        # The truth lists a sample of each document's obligations: only recall is measured here.
        s.tally(
            "obligations", True, False, found, doc, f"[{t.get('clause', '')}] {t['sentence'][:40]}"
        )
        g = preds[best] if found else {}
        if found:
            used.add(best)
        # Per field, among the truth rows (a missed obligation misses its fields).
        s.tally(
            "obligations.modality",
            True,
            bool(g.get("modality")),
            g.get("modality") == t["modality"],
            doc,
            f"{t['sentence'][:30]}: expected {t['modality']}, got {g.get('modality')}",
        )
        tb, gb = norm(t.get("bearer", "")), norm(g.get("bearer", ""))
        s.tally(
            "obligations.bearer",
            bool(tb),
            bool(gb),
            bool(tb) and tb == gb,
            doc,
            f"expected {tb!r}, got {gb!r}",
        )
        tq, gq = _quantity(t.get("quantity")), _quantity(g.get("quantity"))
        if tq or gq:
            s.tally(
                "obligations.quantity",
                bool(tq),
                bool(gq),
                bool(tq) and tq == gq,
                doc,
                f"expected {tq}, got {gq}",
            )
        tf, gf = norm_frequency(t.get("frequency", "")), norm_frequency(g.get("frequency", ""))
        if tf or gf:
            s.tally(
                "obligations.frequency",
                bool(tf),
                bool(gf),
                bool(tf) and tf == gf,
                doc,
                f"expected {tf!r}, got {gf!r}",
            )
        td, gd = t.get("deadline", ""), g.get("deadline", "")
        if td or gd:
            name = (
                "obligations.deadline"
                if re.fullmatch(r"\d{4}-\d\d-\d\d", td or gd)
                else "obligations.deadline_relative"
            )
            s.tally(
                name, bool(td), bool(gd), bool(td) and td == gd, doc, f"expected {td!r}, got {gd!r}"
            )
        tc, gc = norm(t.get("condition", "")), norm(g.get("condition", ""))
        if tc or gc:
            s.tally(
                "obligations.condition",
                bool(tc),
                bool(gc),
                bool(tc) and bool(gc) and (tc in gc or gc in tc),
                doc,
                f"expected {tc!r}, got {gc!r}",
            )


def compare_definitions(truth: dict, got: dict, s: Scores, doc: str) -> None:
    names = [{norm(d["term"]), *map(norm, d.get("aliases", []))} for d in got["definitions"]]
    used: set[int] = set()
    for t in truth["definitions"]:
        term = norm(t["term"])
        j = next((j for j, n in enumerate(names) if j not in used and term in n), None)
        s.tally("definitions", True, False, j is not None, doc, f"missed {t['term']}")
        if j is not None:
            used.add(j)
    s.fields["definitions"].predicted += len(names)
    for j, n in enumerate(names):
        if j not in used:
            s.errors["definitions: spurious"] += 1
            if len(s.examples["definitions: spurious"]) < 6:
                s.examples["definitions: spurious"].append(f"{doc}: {sorted(n)}")


# =============================================================================================
# Run
# =============================================================================================

EXAMPLES = int(os.environ.get("DEVSET_EXAMPLES", "4"))
TARGETS = {
    "metadata": 0.95,
    "structure": 0.95,
    "citations": 0.90,
    "obligations": 0.90,
    "search": 0.90,
}


def run(name: str | None, with_search: bool, data_dir: Path, which: str = "dev") -> dict:
    portal_setup(data_dir)
    s = Scores()
    titles: dict[str, str] = {}
    questions: list[tuple[str, dict]] = []
    documents = list(cases(name, SETS[which]))
    if not documents:
        raise SystemExit(f"没有匹配 {name!r} 的文档")
    for i, (path, truth) in enumerate(documents, 1):
        doc = path.stem
        started = time.perf_counter()
        try:
            version = portal_import(path)
            portal_extract(version)
            got = portal_read(version)
            state = "ok"
        except Exception as exc:  # an import failure costs the document every field
            got = {
                "metadata": {},
                "structure": {},
                "citations": [],
                "obligations": [],
                "definitions": [],
            }
            state = f"FAILED: {type(exc).__name__}: {str(exc)[:80]}"
            s.errors["import failed"] += 1
            s.examples["import failed"].append(f"{doc}: {state}")
        titles[doc] = got["metadata"].get("title", "")
        compare_metadata(truth.get("metadata", {}), got["metadata"], s, doc)
        compare_structure(truth.get("structure", {}), got["structure"], s, doc)
        compare_citations(truth, got, s, doc)
        compare_obligations(truth, got, s, doc)
        compare_definitions(truth, got, s, doc)
        questions += [(doc, q) for q in truth["questions"]]
        print(
            f"[{i}/{len(documents)}] {doc}: {state} · {len(got['citations'])} citations, "
            f"{len(got['obligations'])} obligations, {len(got['definitions'])} terms "
            f"({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
    out = {
        "set": which,
        "documents": len(documents),
        "fields": {k: v.as_dict() for k, v in sorted(s.fields.items())},
        "metadata_shown": {
            k: s.shown[k] for k in ("unmarked", "unmarked wrong", "flagged", "flagged wrong")
        },
    }
    if with_search:
        started = time.perf_counter()
        units = portal_build_index()
        print(f"index: {units} units in {time.perf_counter() - started:.1f} s", flush=True)
        hits, misses = 0, []
        for doc, q in questions:
            top = portal_search(q["q"])
            label = norm(last_label(q.get("clause", "")))
            ok = any(
                h["document"]
                and norm(h["document"]) == norm(titles[doc])
                and (not label or label in [norm(x) for x in h["labels"]])
                for h in top
            )
            hits += ok
            if not ok:
                misses.append(
                    f"{doc}: {q['q']} → {q.get('clause') or '(document)'}; got "
                    + ", ".join(f"{h['document'][:12]}/{'/'.join(h['labels'])}" for h in top)
                )
        out["search_top5"] = {
            "hits": hits,
            "questions": len(questions),
            "rate": round(hits / len(questions), 3) if questions else None,
        }
        out["search_misses"] = misses
    out["errors"] = s.errors.most_common()
    out["examples"] = dict(s.examples)
    return out


def fmt(v) -> str:
    return "   —" if v is None else f"{v:.2f}"


def report(out: dict) -> None:
    print(f"\n{out['set']} set: {out['documents']} documents\n")
    print(f"{'field':34} {'P':>5} {'R':>5}   correct/predicted/expected")
    for name, f in out["fields"].items():
        print(
            f"{name:34} {fmt(f['precision']):>5} {fmt(f['recall']):>5}   {f['correct']}/{f['predicted']}/{f['expected']}"
        )
    ms = out.get("metadata_shown")
    if ms:
        print(
            f"\nmetadata values shown: {ms['unmarked']} without a review mark "
            f"({ms['unmarked wrong']} of them wrong), {ms['flagged']} marked 待审核 "
            f"({ms['flagged wrong']} of them wrong)"
        )
        for ex in out["examples"].get("metadata shown unmarked and wrong", [])[:8]:
            print(f"  unmarked wrong: {ex}")
    if "search_top5" in out:
        st = out["search_top5"]
        print(f"\nsearch top-5: {st['hits']}/{st['questions']} = {fmt(st['rate'])}")
        for m in out["search_misses"][:15]:
            print(f"  miss: {m}")
    below = []
    for name, f in out["fields"].items():
        target = next((t for prefix, t in TARGETS.items() if name.startswith(prefix)), None)
        measured = [v for v in (f["precision"], f["recall"]) if v is not None]
        worst = min(measured, default=None)
        if target is not None and worst is not None and worst < target:
            below.append(f"{name} {worst:.2f} < {target:.2f}")
    if "search_top5" in out and (out["search_top5"]["rate"] or 0) < TARGETS["search"]:
        below.append(f"search top-5 {out['search_top5']['rate']:.2f} < {TARGETS['search']:.2f}")
    out["below_target"] = below
    print(f"\nbelow target ({len(below)}): " + ("; ".join(below) if below else "none"))
    print("\nmost common errors:")
    for kind, n in out["errors"][:15]:
        print(f"  {n:4}  {kind}")
        for ex in out["examples"].get(kind, [])[:3]:
            print(f"          e.g. {ex}")


def check_truth(which: str = "dev") -> int:
    """Every truth sentence, raw citation, definition and question clause is in its document."""
    problems = 0
    for path, truth in cases(root=SETS[which]):
        text = norm(path.read_text(encoding="utf-8"))
        spans = [("obligation", r["sentence"]) for r in truth["obligations"]]
        spans += [("citation", r["raw"]) for r in truth["citations"]]
        spans += [("not_citation", r) for r in truth["not_citations"].get("spans", [])]
        spans += [
            ("definition", r["definition"])
            for r in truth["definitions"]
            if len(norm(r["definition"])) > 8
        ]
        spans += [
            ("question clause", last_label(q.get("clause", "")))
            for q in truth["questions"]
            if q.get("clause")
        ]
        spans.append(("title", truth["metadata"]["title"]))
        for what, span in spans:
            if norm(span) not in text:
                problems += 1
                print(f"{path.name}: {what} not in the document: {span[:60]}")
    print(f"checked {sum(1 for _ in cases(root=SETS[which]))} documents: {problems} problems")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--set", dest="which", choices=sorted(SETS), default="dev", help="which set to measure"
    )
    parser.add_argument("--doc", help="only documents whose file name contains this")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--no-search", action="store_true", help="skip the search part")
    parser.add_argument(
        "--check", action="store_true", help="only check the truth files against the documents"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary data dir (database, index) and print it",
    )
    args = parser.parse_args()
    if args.check:
        raise SystemExit(1 if check_truth(args.which) else 0)
    data_dir = Path(tempfile.mkdtemp(prefix="devset-"))
    try:
        out = run(args.doc, not args.no_search, data_dir, args.which)
    finally:
        if args.keep:
            print(f"data dir kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    report(out)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nwritten {args.json}")


if __name__ == "__main__":
    main()
