"""Practitioners' words: the curated synonym list, and synonym groups editors add in the admin."""

import pytest
from django.urls import reverse

from search.service import search

pytestmark = pytest.mark.django_db


def _texts(query, n=10):
    return [h["text"] for h in search(query, per_page=n, facets=False).hits]


@pytest.mark.parametrize(
    "query,other",
    [
        ("慢病", "慢性病"),  # a clause saying only 慢性病 answers 慢病
        ("慢性病", "慢病"),
        ("打包付费", "总额付费"),  # no corpus text says 打包付费
        ("派出", "派驻"),
    ],
)
def test_curated_synonyms_find_each_other(search_index, query, other):
    texts = _texts(query, 20)
    assert any(other in t and query not in t for t in texts), f"{query} found no text saying only {other}"
    understood = search(query).understood
    assert any(u["kind"] == "同义词" and other in u["text"] for u in understood)


def test_curated_file_is_general_vocabulary_in_groups():
    from search.synonyms import curated_groups

    groups = curated_groups()
    assert len(groups) >= 30
    assert all(len(g) >= 2 for g in groups)
    assert ("慢病", "慢性病") == groups[0][:2]


def test_synonym_added_in_the_admin_changes_results(admin_client, search_index):
    """No code change, no re-index: the saved group empties the synonym cache and the next query
    uses it."""
    from content.models import Clause
    from search.models import SynonymGroup

    answer = Clause.objects.filter(version__is_current=True, text__contains="双向转诊").values_list("pk", flat=True)
    answer_ids = {f"clause:{pk}" for pk in answer}
    assert answer_ids
    before = [h["id"] for h in search("双转服务", per_page=10, facets=False).hits]
    assert not answer_ids & set(before[:3])

    response = admin_client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"),
        {"labels": "双转、双向转诊", "note": "口语", "enabled": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SynonymGroup.objects.get().label_list() == ["双转", "双向转诊"]
    after = [h["id"] for h in search("双转服务", per_page=10, facets=False).hits]
    assert answer_ids & set(after[:3])

    # switching the group off in the admin takes it back out
    group = SynonymGroup.objects.get()
    admin_client.post(
        reverse("wagtailsnippets_search_synonymgroup:edit", args=[group.pk]),
        {"labels": group.labels, "note": "", "enabled": ""},
    )
    assert [h["id"] for h in search("双转服务", per_page=10, facets=False).hits] == before


def test_admin_rejects_a_group_of_one_word(admin_client, db):
    from search.models import SynonymGroup

    response = admin_client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"), {"labels": "双转", "enabled": "on"}
    )
    assert response.status_code == 200
    assert "至少要有两个不同的词" in response.content.decode()
    assert not SynonymGroup.objects.exists()
