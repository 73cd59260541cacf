"""Work on one document is linear in its size: parse + extract timed on hostile and growing inputs.

    python bench/import_bounds.py [--full]

Pure functions only (no database): normalise → clause tree → citations, obligations and
definitions of every clause, as an import and its extraction run them. Three families:

(a) one article number repeated (第一条 … N times);
(b) one clause of S characters (a single sentence full of citations and modal words), and one
    made of abbreviations (X（以下简称Y）) one after another;
(c) a real corpus document (the 办法 of corpus file 003) repeated k times, articles renumbered.

Each family is timed at growing sizes and the time per unit printed: when work is linear that
figure stays flat as the size grows. ``--full`` adds the issue's sizes (20,000 articles, 15 MB).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.parse.identifiers import int_to_cn  # noqa: E402
from content.parse.normalise import normalise  # noqa: E402
from content.parse.structure import parse_structure  # noqa: E402
from knowledge.extract.citations import extract_citations  # noqa: E402
from knowledge.extract.definitions import extract_definitions  # noqa: E402
from knowledge.extract.obligations import extract_obligations  # noqa: E402

SENTENCE = (
    "牵头医院应当每年开展不少于2次培训，根据《医疗联合体管理办法（试行）》（国卫医发〔2020〕13号）"
    "执行GB/T 27775-2011，各成员单位不得推诿患者（以下简称“推诿”），"
)


def parse_and_extract(text: str) -> int:
    """What an import does to one document's text before it touches the database."""
    parsed = parse_structure(normalise(text).text)
    found = 0
    for node in parsed.walk():
        found += len(extract_citations(node.text))
        found += len(extract_obligations(node.text, heading=node.heading))
        found += len(extract_definitions(node.text))
    return found


ABBREVIATION = "推进紧密型县域医疗卫生共同体（以下简称医共体）建设，"


def repeated_articles(n: int) -> str:
    return "\n".join("第一条 医共体应当按照规定开展工作。" for _ in range(n))


def single_clause(size: int) -> str:
    return "第一条 " + SENTENCE * (size // len(SENTENCE)) + "。"


def abbreviations_clause(size: int) -> str:
    return "第一条 " + ABBREVIATION * (size // len(ABBREVIATION)) + "。"


def corpus_document(copies: int) -> str:
    text = next(ROOT.glob("corpus/003_*.txt")).read_text(encoding="utf-8")
    body = text[text.index("医疗联合体管理办法\n\n(试行)") :]
    counter = iter(range(1, 10**9))
    return re.sub(r"(?m)^第[一二三四五六七八九十百]+条", lambda _m: f"第{int_to_cn(next(counter))}条", body * copies)


def timed(label: str, text: str, unit: str, units: int) -> float:
    start = time.perf_counter()
    parse_and_extract(text)
    elapsed = time.perf_counter() - start
    per = elapsed / units * 1e6
    print(f"  {label:<28} {len(text) / 1e6:7.2f} MB  {elapsed:7.2f} s  {per:9.1f} µs/{unit}", flush=True)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="add the issue's sizes: 20,000 articles and 15 MB")
    args = parser.parse_args(argv)

    print("(a) one article number repeated")
    for n in (1_250, 5_000, 20_000):
        timed(f"{n} × 第一条", repeated_articles(n), "article", n)

    print("(b) one clause, one sentence full of citations")
    sizes = [250_000, 1_000_000, 2_000_000] + ([15_000_000] if args.full else [])
    for size in sizes:
        timed(f"{size / 1e6:g} MB clause", single_clause(size), "kB", size // 1000)

    print("(b') one clause, one abbreviation (以下简称) after another")
    for size in sizes:
        timed(f"{size / 1e6:g} MB clause", abbreviations_clause(size), "kB", size // 1000)

    print("(c) a corpus document repeated, articles renumbered")
    copies = [1, 4, 16, 64] + ([256] if args.full else [])
    for k in copies:
        text = corpus_document(k)
        timed(f"{k} × 办法", text, "kB", max(1, len(text) // 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
