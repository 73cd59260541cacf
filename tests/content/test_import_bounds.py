"""Hostile input does not hang an import: parse + extract stay linear in the document's size.

Behaviour tests with generous bounds (about ten times the time measured on a busy 2-core
machine), so they cannot flake but do catch work that grows with the square of the input: before
the fix, 20,000 repeated article numbers took 25 s to parse and a 2 MB clause did not finish.
``bench/import_bounds.py`` prints the figures behind them.
"""

import time
from pathlib import Path

from content.parse.normalise import normalise
from content.parse.structure import parse_structure
from knowledge.extract.citations import extract_citations
from knowledge.extract.definitions import extract_definitions
from knowledge.extract.obligations import extract_obligations

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def parse_and_extract(text: str) -> tuple[int, int, int]:
    parsed = parse_structure(normalise(text).text)
    clauses = citations = obligations = 0
    for node in parsed.walk():
        clauses += 1
        citations += len(extract_citations(node.text))
        obligations += len(extract_obligations(node.text, heading=node.heading))
        extract_definitions(node.text)
    return clauses, citations, obligations


def corpus_prose() -> str:
    """The corpus's clause texts run together: real density of citations and modal words."""
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        parsed = parse_structure(normalise(path.read_text(encoding="utf-8")).text, require_structure=False)
        texts.extend(node.text for node in parsed.walk())
    return "".join(texts).replace("\n", "")


def test_repeated_article_numbers_parse_in_linear_time():
    text = "\n".join("第一条 医共体应当按照规定开展工作。" for _ in range(20_000))
    start = time.perf_counter()
    parsed = parse_structure(normalise(text).text)
    elapsed = time.perf_counter() - start
    paths = [node.path for node in parsed.walk()]
    assert len(paths) == len(set(paths)) == 20_000
    assert paths[:3] == ["art1", "art1-2", "art1-3"]
    assert elapsed < 5, f"20,000 repeated articles took {elapsed:.1f} s to parse (measured ≈0.3 s)"


def test_repeated_article_numbers_parse_and_extract_quickly():
    text = "\n".join("第一条 医共体应当按照规定开展工作。" for _ in range(5_000))
    start = time.perf_counter()
    clauses, _, obligations = parse_and_extract(text)
    elapsed = time.perf_counter() - start
    assert clauses == 5_000 and obligations == 5_000
    assert elapsed < 15, f"5,000 repeated articles took {elapsed:.1f} s (measured ≈1.2 s)"


def test_a_two_megabyte_clause_parses_and_extracts_without_hanging():
    prose = corpus_prose()
    text = "第一条 " + prose * (2_000_000 // len(prose) + 1)
    start = time.perf_counter()
    clauses, citations, obligations = parse_and_extract(text)
    elapsed = time.perf_counter() - start
    assert clauses == 1
    assert citations > 1_000 and obligations > 1_000
    assert elapsed < 60, f"a 2 MB clause took {elapsed:.1f} s (measured ≈5 s)"


def test_a_two_megabyte_clause_of_abbreviations_does_not_hang():
    unit = "推进紧密型县域医疗卫生共同体（以下简称医共体）建设，"
    text = "第一条 " + unit * (2_000_000 // len(unit))
    start = time.perf_counter()
    parsed = parse_structure(normalise(text).text)
    definitions = sum(len(extract_definitions(node.text)) for node in parsed.walk())
    elapsed = time.perf_counter() - start
    assert definitions == 2_000_000 // len(unit)
    assert elapsed < 20, f"2 MB of abbreviations took {elapsed:.1f} s (measured ≈2.5 s)"
