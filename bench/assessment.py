"""Benchmark the assessment hot paths against the issue's budgets.

    .venv/bin/python bench/assessment.py [--postgres | --sqlite-wal] [--runs N]

Builds a throwaway database (SQLite in a temp dir, or with --postgres a fresh database
``bench_assessment`` on 127.0.0.1:5432) with a synthetic 150-item template, 1 province → 10 cities
→ 100 counties and 100 counties × 3 periods of filled assessments, then times through the full
Django stack (test client: middleware, session auth, permissions, templates):

- saving one response (POST /assessments/<id>/items/<item>/, JSON)      budget p95 ≤ 50 ms
- a county checklist page with 150 items (GET /assessments/<id>/)        budget ≤ 150 ms
- the province dashboard, 100 counties × 3 periods (GET /assessments/dashboard/)  budget ≤ 300 ms
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(postgres: bool, wal: bool = False) -> None:
    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-assessment-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["PORTAL_SYNC_PROJECTIONS"] = "0"
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_assessment")
            conn.execute("CREATE DATABASE bench_assessment")
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bench_assessment"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    if wal and not postgres:
        # What the settings change proposed to the lead would do: WAL with synchronous=NORMAL,
        # so a commit no longer waits for an fsync of the whole journal.
        from django.db.backends.signals import connection_created

        def pragmas(sender, connection, **kwargs):
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")

        connection_created.connect(pragmas)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(counties: int = 100, items: int = 150):
    from django.contrib.auth import get_user_model

    from assessment.answers import rescore
    from assessment.models import (
        Assessment,
        ChecklistItem,
        ChecklistTemplate,
        Membership,
        Region,
        Response,
        Role,
    )
    from content.models import Dimension

    rng = random.Random(42)
    template = ChecklistTemplate.objects.create(
        key="bench", version=1, title="基准模板", status="published", is_active=True,
        dimension_weights={d: 1 for d in Dimension.values},
    )
    types = ["choice"] * 6 + ["number", "percentage", "date", "text"]
    rows = []
    for i in range(items):
        dim = Dimension.values[i % 5]
        kind = types[i % len(types)]
        rows.append(ChecklistItem(
            template=template, code=f"{'ABCDE'[i % 5]}{i // 5 + 1}", dimension=dim, response_type=kind,
            title=f"检查项 {i + 1}：医共体应当落实第 {i + 1} 项管理要求，并按期报送相关材料和数据。",
            comparator=">=" if kind in {"number", "percentage"} else "", threshold=Decimal(60) if kind in {"number", "percentage"} else None,
            unit="名" if kind == "number" else "", weight=Decimal(1 + i % 3), position=i,
            sources=[{"clause_id": None, "citation": f"《紧密型县域医疗卫生共同体管理规范》5.{i + 1}", "url": "#", "text": "条款原文：" + "牵头医院应当统一管理。" * 8}],
        ))
    ChecklistItem.objects.bulk_create(rows)
    province = Region.objects.create(code="210000", name="辽宁省", level="province")
    User = get_user_model()
    admin = User.objects.create_user("bench-admin", password="x")
    Membership.objects.create(user=admin, role=Role.ADMIN, region=province)
    assessor = None
    cities = [Region.objects.create(code=f"21{c + 1:02d}00", name=f"第{c + 1}市", level="city", parent=province) for c in range(10)]
    regions = []
    for n in range(counties):
        city = cities[n % 10]
        regions.append(Region.objects.create(code=f"{city.code[:4]}{n // 10 + 1:02d}", name=f"第{n + 1}县", level="county", parent=city))
    assessor = User.objects.create_user("bench-assessor", password="x")
    Membership.objects.create(user=assessor, role=Role.ASSESSOR, region=regions[0])
    t0 = time.perf_counter()
    item_rows = list(ChecklistItem.objects.filter(template=template).order_by("position"))
    assessments = Assessment.objects.bulk_create([
        Assessment(template=template, region=region, period=period, period_type="monthly", created_by=admin)
        for region in regions for period in ("2026-01", "2026-02", "2026-03")
    ])
    assessments = list(Assessment.objects.filter(template=template).order_by("id"))
    for a in assessments:
        responses = []
        for item in item_rows:
            r = Response(assessment=a, item=item, version=1)
            kind = item.response_type
            if kind == "choice":
                r.choice = rng.choice(["yes", "yes", "partly", "no", "na"])
            elif kind in {"number", "percentage"}:
                r.number = Decimal(rng.randint(30, 100))
            elif kind == "date":
                r.date = date(2026, rng.randint(1, 12), 1)
            else:
                r.text = "已落实"
            responses.append(r)
        Response.objects.bulk_create(responses)
        rescore(a)
    first = assessments[0]
    print(f"built {counties} counties × 3 periods × {items} items in {time.perf_counter() - t0:.1f} s")
    return first, admin, assessor


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, samples: list[float], budget: float, stat: str = "p95") -> bool:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    value = p95 if stat == "p95" else p50
    ok = value <= budget
    print(f"{name:<48} n={len(samples):>4}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {samples[-1]:7.1f} ms  "
          f"budget {stat} ≤ {budget:.0f} ms  {'OK' if ok else 'OVER'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database bench_assessment")
    parser.add_argument("--sqlite-wal", action="store_true", help="SQLite with journal_mode=WAL, synchronous=NORMAL")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    configure(args.postgres, args.sqlite_wal)
    from django.db import connection
    from django.test import Client

    from assessment.models import ChecklistItem, Response

    a, admin, assessor = build()
    print(f"database: {connection.vendor}")
    client = Client()
    client.force_login(assessor)
    items = list(ChecklistItem.objects.filter(template_id=a.template_id, response_type="choice")[:20])
    versions = {r.item_id: r.version for r in Response.objects.filter(assessment=a)}
    client.get(f"/assessments/{a.pk}/")  # warm templates

    counter = {"i": 0}

    def save_one():
        item = items[counter["i"] % len(items)]
        counter["i"] += 1
        r = client.post(
            f"/assessments/{a.pk}/items/{item.pk}/",
            {"choice": "yes" if counter["i"] % 2 else "partly", "note": "基准", "version": versions[item.pk]},
            HTTP_ACCEPT="application/json",
        )
        assert r.status_code == 200, r.content[:300]
        versions[item.pk] = r.json()["version"]

    ok = report("save one response (POST, JSON)", timed(save_one, args.runs * 5), 50)

    def checklist_page():
        r = client.get(f"/assessments/{a.pk}/")
        assert r.status_code == 200 and r.content.count(b'class="as-item') == 150

    ok &= report("county checklist page, 150 items (GET)", timed(checklist_page, args.runs), 150)

    province = Client()
    province.force_login(admin)
    province.get("/assessments/dashboard/")

    def dashboard():
        r = province.get("/assessments/dashboard/?sort=total&dir=desc")
        assert r.status_code == 200 and r.content.count(b"/assessments/") >= 100

    ok &= report("province dashboard, 100 counties × 3 periods (GET)", timed(dashboard, args.runs), 300)
    if args.postgres:
        connection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
