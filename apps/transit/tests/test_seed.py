import io
from pathlib import Path

import pytest

from apps.transit import seed
from apps.transit.models import Feed, Stop, Trip
from apps.transit.services.gtfs_import import feed_import

pytestmark = pytest.mark.django_db


def test_gimhae_demo_feed_loads_once(api_client):
    out = io.StringIO()
    seed.run(out)
    seed.run(out)  # the same version is already live: nothing changes
    assert "already live" in out.getvalue()
    feed = Feed.objects.get(name="gimhae-demo")
    assert feed.is_live and feed.version == "gimhae-demo-2025.1"
    assert "invented bus routes" in feed.info.publisher_name
    stations = Stop.objects.filter(feed=feed, location_type=Stop.LocationType.STATION).order_by(
        "stop_id"
    )
    assert stations.count() == 21
    assert (stations.first().name_ko, stations.last().name_en) == (
        "사상역",
        "Kaya University Station",
    )
    assert Trip.objects.filter(feed=feed, frequency_template_id="BGL-WD-1").count() > 150

    # the light rail end to end, in Korean by default, with the first and last trains
    its = api_client.get(
        "/api/v1/transit/plan/",
        {"from_stop": "BGL01", "to_stop": "BGL21", "depart_at": "2025-03-04T05:00:00+09:00"},
    ).json()["itineraries"]
    assert its[0]["departure"] == "2025-03-04T05:11:00+09:00"
    assert its[0]["legs"][0]["mode"] == "tram" and its[0]["legs"][0]["headsign"] == "가야대"
    assert 35 * 60 <= its[0]["duration_s"] <= 45 * 60
    last = api_client.get(
        "/api/v1/transit/stops/BGL01/",
        {"at": "2025-03-04T23:59:00+09:00", "limit": 3},
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert last["name"] == "Sasang Station"
    # the last train leaves at 00:09 (24:09:00 on Tuesday's service), the next at 05:11
    assert [d["scheduled"] for d in last["departures"]] == [
        "2025-03-04T23:59:00+09:00",
        "2025-03-05T00:09:00+09:00",
        "2025-03-05T05:11:00+09:00",
    ]

    # a bus from City Hall to the Gaya Theme Park
    its = api_client.get(
        "/api/v1/transit/plan/",
        {
            "from": "35.2285,128.8894",
            "to": "35.2516,128.8937",
            "depart_at": "2025-03-04T10:00:00+09:00",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["itineraries"]
    assert [leg["route"]["short_name"] for leg in its[0]["legs"] if leg["route"]] == ["10"]


def test_a_feed_staff_imported_under_the_demo_name_is_left_alone():
    theirs = feed_import(
        path=Path(__file__).resolve().parent / "data" / "caltrain-2017-07-24.zip",
        name=seed.FEED_NAME,
    )
    out = io.StringIO()
    seed.run(out)
    assert "left as it is" in out.getvalue()
    assert Feed.objects.get(name=seed.FEED_NAME, is_live=True).id == theirs.id
    seed.run(out, reset=True)  # unless the demo is asked for
    assert Feed.objects.get(name=seed.FEED_NAME, is_live=True).version == seed.VERSION
