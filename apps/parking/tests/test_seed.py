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
