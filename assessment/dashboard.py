"""The reviewer and province dashboard — 汇总看板: counties × dimensions, grades, trends.

Reads only the cached scores on ``Assessment`` rows (one query), so 100 counties × 3 periods
stay fast.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from assessment import permissions, scoring
from assessment.models import Region, Status
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
    # every county in scope appears, those without an assessment for this period as 未开始
    started = {r["region__code"] for r in current}
    for region in _counties_in_scope(user).exclude(code__in=started).order_by("parent__code", "code"):
        table.append({
            "id": None, "county": region.name, "city": region.parent.name if region.parent else "",
            "status": _("未开始"), "score": "—", "score_value": None, "grade": "", "grade_label": _("未开始"),
            "progress": "—", "dims": ["—" for _d in dims], "dim_values": [None for _d in dims], "not_started": True,
        })
    not_started = sum(1 for t in table if t.get("not_started"))
    distribution = Counter(r["grade"] or "none" for r in current)
    trend_by_period: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r["score"] is not None:
            trend_by_period[r["period"]].append(float(r["score"]))
    chart = {
        "dimensions": [str(label) for _d, label in dims],
        "radar": [{"name": t["county"], "value": [v if v is not None else 0 for v in t["dim_values"]]} for t in table if t["id"]],
        "distribution": [
            {"name": grade_label(g), "value": distribution.get(g, 0)}
            for g in (scoring.EXCELLENT, scoring.PASS, scoring.FAIL)
        ] + ([{"name": _("未评定"), "value": distribution["none"]}] if distribution.get("none") else [])
          + ([{"name": _("未开始"), "value": not_started}] if not_started else []),
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
        "not_started": not_started,
    }


def _counties_in_scope(user):
    scope = permissions.scope_for(user)
    qs = Region.objects.filter(level=Region.RegionLevel.COUNTY).select_related("parent")
    return qs if scope.is_admin else qs.filter(id__in=scope.reviewer_counties | scope.assessor_counties)
