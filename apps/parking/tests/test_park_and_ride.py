"""Park and ride in the trip planner: drive to a lot by a light-rail station with free spaces
forecast at arrival, walk to the station; the fee estimated from the tariff for the stay, settled
on exit and never in the ticket's total."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.core.travel_time import road_leg
from apps.parking import seed as parking_seed
from apps.parking import tariffs
from apps.parking.models import ParkingLot, ParkingSpace
from apps.parking.transit_legs import provider
from apps.transit import facade as transit
from apps.transit import seed as transit_seed

pytestmark = pytest.mark.django_db

JANGYU = (35.1920, 128.8060)  # Jangyu, south-west of the light rail: a drive away from it
TO_BUSAN = (35.1930, 128.9560)  # near the line's south end, towards Busan
TARIFF = {"base_minutes": 30, "base_krw": 500, "unit_minutes": 10, "unit_krw": 200,
          "daily_max_krw": 6000}  # fmt: skip


@pytest.fixture
def gimhae(db):
    cache.clear()
    transit_seed.run(io.StringIO())
    parking_seed.run(io.StringIO())


def _trip(modes=frozenset({"park_and_ride"}), return_at=None):
    return transit.TripContext(
        origin=JANGYU, destination=TO_BUSAN, modes=modes, return_at=return_at
    )


def _access(trip, at=None):
    return provider.access(
        feed="gimhae-demo", lat=JANGYU[0], lon=JANGYU[1], at=at or timezone.now(), trip=trip
    )


def test_fee_from_the_tariff_and_the_stay():
    assert tariffs.fee_krw(TARIFF, minutes=20) == 500  # within the base time
    assert tariffs.fee_krw(TARIFF, minutes=30) == 500
    assert tariffs.fee_krw(TARIFF, minutes=31) == 700  # one started unit
    assert tariffs.fee_krw(TARIFF, minutes=90) == 500 + 6 * 200
    assert tariffs.fee_krw(TARIFF, minutes=10 * 60) == 6000  # the day ticket caps it
    assert tariffs.fee_krw(TARIFF, minutes=24 * 60 + 30) == 6000 + 500
    assert tariffs.fee_krw({**TARIFF, "free": True}, minutes=600) == 0
    assert tariffs.fee_krw({"free": False}, minutes=60) is None  # the tariff does not say
    assert tariffs.fee_krw({"base_minutes": 30, "base_krw": 500}, minutes=20) == 500
    assert tariffs.fee_krw({"base_minutes": 30, "base_krw": 500}, minutes=40) is None


def test_offered_only_when_asked(gimhae):
    assert _access(None) == []
    assert _access(_trip(modes=frozenset())) == []
    assert provider.egress(
        feed="gimhae-demo", lat=JANGYU[0], lon=JANGYU[1], at=timezone.now(), trip=_trip()
    ) == []  # fmt: skip


def test_offers_a_lot_with_free_spaces_and_estimates_the_fee(gimhae):
    now = timezone.now()
    legs = _access(_trip(return_at=now + timedelta(hours=3)), at=now)
    assert legs and all(leg.mode == "park_and_ride" for leg in legs)
    leg = min(legs, key=lambda x: x.duration_s)
    lot = ParkingLot.objects.get(code=leg.details["lot"]["code"])
    drive = road_leg(JANGYU, (lot.lat, lot.lon), kind="car")
    assert leg.details["drive_s"] == drive.seconds and leg.details["drive_m"] == drive.metres
    assert leg.duration_s > drive.seconds  # parking and the walk to the station
    assert leg.details["free_spaces_expected"] >= 1
    stay = 3 * 60 - drive.seconds / 60
    assert leg.details["fee_estimate_krw"] == tariffs.fee_krw(lot.tariff, minutes=stay)
    assert leg.details["fare"]["settled_on_exit"] is True
    # the stop is a light-rail stop a short walk from the lot
    stops = transit.nearby_stops(lat=lot.lat, lon=lot.lon, radius_m=400, mode="tram")
    assert leg.stop_id in {s.stop_id for s in stops}


def test_skips_a_full_lot(gimhae):
    # a few minutes' drive from Buwon station's lot: arriving this soon, the live count holds
    near_buwon = (35.2160, 128.8843)

    def lots():
        legs = provider.access(
            feed="gimhae-demo", lat=near_buwon[0], lon=near_buwon[1], at=timezone.now(),
            trip=_trip(),
        )  # fmt: skip
        return {leg.details["lot"]["code"] for leg in legs}

    assert "demo-buwon" in lots()
    ParkingSpace.objects.filter(lot__code="demo-buwon").update(state=ParkingSpace.State.OCCUPIED)
    assert "demo-buwon" not in lots()


def test_no_fee_estimate_without_a_return_time(gimhae):
    legs = _access(_trip())
    assert legs and all(leg.details["fee_estimate_krw"] is None for leg in legs)
    assert all(leg.details["fare"]["estimate"] is False for leg in legs)


def _plan(client, **extra):
    depart = timezone.localtime(timezone.now() + timedelta(minutes=1)).replace(microsecond=0)
    return client.get(
        "/api/v1/transit/plan/",
        {
            "from": f"{JANGYU[0]},{JANGYU[1]}",
            "to": f"{TO_BUSAN[0]},{TO_BUSAN[1]}",
            "depart_at": depart.isoformat(),
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_planner_returns_a_park_and_ride_itinerary(gimhae, client):
    until = timezone.localtime(timezone.now() + timedelta(hours=4)).replace(microsecond=0)
    response = _plan(client, park_and_ride="true", park_until=until.isoformat())
    assert response.status_code == 200, response.json()
    itineraries = response.json()["itineraries"]
    parked = [i for i in itineraries if i["legs"][0]["mode"] == "park_and_ride"]
    assert parked, [[leg["mode"] for leg in i["legs"]] for i in itineraries]
    trip = parked[0]
    leg = trip["legs"][0]
    assert leg["details"]["lot"]["name_en"] and leg["details"]["free_spaces_expected"] >= 1
    fee = leg["details"]["fee_estimate_krw"]
    assert fee is not None
    fare = trip["fare"]["legs"][0]
    assert fare["kind"] == "on_exit" and fare["amount_minor"] == 0
    assert "settled on exit" in fare["explanation"] and "not charged" in fare["explanation"]
    if fee:
        assert f"{fee:,} KRW" in fare["explanation"]
    rides = sum(f["amount_minor"] for f in trip["fare"]["legs"][1:])
    assert trip["fare"]["total_minor"] == rides  # the parking fee is not in the ticket
    ko = _plan(client, park_and_ride="true", park_until=until.isoformat(),
               HTTP_ACCEPT_LANGUAGE="ko")  # fmt: skip
    assert ko.status_code == 200


def test_not_offered_unless_asked_and_return_time_checked(gimhae, client):
    plain = _plan(client)
    # Jangyu is beyond a walk from any stop: without the car there is no trip at all
    assert plain.status_code == 400 and "no_stops_nearby" in str(plain.json())
    early = timezone.localtime(timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    bad = _plan(client, park_and_ride="true", park_until=early.isoformat())
    assert bad.status_code == 400 and "park_until" in str(bad.json())
