"""One language at a time: ride history, receipts and the inbox read wholly in the language of the
request (the device's X-Ieum-Language), whatever language the ride ended in."""

import pytest
from django.utils import translation

from apps.core.testing import english_in, hangul_in
from apps.rentals import services
from apps.rentals.models import FreeRideDay

from .factories import StationFactory, VehicleFactory

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/rentals/rentals/"
INBOX = "/api/v1/notifications/"


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
    codes = (vehicle.code,)

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
