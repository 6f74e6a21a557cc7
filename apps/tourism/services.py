import csv
from pathlib import Path

from django.db import transaction

from .models import Place


@transaction.atomic
def place_import_csv(*, path: Path) -> int:
    """Create or update places from a CSV of apps/tourism/fixtures (upsert on category + Korean name)."""
    count = 0
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            Place.objects.update_or_create(
                category=row["category"],
                name_ko=row["name_ko"],
                defaults={
                    "name": row["name_ko"],
                    "name_en": row["name_en"],
                    "city": row["city"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "address": row["address"],
                    "description_ko": row["description_ko"],
                    "phone": row["phone"],
                    "parking_spaces": int(row["parking_spaces"]) if row["parking_spaces"] else None,
                    "is_open": row["is_open"] == "1",
                    "source": row["source"],
                },
            )
            count += 1
    return count
