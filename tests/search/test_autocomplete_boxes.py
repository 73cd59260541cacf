"""Autocomplete in every search box: header, home and search page use one static script (no
inline script: the CSP allows none without a nonce), pointed at the autocomplete endpoint."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_header_home_and_search_boxes_offer_suggestions(client, search_index):
    for url in ("/", "/search/?q=医保"):
        page = client.get(url).content.decode()
        boxes = re.findall(r'<input type="search"[^>]*>', page)
        assert boxes and all('data-autocomplete="/search/autocomplete/"' in b for b in boxes), url
        assert "/static/search/autocomplete.js" in page
        assert "<script>" not in page and "data.suggestions.forEach" not in page
    data = client.get("/search/autocomplete/", {"q": "医联"}).json()
    assert any("医疗联合体" in s["label"] or "医联体" in s["label"] for s in data["suggestions"])
    assert all(s["url"] for s in data["suggestions"])


def test_autocomplete_script_is_served(client):
    from django.contrib.staticfiles import finders

    path = finders.find("search/autocomplete.js")
    assert path and "role" in open(path, encoding="utf-8").read()
