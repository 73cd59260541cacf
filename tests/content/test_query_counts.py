"""No N+1 on the hot paths of content: the number of queries of the document page and the
documents API does not grow with the number of clauses or related works."""

import pytest

from tests.query_counts import document, queries, relate

pytestmark = pytest.mark.django_db

# Measured: 14 for the document page (7 of them Wagtail's page serving), 7 for the API.
DOCUMENT_PAGE_MAX = 16
DOCUMENT_API_MAX = 9


@pytest.fixture
def small_and_large(imported_corpus):
    small, _v, _c = document("qc-small", 3)
    relate(small, 1)
    large, _v, _c = document("qc-large", 60)
    relate(large, 8)
    return small, large


def test_document_page_queries_do_not_grow_with_the_document(client, small_and_large):
    small = queries(client, "/documents/qc-small/")
    large = queries(client, "/documents/qc-large/")
    assert large == small
    assert large <= DOCUMENT_PAGE_MAX


def test_document_page_links_every_related_work(client, small_and_large):
    _small, large = small_and_large
    page = client.get("/documents/qc-large/").content.decode()
    for i in range(8):
        url = f"/documents/qc-large-rel{i}/" if i % 2 == 0 else f"/works/qc-large-rel{i}/"
        assert f'href="{url}"' in page, url


def test_document_api_queries_do_not_grow_with_the_document(client, small_and_large):
    small = queries(client, "/api/v1/documents/qc-small/")
    large = queries(client, "/api/v1/documents/qc-large/")
    assert large == small
    assert large <= DOCUMENT_API_MAX
