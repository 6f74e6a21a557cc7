"""Districts written before they were bilingual become the Korean ones; English stays empty for
`manage.py seed` (or staff) to fill."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from .factories import NicheSpotFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("apps.rentals.migrations.0004_spot_district_ko_en")


def test_the_old_district_becomes_the_korean_one():
    spot = NicheSpotFactory()
    with connection.cursor() as cursor:  # as 0003 left it: one column, in Korean
        cursor.execute(
            "UPDATE rentals_nichespot SET district = %s, district_ko = NULL, district_en = NULL "
            "WHERE id = %s",
            ["진영", spot.id.hex if connection.vendor == "sqlite" else spot.id],
        )
    state = MigrationLoader(connection).project_state(("rentals", "0004_spot_district_ko_en"))

    migration.district_to_ko(state.apps, None)

    spot.refresh_from_db()
    assert (spot.district_ko, spot.district_en) == ("진영", None)
