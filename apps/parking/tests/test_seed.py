import io

import pytest

from apps.parking import seed, selectors
from apps.parking.models import ParkingLot

pytestmark = pytest.mark.django_db


def test_seed_adds_demo_lots_once_and_keeps_staff_edits():
    seed.run(io.StringIO())
    lot = ParkingLot.objects.get(code="demo-bonghwang")
    assert lot.is_demo and selectors.lot_get(lot_id=lot.id).num_spaces == 24
    lot.name_en = "Edited by staff"
    lot.save()
    seed.run(io.StringIO())
    lot.refresh_from_db()
    assert lot.name_en == "Edited by staff"
    assert lot.spaces.count() == 24
    seed.run(io.StringIO(), reset=True)
    lot.refresh_from_db()
    assert lot.name_en == "Bonghwang Station Public Parking"


def test_seed_adds_shared_places_with_windows_and_forecast_history():
    from apps.parking.models import OccupancySnapshot, SharedPlace

    seed.run(io.StringIO())
    seed.run(io.StringIO())
    places = SharedPlace.objects.filter(is_demo=True)
    assert places.count() == 4
    night = places.get(name_en="Inje University Road night parking")
    assert night.windows.count() == 7
    assert OccupancySnapshot.objects.filter(lot__code="demo-bonghwang").count() > 3000
