"""Occupancy snapshots and the free-space forecast on the lot detail."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.parking import forecast, services
from apps.parking.models import OccupancySnapshot
from apps.parking.simulation import simulate
from apps.parking.windows import SEOUL

from .factories import LotFactory, SpaceFactory


def test_the_profile_blend_beats_same_as_now_on_held_out_days():
    start = datetime(2026, 9, 7, tzinfo=SEOUL)
    samples = simulate(start=start, days=28, spaces=50, seed=7)
    split = start + timedelta(days=21)
    model = forecast.model_fit([(at, free / 50) for at, free in samples if at < split])
    test = dict((at, free) for at, free in samples if at >= split)
    for minutes in forecast.HORIZONS:
        ours = naive = 0.0
        for at, free in test.items():
            later = test.get(at + timedelta(minutes=minutes))
            if later is None:
                continue
            ours += abs(model.predict(now=at, share_now=free / 50, minutes=minutes) * 50 - later)
            naive += abs(free - later)
        assert ours < naive, minutes
    assert all(0 <= phi <= 1 for phi in model.phi.values())


@pytest.mark.django_db
def test_snapshots_are_taken_once_per_five_minutes():
    space = SpaceFactory(state="free")
    SpaceFactory(lot=space.lot, state="occupied")
    LotFactory()  # no sensors: nothing to record
    now = timezone.now()
    assert services.snapshot_record(now=now) == 1
    services.snapshot_record(now=now)
    snap = OccupancySnapshot.objects.get()
    assert (snap.num_free, snap.num_occupied) == (1, 1)
    assert snap.at.minute % 5 == 0 and snap.at.second == 0


@pytest.mark.django_db
def test_the_lot_detail_forecasts_once_there_is_history(api_client):
    cache.clear()
    space = SpaceFactory(state="free")
    for _ in range(9):
        SpaceFactory(lot=space.lot, state="occupied")
    url = f"/api/v1/parking/lots/{space.lot_id}/"
    assert api_client.get(url).json()["forecast"] == []
    now = timezone.now()
    start = (now - timedelta(days=7)).astimezone(SEOUL)
    start = start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)
    OccupancySnapshot.objects.bulk_create(
        OccupancySnapshot(
            lot=space.lot, at=at, num_free=free, num_occupied=10 - free, num_unknown=0
        )
        for at, free in simulate(start=start, days=7, spaces=10)
    )
    cache.clear()
    body = api_client.get(url).json()
    assert [p["minutes"] for p in body["forecast"]] == [15, 30, 60]
    assert all(0 <= p["num_free"] <= 10 for p in body["forecast"])
