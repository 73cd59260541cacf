"""Shared fixtures: the founding corpus and a database with it imported."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def imported_corpus(django_db_setup, django_db_blocker):
    """A database with the founding corpus imported once for the whole session (read-only use)."""
    from content.importer import import_corpus
    from content.models import Work

    with django_db_blocker.unblock():
        if not Work.objects.filter(has_text=True).exists():
            import_corpus(CORPUS)
    yield CORPUS


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login-throttle counters (and anything else cached) never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
