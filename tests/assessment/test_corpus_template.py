"""A template built from the imported founding corpus."""

from decimal import Decimal

import pytest

from assessment.checklist import build_template
from assessment.scoring import Answer, item_fraction
from assessment.search_units import checklist_units


@pytest.fixture
def corpus_template(imported_corpus, db):
    return build_template(publish=True)


def test_items_trace_to_clauses_and_show_their_text(corpus_template):
    items = list(corpus_template.items.prefetch_related("clauses"))
    # Curated: county-level duties and the indicator system only (47 items before the obligation
    # extractor learnt targets and verb-led bearers; 27 after). A floor, not a tuned count.
    assert len(items) >= 25
    from_obligations = [i for i in items if i.obligation_id]
    assert from_obligations
    for item in from_obligations:
        # a merged item keeps every source: each of its clauses with its text as it was
        clauses = {c.id: c for c in item.clauses.all()}
        clause = clauses[item.obligation.clause_id]
        by_clause = {s["clause_id"]: s for s in item.sources}
        assert set(by_clause) == set(clauses)
        assert by_clause[clause.id]["text"] == clause.text and by_clause[clause.id]["citation"].startswith("《")
        assert all(by_clause[cid]["text"] == c.text for cid, c in clauses.items())
        assert item.obligation.text in clause.text
    assert {i.dimension for i in items} >= {"management", "capability"}


def test_quantified_items_evaluate_at_their_thresholds(corpus_template):
    quantified = list(corpus_template.items.exclude(comparator="").exclude(threshold=None))
    assert len(quantified) >= 5
    for item in quantified:
        t = item.threshold
        def frac(v, item=item):
            return item_fraction(Answer(item.response_type, number=Decimal(v), comparator=item.comparator, threshold=item.threshold))
        if item.comparator == ">=":
            assert frac(t) == 1 and frac(t - Decimal("0.5")) == 0, item.title
        elif item.comparator == "<=":
            assert frac(t) == 1 and frac(t + Decimal("0.5")) == 0, item.title
        elif item.comparator == ">":
            assert frac(t) == 0 and frac(t + 1) == 1
        elif item.comparator == "<":
            assert frac(t) == 0 and frac(t - Decimal("0.5")) == 1
    beds = next((i for i in quantified if "床位不少于500张" in i.title), None)
    assert beds is not None and beds.comparator == ">=" and beds.threshold == 500 and beds.unit == "张"


def test_checklist_items_are_search_units(corpus_template):
    units = list(checklist_units())
    assert len(units) == corpus_template.items.count()
    unit = units[0]
    assert unit["type"] == "checklist_item" and unit["id"].startswith("checklist_item:")
    assert unit["url"].startswith(f"/assessments/templates/{corpus_template.pk}/#item-")
