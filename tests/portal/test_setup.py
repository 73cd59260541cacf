"""`make setup` (setup_portal): a fresh instance gets a site, the corpus and an admin account;
running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from content.models import Clause, DocumentPage, Version, Work

pytestmark = pytest.mark.django_db


def counts():
    return (Work.objects.count(), Version.objects.count(), Clause.objects.count(), DocumentPage.objects.count(), Page.objects.count())


def test_setup_twice_changes_nothing(imported_corpus, settings, tmp_path):
    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    call_command("setup_portal", "--no-static", stdout=io.StringIO())
    first = counts()
    out = io.StringIO()
    call_command("setup_portal", "--no-static", stdout=out)
    assert counts() == first
    assert "语料已导入" in out.getvalue()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.__class__.__name__ == "HomePage"
