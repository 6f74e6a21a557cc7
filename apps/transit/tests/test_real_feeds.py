"""The real feeds in apps/transit/tests/data (see the README there): import, and the planner
against the independent reference (tests/reference.py)."""

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from apps.transit import models as m
from apps.transit.planner.plan import Place, earliest_arrival, plan
from apps.transit.planner.timetable import timetable_for
from apps.transit.services.gtfs_import import feed_import

from .reference import ReferencePlanner

pytestmark = pytest.mark.django_db

GTFS = Path(__file__).resolve().parent / "data"


def test_cairns_earliest_arrivals_equal_the_reference():
    feed = feed_import(path=GTFS / "cairns_gtfs.zip", name="cairns")
    assert feed.stats["stop_times"] == 37790 and feed.stats["trips"] == 1339
    assert feed.timezone == "Australia/Brisbane"
    tt = timetable_for(feed)
    reference = ReferencePlanner(feed)
    tz = ZoneInfo(feed.timezone)
    stops = [s for i, s in enumerate(tt.stop_ids) if tt.stop_type[i] == 0]
    rng = random.Random(3)
    reached = 0
    for _ in range(30):
        a, b = rng.sample(stops, 2)
        when = datetime(2014, 6, 2, rng.randint(7, 18), rng.randint(0, 59), tzinfo=tz)
        ours = earliest_arrival(
            tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when
        )
        assert ours == reference.earliest_arrival(a, b, when), (a, b, when)
        reached += ours is not None
        for itinerary in plan(tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when):
            assert reference.replay(itinerary) == [], (a, b, when)
    assert reached >= 20


def test_caltrain_imports_with_fares_and_plans(api_client):
    feed = feed_import(path=GTFS / "caltrain-2017-07-24.zip", name="caltrain")
    assert m.FareAttribute.objects.filter(feed=feed).count() == 6
    assert m.FareRule.objects.filter(feed=feed).count() == 144
    assert m.FareAttribute.objects.get(feed=feed, fare_id="OW_1_20160228").price == Decimal("3.75")
    response = api_client.get(
        "/api/v1/transit/plan/",
        {
            "from_stop": "70012",
            "to_stop": "70262",
            "depart_at": "2017-07-24T08:00:00-07:00",
            "feed": "caltrain",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    its = response.json()["itineraries"]
    ride = [leg for leg in its[0]["legs"] if leg["route"]][0]
    assert ride["mode"] == "rail" and ride["from"]["id"] == "70012"
    assert its[0]["arrival"].startswith("2017-07-24T09:") and its[0]["arrival"].endswith("-07:00")
    reference = ReferencePlanner(feed)
    assert reference.replay(its[0]) == []
