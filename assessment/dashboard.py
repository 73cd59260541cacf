"""The reviewer and province dashboard — 汇总看板: counties × dimensions, grades, trends.

Reads only the cached scores on ``Assessment`` rows (one query), so 100 counties × 3 periods
stay fast.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from assessment import permissions, scoring
from assessment.models import Status
from assessment.periods import sort_key
from assessment.presentation import fmt_score, grade_label, grade_rule_text, period_label
from content.models import Dimension

SORT_KEYS = {"county", "city", "total", "grade", "progress", *Dimension.values}


def dashboard_data(user, period: str = "", sort: str = "total", direction: str = "desc") -> dict:
    rows = list(
        permissions.visible_assessments(user).values(
            "id", "period", "status", "score", "grade", "dimension_scores", "answered", "total_items",
            "region__name", "region__code", "region__parent__name",
        )
    )
    periods = sorted({r["period"] for r in rows}, key=sort_key)
    if period not in periods:
        period = periods[-1] if periods else ""
    current = [r for r in rows if r["period"] == period]
    sort = sort if sort in SORT_KEYS else "total"
    reverse = direction != "asc"

    def key(r):
        if sort == "county":
            return (r["region__code"],)
        if sort == "city":
            return (r["region__parent__name"] or "", r["region__code"])
        if sort == "progress":
            return (r["answered"] / r["total_items"] if r["total_items"] else 0,)
        if sort in Dimension.values:
            v = (r["dimension_scores"] or {}).get(sort)
            return (v is not None, v or 0)
        if sort == "grade":
            return ({"excellent": 3, "pass": 2, "fail": 1}.get(r["grade"], 0),)
        return (r["score"] is not None, r["score"] or 0)

    current.sort(key=key, reverse=reverse)
    dims = list(Dimension.choices)
    table = [
        {
            "id": r["id"],
            "county": r["region__name"],
            "city": r["region__parent__name"] or "",
            "status": Status(r["status"]).label,
            "score": fmt_score(r["score"]),
            "score_value": None if r["score"] is None else float(r["score"]),
            "grade": r["grade"],
            "grade_label": grade_label(r["grade"]),
            "progress": f"{r['answered']}/{r['total_items']}",
            "dims": [fmt_score((r["dimension_scores"] or {}).get(d)) for d, _label in dims],
            "dim_values": [(r["dimension_scores"] or {}).get(d) for d, _label in dims],
        }
        for r in current
    ]
    distribution = Counter(r["grade"] or "none" for r in current)
    trend_by_period: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r["score"] is not None:
            trend_by_period[r["period"]].append(float(r["score"]))
    chart = {
        "dimensions": [str(label) for _d, label in dims],
        "radar": [{"name": t["county"], "value": [v if v is not None else 0 for v in t["dim_values"]]} for t in table],
        "distribution": [
            {"name": grade_label(g), "value": distribution.get(g, 0)}
            for g in (scoring.EXCELLENT, scoring.PASS, scoring.FAIL)
        ] + ([{"name": _("未评定"), "value": distribution["none"]}] if distribution.get("none") else []),
        "trend": {
            "periods": [period_label(p) for p in periods],
            "average": [round(sum(v) / len(v), 1) if v else None for v in (trend_by_period.get(p, []) for p in periods)],
            "count": [len(trend_by_period.get(p, [])) for p in periods],
        },
    }
    return {
        "period": period,
        "period_label": period_label(period) if period else "",
        "periods": [(p, period_label(p)) for p in periods],
        "dims": dims,
        "table": table,
        "sort": sort,
        "dir": "desc" if reverse else "asc",
        "chart": chart,
        "grade_rule": grade_rule_text(),
    }
