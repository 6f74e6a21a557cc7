"""Tagogaya e-bike legs in bus + light-rail trips (issue 4, "In the trip planner")."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from apps.rentals import seed as rentals_seed
from apps.rentals.transit_legs import provider
from apps.transit import facade as transit
from apps.transit import seed as transit_seed

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
QUEEN_TOMB = (35.2447, 128.8775)  # 수로왕비릉, a Tagogaya station ~700 m from the light rail
SASANG = (35.1622791, 128.9859394)  # the light rail's Busan terminus


@pytest.fixture
def gimhae(db):
    transit_seed.run(io.StringIO())
    rentals_seed.run(io.StringIO())


def test_planner_offers_bike_then_light_rail_with_the_bike_priced(gimhae):
    plans = transit.plan_trip(
        from_lat=QUEEN_TOMB[0],
        from_lon=QUEEN_TOMB[1],
        to_lat=SASANG[0],
        to_lon=SASANG[1],
        depart_at=MORNING,
    )
    assert plans
    first = plans[0]
    assert first.modes[0] == "ebike" and "tram" in first.modes
    bike = first.legs[0]
    assert bike["details"]["operator"] == "Tagogaya"
    assert bike["details"]["fare"]["amount_krw"] == 500  # within the first 30 minutes
    assert bike["details"]["to_station"]["code"] != bike["details"]["from_station"]["code"]


def test_no_bike_leg_for_a_short_hop_or_without_bikes(gimhae):
    from apps.rentals.models import Vehicle

    museum = (35.2426, 128.8729)  # 국립김해박물관, 270 m from 박물관역: walk
    legs = provider.access(feed="gimhae-demo", lat=museum[0], lon=museum[1], at=MORNING)
    assert all(leg.distance_m >= 800 for leg in legs)
    Vehicle.objects.update(status=Vehicle.Status.MAINTENANCE)
    assert (
        provider.access(feed="gimhae-demo", lat=QUEEN_TOMB[0], lon=QUEEN_TOMB[1], at=MORNING) == []
    )


def test_the_plan_api_shows_the_bike_leg_and_prices_it_in_the_trip_fare(gimhae, api_client):
    response = api_client.get(
        "/api/v1/transit/plan/",
        {
            "from": f"{QUEEN_TOMB[0]},{QUEEN_TOMB[1]}",
            "to": f"{SASANG[0]},{SASANG[1]}",
            "depart_at": MORNING.isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.json()
    first = response.json()["itineraries"][0]
    bike = first["legs"][0]
    assert bike["mode"] == "ebike"
    assert bike["details"]["from_station"]["name_en"]
    assert "details" not in first["legs"][1]
    fare_legs = first["fare"]["legs"]
    assert any(leg["amount_minor"] == 500 for leg in fare_legs)


def test_the_bike_fare_line_follows_the_request_language(gimhae, api_client):
    query = {
        "from": f"{QUEEN_TOMB[0]},{QUEEN_TOMB[1]}",
        "to": f"{SASANG[0]},{SASANG[1]}",
        "depart_at": MORNING.isoformat(),
    }
    for language, expected in (("ko", "타고가야 전기자전거"), ("en", "Tagogaya e-bike")):
        response = api_client.get("/api/v1/transit/plan/", query, HTTP_ACCEPT_LANGUAGE=language)
        fare_legs = response.json()["itineraries"][0]["fare"]["legs"]
        assert any(expected in (leg.get("product_name") or "") for leg in fare_legs), fare_legs
