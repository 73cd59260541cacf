"""Loading the province → city → county tree from corpus/regions.toml — 行政区划."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from assessment.models import Region

REGIONS_FILE = Path(settings.BASE_DIR) / "corpus" / "regions.toml"


def load_tree(path: Path = REGIONS_FILE) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def seed_regions(path: Path = REGIONS_FILE) -> tuple[int, int]:
    """Create or update the regions in ``path``; returns (cities, counties)."""
    data = load_tree(path)
    cities = counties = 0
    with transaction.atomic():
        province, _ = Region.objects.update_or_create(
            code=data["province"]["code"], defaults={"name": data["province"]["name"], "level": "province", "parent": None}
        )
        for city in data.get("city", []):
            c, _ = Region.objects.update_or_create(
                code=city["code"], defaults={"name": city["name"], "level": "city", "parent": province}
            )
            cities += 1
            for code, name in city.get("counties", []):
                Region.objects.update_or_create(code=code, defaults={"name": name, "level": "county", "parent": c})
                counties += 1
    return cities, counties
