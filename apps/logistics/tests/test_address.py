"""Residents' addresses: keyed to the verified number, geocoded offline, refused (and not stored)
outside the service area, the options possible there with reasons, the chosen one saved."""

import pytest
from django.db import connection

from apps.accounts.tests.factories import UserFactory
from apps.logistics import modes
from apps.logistics.geocoding import GazetteerGeocoder
from apps.logistics.models import DeliveryAddress, ServiceArea

from .factories import JANGYU, OUTSIDE, SANGDONG, resident, world

pytestmark = pytest.mark.django_db

URL = "/api/v1/logistics/address/"


@pytest.fixture(autouse=True)
def demo_world():
    return world()


def test_the_offline_gazetteer_finds_eupmyeondong_roads_and_stations():
    geocoder = GazetteerGeocoder()
    assert geocoder.geocode(SANGDONG).address == "상동면"
    assert geocoder.geocode("김해시 장유로 555").address == "장유로"
    assert geocoder.geocode("봉황역 앞").address == "봉황역"
    assert geocoder.geocode("서울특별시 종로구 세종대로 1") is None


def test_check_lists_options_with_reasons_and_stores_nothing(make_auth_client):
    client = make_auth_client(resident())
    response = client.post(URL + "check/", {"road_address": SANGDONG}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["area"]["code"] == "east-sangdong"
    options = {o["mode"]: o for o in body["options"]}
    # the plan's example: drone and robot dog possible, the four-wheel robot not (slope)
    assert options["drone"]["possible"] and options["robot_dog"]["possible"]
    assert not options["robot"]["possible"]
    assert "28" in options["robot"]["reasons"][0]
    assert options["locker"]["possible"]
    assert DeliveryAddress.objects.count() == 0


def test_register_keyed_to_the_verified_number_and_encrypted_at_rest(make_auth_client):
    user = resident()
    client = make_auth_client(user)
    response = client.put(
        URL,
        {"road_address": SANGDONG, "detail": "101동 1001호", "mode": "drone"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == user.phone
    assert response.json()["mode"] == "drone"
    address = DeliveryAddress.objects.get(user=user)
    assert address.phone == user.phone and address.area.code == "east-sangdong"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT road_address, detail FROM logistics_deliveryaddress WHERE id = %s",
            [address.id.hex if connection.vendor == "sqlite" else address.id],
        )
        raw = cursor.fetchone()
    assert "상동" not in raw[0] and "1001" not in raw[1]

    # updated, not duplicated: the Jangyu apartments allow the four-wheel robot
    response = client.put(URL, {"road_address": JANGYU, "mode": "robot"}, format="json")
    assert response.status_code == 200
    assert DeliveryAddress.objects.filter(user=user).count() == 1
    assert client.get(URL).json()["area"]["code"] == "jangyu-apartments"


def test_outside_the_service_area_is_refused_in_the_language_asked_and_nothing_is_stored(
    make_auth_client,
):
    client = make_auth_client(resident())
    response = client.put(
        URL,
        {"road_address": OUTSIDE, "mode": "locker"},
        format="json",
        headers={"X-Ieum-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "logistics.outside_service_area"
    assert "outside the parcel service area" in response.json()["message"]
    assert DeliveryAddress.objects.count() == 0
    korean = client.post(URL + "check/", {"road_address": OUTSIDE}, format="json")
    assert korean.status_code == 422 and "서비스 지역" in korean.json()["message"]
    assert DeliveryAddress.objects.count() == 0


def test_an_existing_address_survives_a_refused_update(make_auth_client):
    user = resident()
    client = make_auth_client(user)
    assert (
        client.put(URL, {"road_address": SANGDONG, "mode": "drone"}, format="json").status_code
        == 200
    )
    assert (
        client.put(URL, {"road_address": OUTSIDE, "mode": "locker"}, format="json").status_code
        == 422
    )
    assert (
        client.put(URL, {"road_address": SANGDONG, "mode": "robot"}, format="json").status_code
        == 400
    )
    address = DeliveryAddress.objects.get(user=user)
    assert address.mode == "drone" and address.area.code == "east-sangdong"


def test_unknown_address_and_impossible_mode_are_refused(make_auth_client):
    client = make_auth_client(resident())
    response = client.put(URL, {"road_address": "어딘지 모를 곳", "mode": "drone"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "logistics.address_not_found"
    response = client.put(URL, {"road_address": JANGYU, "mode": "drone"}, format="json")
    assert response.json()["code"] == "logistics.mode_not_possible"
    assert DeliveryAddress.objects.count() == 0


def test_location_consent_is_needed(make_auth_client):
    client = make_auth_client(UserFactory())  # terms and privacy only
    response = client.put(URL, {"road_address": SANGDONG, "mode": "drone"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "logistics.location_consent_required"
    assert DeliveryAddress.objects.count() == 0


@pytest.mark.parametrize(
    ("gis", "possible"),
    [
        (
            {"drone_drop": "none", "slope_percent": 5, "path_width_m": 2, "face_to_face": True},
            {"robot_dog", "robot", "locker"},
        ),
        ({"drone_drop": "rooftop", "slope_percent": 45, "path_width_m": 2}, {"drone", "locker"}),
        (
            {"drone_drop": "open_airspace", "slope_percent": 10, "path_width_m": 0.5},
            {"drone", "locker"},
        ),
        (
            {"drone_drop": "none", "slope_percent": 5, "path_width_m": 2, "face_to_face": False},
            {"robot_dog", "locker"},
        ),
        (
            {
                "drone_drop": "none",
                "slope_percent": 5,
                "clearance_height_m": 0.8,
                "path_width_m": 2,
            },
            {"robot", "locker"},
        ),
    ],
)
def test_mode_matching_rules(gis, possible):
    area = ServiceArea(**{"clearance_height_m": 2.0, **gis})
    found = {o.mode for o in modes.options_for_area(area=area) if o.possible}
    assert found == possible


def test_delete_my_address(make_auth_client):
    client = make_auth_client(resident())
    client.put(URL, {"road_address": SANGDONG, "mode": "drone"}, format="json")
    assert client.delete(URL).status_code == 204
    assert client.get(URL).status_code == 404
