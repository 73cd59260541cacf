"""Reference data that is not printed as clauses: the 附录A organisation nodes and the 附录B
indicators, loaded from corpus/organisation.toml and corpus/indicators.toml.

Each node or indicator is linked to the clauses whose text contains one of its phrases, so that
every box of the diagram and every row of the indicator table points at where it comes from.
``seed_reference_data()`` runs after an import (``manage.py setup_portal``); it is idempotent:
rows are matched by key, their fields and source links set to what the files say.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from content.models import Clause, Dimension, Frequency, Indicator, Organisation, Work

DEFAULT_MAX_SOURCES = 4


@dataclass
class SeedReport:
    organisations: int = 0
    indicators: int = 0
    links: int = 0
    unmatched: list[str] = field(default_factory=list)  # keys whose phrases match no clause


class SeedError(ValueError):
    """A reference-data file that cannot be loaded; the message is one sentence for the user."""


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SeedError(f"找不到参考数据文件 {path}。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"参考数据文件 {path.name} 格式错误：{exc}") from exc


def _matches(text: str, phrases: list[str], require: list[str]) -> bool:
    return any(p in text for p in phrases) and all(r in text for r in require)


class ClauseFinder:
    """Find the clauses of the current versions of chosen works that contain a phrase."""

    def __init__(self, work_keys: list[str]):
        works = list(Work.objects.filter(key__in=work_keys).values_list("pk", "key"))
        rank = {key: i for i, key in enumerate(work_keys)}
        self.work_rank = {pk: rank[key] for pk, key in works}
        self.clauses: list[Clause] | None = None

    def _candidates(self, phrases: list[str]) -> list[Clause]:
        query = Q()
        for phrase in phrases:
            query |= Q(text__contains=phrase) | Q(heading__contains=phrase)
        clauses = Clause.objects.in_current_versions().filter(query)
        if self.work_rank:
            clauses = clauses.filter(version__work_id__in=list(self.work_rank))
        return list(clauses.select_related("version").only("id", "text", "heading", "position", "version__work_id"))

    def find(self, phrases: list[str], require: list[str], limit: int) -> list[Clause]:
        if not phrases:
            return []
        found = [c for c in self._candidates(phrases) if _matches(f"{c.heading}\n{c.text}", phrases, require)]
        found.sort(key=lambda c: (self.work_rank.get(c.version.work_id, 999), c.position))
        return found[:limit]


def _choice(value: str, choices, what: str, key: str) -> str:
    allowed = {v for v, _ in choices}
    if value not in allowed:
        raise SeedError(f"{key} 的{what}「{value}」无效，可选：{'、'.join(sorted(allowed))}。")
    return value


def seed_organisations(data: dict, report: SeedReport) -> None:
    finder = ClauseFinder(data.get("source_works", []))
    limit = int(data.get("max_sources", DEFAULT_MAX_SOURCES))
    nodes = data.get("nodes", [])
    by_key: dict[str, Organisation] = {}
    for position, node in enumerate(nodes):
        key = node["key"]
        group = _choice(node.get("group", "other"), Organisation.Group.choices, "分组", key)
        org, _ = Organisation.objects.update_or_create(
            key=key,
            defaults={
                "name": node["name"],
                "group": group,
                "description": node.get("description", ""),
                "position": position,
            },
        )
        by_key[key] = org
        sources = finder.find(node.get("phrases", []), node.get("require", []), limit)
        org.source_clauses.set(sources)
        report.links += len(sources)
        if not sources:
            report.unmatched.append(key)
    for node in nodes:
        parent_key = node.get("parent")
        if parent_key and parent_key not in by_key:
            raise SeedError(f"组织节点 {node['key']} 的上级「{parent_key}」不存在。")
        org = by_key[node["key"]]
        parent = by_key.get(parent_key) if parent_key else None
        if org.parent_id != (parent.pk if parent else None):
            org.parent = parent
            org.save(update_fields=["parent"])
    report.organisations = len(nodes)


def seed_indicators(data: dict, report: SeedReport) -> None:
    finder = ClauseFinder(data.get("source_works", []))
    limit = int(data.get("max_sources", DEFAULT_MAX_SOURCES))
    items = data.get("indicators", [])
    for position, item in enumerate(items):
        key = item["key"]
        indicator, _ = Indicator.objects.update_or_create(
            key=key,
            defaults={
                "name": item["name"],
                "dimension": _choice(item["dimension"], Dimension.choices, "评价维度", key),
                "unit": item.get("unit", ""),
                "direction": _choice(item.get("direction", "higher"), Indicator.Direction.choices, "方向", key),
                "target": item.get("target", ""),
                "weight": item.get("weight", 1),
                "frequency": _choice(item.get("frequency", "annual"), Frequency.choices, "监测周期", key),
                "description": item.get("description", ""),
                "position": position,
            },
        )
        sources = finder.find(item.get("phrases", []), item.get("require", []), limit)
        indicator.source_clauses.set(sources)
        report.links += len(sources)
        if not sources:
            report.unmatched.append(key)
    report.indicators = len(items)


def seed_reference_data(corpus_dir: Path | None = None) -> SeedReport:
    """Load 附录A organisations and 附录B indicators from ``corpus_dir`` (default: corpus/)."""
    corpus_dir = Path(corpus_dir or Path(settings.BASE_DIR) / "corpus")
    organisations = _load(corpus_dir / "organisation.toml")
    indicators = _load(corpus_dir / "indicators.toml")
    report = SeedReport()
    with transaction.atomic():
        seed_organisations(organisations, report)
        seed_indicators(indicators, report)
    return report
