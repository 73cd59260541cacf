"""No N+1 on the hot paths of knowledge: the clause page with its knowledge panel and the
references report keep a fixed number of queries however many citations they show."""

import pytest

from content.models import Term
from knowledge.models import Citation, Obligation
from tests.query_counts import document, queries

pytestmark = pytest.mark.django_db

CLAUSE_PAGE_MAX = 17  # measured: 15 (7 of them Wagtail's page serving and the breadcrumb)
REFERENCES_MAX = 3  # measured: 2


def cite(clause, work, target=None, doc_number="", title="", **extra):
    return Citation.objects.create(
        clause=clause, span_start=0, span_end=4, raw_text=f"《{work.title}》", title=title or work.title,
        doc_number=doc_number, work=work, target_clause=target, confidence=0.9, **extra,
    )


def panel_for(clause, n: int, prefix: str):
    """``clause`` cites ``n`` works (half with pages) and is cited by ``n`` documents' clauses."""
    for i in range(n):
        cited, _v, cited_clauses = document(f"{prefix}-cited{i}", 2, with_page=i % 2 == 0)
        cite(clause, cited, target=cited_clauses[1] if i % 3 == 0 else None)
        _w, _v, citing_clauses = document(f"{prefix}-citing{i}", 2)
        cite(citing_clauses[1], clause.version.work, target=clause)
        Obligation.objects.create(clause=clause, span_start=0, span_end=2, text=f"应当{i}", modality="must", confidence=0.9)
        Term.objects.create(pref_label=f"{prefix}术语{i}", definition="定义", source_clause=clause)


def test_clause_page_queries_do_not_grow_with_the_panel(client, imported_corpus):
    _w, _v, small = document("qc-clause-small", 3)
    panel_for(small[1], 1, "qs")
    _w, _v, large = document("qc-clause-large", 3)
    panel_for(large[1], 8, "ql")
    few = queries(client, "/documents/qc-clause-small/art1/")
    many = queries(client, "/documents/qc-clause-large/art1/")
    assert many == few
    assert many <= CLAUSE_PAGE_MAX
    page = client.get("/documents/qc-clause-large/art1/").content.decode()
    assert page.count('href="/documents/ql-citing') == 8  # every citing clause linked to its page


def test_references_report_queries_do_not_grow_with_the_findings(client, imported_corpus):
    baseline = queries(client, "/references/")
    for i in range(10):
        cited, _v, _c = document(f"qc-ref-cited{i}", 2, with_page=i % 2 == 0)
        cited.doc_number = f"原发〔2019〕{i + 1}号"
        cited.save()
        _w, _v, citing = document(f"qc-ref-citing{i}", 2)
        # cited under a number that is not the work's own: a number_conflict finding each
        cite(citing[1], cited, doc_number=f"测试发〔2020〕{i + 1}号")
    with_findings = queries(client, "/references/")
    assert with_findings == baseline
    assert with_findings <= REFERENCES_MAX
    report = client.get("/references/", {"format": "json"}).json()
    flagged = {c["work"] for f in report["findings"] for c in f["clauses"]}
    assert {f"qc-ref-citing{i}" for i in range(10)} <= flagged
