"""Demo data for `make seed`: real Gimhae places (tourist sites and light-rail stations).

apps/tourism/fixtures/gimhae_places.csv is built from the Gimhae rows of the national tourist-site
standard data, 전국관광지정보표준데이터 (data.go.kr, data date 2022-06-07) and light-rail
station coordinates © OpenStreetMap contributors (ODbL). English names of the tourist sites were
added by Ieum. 부경동물원 (Bugyeong Zoo) has closed and is loaded as not open.

Seeding adds the places that are missing and leaves the others as staff edited them; `seed --reset`
writes the fixture's values back.
"""

import csv
from pathlib import Path

from django.db.models import Q

from .models import Place

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gimhae_places.csv"


def _values(row: dict) -> dict:
    return {
        "name": row["name_ko"],
        "name_ko": row["name_ko"],
        "name_en": row["name_en"],
        "category": row["category"],
        "city": row["city"],
        "lat": float(row["lat"]),
        "lon": float(row["lon"]),
        "address": row["address"],
        "description_ko": row["description_ko"],
        "phone": row["phone"],
        "parking_spaces": int(row["parking_spaces"]) if row["parking_spaces"] else None,
        "is_open": row["is_open"] == "1",
        "source": row["source"],
    }


def run(stdout, *, reset: bool = False) -> None:
    added = restored = 0
    with FIXTURE.open(encoding="utf-8", newline="") as f:
        rows = [_values(row) for row in csv.DictReader(f)]
    for values in rows:
        # Places have no code: a demo place is there when one of its category has its Korean name
        # or exactly its coordinates, so a place staff renamed (or moved) is not added again.
        place = (
            Place.objects.filter(category=values["category"])
            .filter(Q(name_ko=values["name_ko"]) | Q(lat=values["lat"], lon=values["lon"]))
            .order_by("id")
            .first()
        )
        if place is None:
            Place.objects.create(**values)
            added += 1
        elif reset:
            for field, value in values.items():
                setattr(place, field, value)
            place.save()
            restored += 1
    stdout.write(
        f"tourism: {len(rows)} Gimhae places ({added} added"
        + (f", {restored} reset to the demo values)" if reset else ")")
    )
