"""20 parallel writers on PostgreSQL: no lost update, every loser gets 409."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from assessment.answers import Conflict, save_answer
from assessment.models import ApiToken, AuditEntry, Response

WRITERS = 20
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run `make test-postgres` (DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)")


def run_parallel(fn):
    barrier = threading.Barrier(WRITERS)

    def wrapped(i):
        try:
            barrier.wait(timeout=30)
            return fn(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(wrapped, range(WRITERS)))


def test_stale_writers_all_get_409_over_the_api(assessment, template, users):
    item = template.items.get(title__contains="专家")
    token = ApiToken.issue(users["assessor"])

    def write(i):
        client = Client()
        r = client.put(
            f"/api/v1/assessments/{assessment.pk}/responses/{item.pk}",
            data=json.dumps({"number": i + 1, "version": 0}), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return r.status_code, r.json()

    results = run_parallel(write)
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] + [409] * (WRITERS - 1)
    winner = next(body for s, body in results if s == 200)
    stored = Response.objects.get(assessment=assessment, item=item)
    assert stored.version == 1 and format(stored.number.normalize(), "f") == winner["values"]["number"]
    for status, body in results:
        if status == 409:
            assert body["current"]["number"] == winner["values"]["number"] and body["current_version"] == 1
    assert AuditEntry.objects.filter(assessment=assessment, action="answer").count() == 1


def test_read_modify_write_with_retries_loses_nothing(assessment, template, users):
    """Every writer adds 1 to the same answers, retrying on conflict: the totals must be exact."""
    items = list(template.items.filter(response_type__in=["number", "percentage"]))[:3]
    conflicts = []

    def write(i):
        for it in items:
            while True:
                r = Response.objects.get(assessment=assessment, item=it)
                value = (r.number or Decimal(0)) + 1
                try:
                    save_answer(assessment, it, {"number": str(value)}, r.version, users["assessor"])
                    break
                except Conflict:
                    conflicts.append(i)

    run_parallel(write)
    for it in items:
        r = Response.objects.get(assessment=assessment, item=it)
        assert r.number == WRITERS and r.version == WRITERS
    assessment.refresh_from_db()
    assert assessment.answered == len(items)
    assert AuditEntry.objects.filter(assessment=assessment, action="answer").count() == WRITERS * len(items)
