"""Building one work's search units takes a fixed number of queries, whatever its size (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_one_works_units_take_a_fixed_number_of_queries(imported_corpus):
    from content.models import Clause
    from knowledge.models import Obligation
    from search.units import indexable_works, work_units

    works = list(indexable_works())
    sized = sorted(
        works,
        key=lambda w: Clause.objects.filter(version__work=w, version__is_current=True).count(),
    )
    small, large = sized[0], sized[-1]
    assert Obligation.objects.filter(clause__version__work=large).count() > 20
    list(work_units(next(indexable_works(pk=small.pk))))  # warm per-process caches (Wagtail's Site)
    counts = {}
    for work in (small, large):
        work = next(indexable_works(pk=work.pk))
        with CaptureQueriesContext(connection) as queries:
            units = list(work_units(work))
        counts[work.key] = (len(queries), len(units))
    (small_queries, small_units), (large_queries, large_units) = counts[small.key], counts[large.key]
    assert large_units > 5 * small_units
    assert large_queries == small_queries, [q["sql"][:200] for q in queries.captured_queries]
    assert large_queries <= 12
