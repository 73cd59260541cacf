"""One sentence, one result: a clause and the obligation (and checklist item) made from it are
one hit with a badge each; hits show the stage of their document."""

import pytest

from search.service import SENTENCE_TYPES, search

pytestmark = pytest.mark.django_db


def _all_hits(query):
    first = search(query, per_page=50, facets=False)
    hits = list(first.hits)
    for page in range(2, first.pages + 1):
        hits += search(query, page=page, per_page=50, facets=False).hits
    return first, hits


def test_clause_and_its_obligation_are_one_result_with_badges(search_index):
    from knowledge.models import Obligation

    first, hits = _all_hits("医保")
    clause_keys = [h["members"] for h in hits if h["type"] in SENTENCE_TYPES]
    assert clause_keys
    # no clause appears twice, and the count is the number of results shown
    shown_clauses = [h["id"] for h in hits if h["type"] == "clause"]
    assert len(shown_clauses) == len(set(shown_clauses))
    assert first.total == len(hits)
    merged = [h for h in hits if {"clause", "obligation"} <= {b["type"] for b in h["badges"]}]
    assert merged, "no clause hit carries its obligation's badge"
    hit = merged[0]
    assert [b["label"] for b in hit["badges"]][:2] == ["条款", "义务"]
    obligation_pk = int(next(m for m in hit["members"] if m.startswith("obligation:")).split(":")[1])
    assert f"clause:{Obligation.objects.get(pk=obligation_pk).clause_id}" == hit["id"]
    assert hit["modality"]  # the obligation's modality travels with the result


def test_grouping_keeps_pages_consistent(search_index):
    first, hits = _all_hits("医保")
    ids = [h["id"] for h in hits]
    assert len(ids) == len(set(ids)) == first.total
    page2 = search("医保", page=2, per_page=5, facets=False)
    assert [h["id"] for h in page2.hits] == [h["id"] for h in search("医保", per_page=10, facets=False).hits][5:10]


def test_obligation_filter_still_lists_obligations(search_index):
    result = search("医保", filters={"type": ["obligation"]}, per_page=20, facets=False)
    assert result.total and all(h["type"] == "obligation" for h in result.hits)


def test_hits_show_the_stage_of_their_document(client, search_index):
    from content.models import Version

    stages = dict(Version.objects.filter(is_current=True).values_list("work__key", "stage"))
    assert "template" in stages.values()
    result = search("县总医院", per_page=10, facets=False)
    template_hits = [h for h in result.hits if h["stage"] == "template"]
    assert template_hits and template_hits[0]["stage_label"] == "模板"
    page = client.get("/search/", {"q": "县总医院"}).content.decode()
    assert 'class="badge badge-template" title="文本阶段">模板</span>' in page
    api = client.get("/api/v1/search", {"q": "县总医院"}).json()
    assert any(h["stage_label"] == "模板" and h["badges"] for h in api["hits"])
