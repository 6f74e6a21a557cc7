"""One language at a time: ride history, receipts and the inbox read wholly in the language of the
request (the device's X-Ieum-Language), whatever language the ride ended in."""

import io
import re

import pytest
from django.utils import translation

from apps.core.testing import english_in, hangul_in
from apps.rentals import seed, services
from apps.rentals.models import FreeRideDay, NicheSpot

from .factories import NicheSpotFactory, StationFactory, VehicleFactory

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/rentals/rentals/"
INBOX = "/api/v1/notifications/"
SPOTS = "/api/v1/rentals/spots/"


def _ride(user, capture, *, station) -> None:
    vehicle = VehicleFactory(station=station)
    with translation.override("ko"), capture(execute=True):
        rental = services.rental_unlock(user=user, code=vehicle.code, return_station_id=station.id)
        services.rental_end(user=user, rental_id=rental.id, station_id=station.id)
    return vehicle


def _shown(client, language: str) -> tuple[list, list]:
    header = {"HTTP_X_IEUM_LANGUAGE": language}
    history = client.get(HISTORY, **header).json()["results"]
    inbox = client.get(INBOX, **header).json()["results"]
    names = [
        [ride[place]["name"] for place in ("start_station", "return_station", "end_station")]
        + [ride["price_breakdown"].get("free_day", "")]
        for ride in history
    ]
    return names, [[n["title"], n["body"]] for n in inbox]


def test_history_and_receipts_follow_the_devices_language(
    user, auth_client, django_capture_on_commit_callbacks
):
    station = StationFactory(name_ko="봉황역", name_en="Bonghwang Station")
    vehicle = _ride(user, django_capture_on_commit_callbacks, station=station)
    # the vehicle's code and the receipt number (its random hex can spell "EBF")
    codes = (vehicle.code, *re.findall(r"IE-\d{8}-[0-9A-F]{8}", str(_shown(auth_client, "ko"))))

    names, inbox = _shown(auth_client, "en")
    assert names[0][:3] == ["Bonghwang Station"] * 3
    assert inbox, "the receipt reaches the inbox"
    assert not hangul_in([names, inbox]), hangul_in([names, inbox])
    assert any("returned at Bonghwang Station" in body for _title, body in inbox)
    assert not any("Station station" in body for _title, body in inbox)

    names, inbox = _shown(auth_client, "ko")
    assert names[0][:3] == ["봉황역"] * 3
    assert not english_in([names, inbox], allowed=codes), english_in([names, inbox], allowed=codes)


def test_a_free_ride_days_name_is_stored_in_both_languages(
    user, auth_client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    FreeRideDay.objects.create(
        date=timezone.localdate(), name_ko="자전거의 날", name_en="Bicycle Day"
    )
    _ride(user, django_capture_on_commit_callbacks, station=StationFactory())
    english, _inbox = _shown(auth_client, "en")
    korean, _inbox = _shown(auth_client, "ko")
    assert (english[0][-1], korean[0][-1]) == ("Bicycle Day", "자전거의 날")


def test_a_spots_district_follows_the_devices_language(api_client):
    NicheSpotFactory(district_ko="진영", district_en="Jinyeong")
    shown = {
        language: api_client.get(SPOTS, HTTP_X_IEUM_LANGUAGE=language).json()[0]["district"]
        for language in ("en", "ko")
    }
    assert shown == {"en": "Jinyeong", "ko": "진영"}


def test_seeding_fills_empty_english_districts_and_keeps_staff_edits():
    seed.run(io.StringIO())
    spots = NicheSpot.objects.order_by("code")
    assert {(s.district_ko, s.district_en) for s in spots} == {
        ("장유", "Jangyu"),
        ("진영", "Jinyeong"),
        ("삼계", "Samgye"),
    }
    # a spot from before English districts, one staff named, and one staff added themselves
    NicheSpot.objects.filter(code="jinyeong-centre").update(district_en=None)
    NicheSpot.objects.filter(code="jangyu1-centre").update(district_en="Jangyu-dong")
    NicheSpotFactory(code="staff-spot", district_ko="내외동", district_en="")
    seed.run(io.StringIO())
    english = dict(NicheSpot.objects.values_list("code", "district_en"))
    assert english["jinyeong-centre"] == "Jinyeong"
    assert english["jangyu1-centre"] == "Jangyu-dong"
    assert english["staff-spot"] == "Naeoe-dong"
    seed.run(io.StringIO(), reset=True)
    assert NicheSpot.objects.get(code="jangyu1-centre").district_en == "Jangyu"
