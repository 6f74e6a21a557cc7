"""The bus side: the signed terminal, the driver's own login, the rider's socket, the survey."""

import importlib.util
import json
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts.tests.factories import UserFactory
from apps.core.devices import services as devices
from apps.core.devices.models import Device
from apps.core.roles import Role, role_grant
from apps.drt.models import Booking, BookingEvent, Vehicle

from .conftest import INJE_CAMPUS, INJE_STATION, trip

URL = "/api/v1/drt/terminal/report/"


def _load_client():
    spec = importlib.util.spec_from_file_location(
        "device_client", Path(settings.BASE_DIR) / "scripts" / "device_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


device_client = _load_client()


def _booked(rider_client):
    booking_id = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS)).json()[
        "id"
    ]
    rider_client.post(f"/api/v1/drt/bookings/{booking_id}/accept/")
    return Booking.objects.select_related("vehicle", "pickup_hub").get(pk=booking_id)


def _terminal(vehicle, kind=Device.Kind.DRT_TERMINAL):
    device, secret = devices.device_register(name="Bus terminal", kind=kind, app_label="drt")
    if kind == Device.Kind.DRT_TERMINAL:
        vehicle.terminal = device
        vehicle.save(update_fields=["terminal"])
    return device.keys.get().key_id, secret


def _post(client, key, body):
    raw = json.dumps(body).encode()
    headers = device_client.sign_request(
        key_id=key[0], secret=key[1], method="POST", url=URL, body=raw
    )
    return client.post(URL, data=raw, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_terminal_posts_positions_and_boarding(demo, rider_client, api_client):
    booking = _booked(rider_client)
    key = _terminal(booking.vehicle)
    hub = booking.pickup_hub
    response = _post(
        api_client,
        key,
        {"lat": hub.lat, "lon": hub.lon, "events": [{"booking_id": str(booking.id), "event": "boarded"}]},
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["results"] == [{"booking_id": str(booking.id), "result": "ok"}]
    booking.refresh_from_db()
    assert booking.status == "on_board" and booking.boarded_at
    event = BookingEvent.objects.get(booking=booking, to_status="on_board")
    assert event.actor == "terminal" and event.actor_device.kind == "drt_terminal"
    vehicle = Vehicle.objects.get(pk=booking.vehicle_id)
    assert vehicle.lat == hub.lat and vehicle.position_at
    # boarding twice is refused per event, the position is still taken
    again = _post(
        api_client,
        key,
        {"lat": hub.lat, "lon": hub.lon, "events": [{"booking_id": str(booking.id), "event": "boarded"}]},
    )  # fmt: skip
    assert again.json()["results"][0]["result"] == "illegal_transition"


@pytest.mark.django_db
def test_terminal_signature_and_kind_are_checked(demo, rider_client, api_client):
    booking = _booked(rider_client)
    key = _terminal(booking.vehicle)
    unsigned = api_client.post(URL, {"lat": 35.2, "lon": 128.9}, format="json")
    assert unsigned.status_code == 401
    wrong = (key[0], "dks_wrong")
    assert _post(api_client, wrong, {"lat": 35.2, "lon": 128.9}).status_code == 401
    sensor = _terminal(booking.vehicle, kind=Device.Kind.PARKING_SENSOR)
    refused = _post(api_client, sensor, {"lat": 35.2, "lon": 128.9})
    assert refused.status_code == 403 and refused.json()["code"] == "devices.kind_not_allowed"


@pytest.mark.django_db
def test_driver_sees_own_plan_and_marks_boarded(demo, rider_client, make_auth_client):
    booking = _booked(rider_client)
    driver = UserFactory()
    client = make_auth_client(driver)
    assert client.get("/api/v1/drt/driver/plan/").status_code == 403  # no role
    role_grant(user=driver, role=Role.DRIVER, target=booking.vehicle)
    plan = client.get("/api/v1/drt/driver/plan/").json()
    assert plan["vehicle"]["code"] == booking.vehicle.code
    assert [s["action"] for s in plan["stops"]] == ["pickup", "dropoff"]
    url = f"/api/v1/drt/driver/bookings/{booking.id}/event/"
    assert client.post(url, {"event": "alighted"}, format="json").status_code == 409
    after = client.post(url, {"event": "boarded"}, format="json").json()
    assert [s["action"] for s in after["stops"]] == ["dropoff"]
    # another bus's driver cannot touch it
    other = UserFactory()
    role_grant(
        user=other, role=Role.DRIVER, target=Vehicle.objects.exclude(pk=booking.vehicle_id).first()
    )
    other_client = make_auth_client(other)
    response = other_client.post(url, {"event": "alighted"}, format="json")
    assert response.status_code == 404


@pytest.mark.django_db
def test_survey_and_summary(demo, rider_client, make_auth_client):
    for i in range(20):
        response = rider_client.post(
            "/api/v1/drt/survey/",
            {"term": "2026-1", "campus": "inje", "weekday": 0, "arrive_by": "09:00",
             "origin_lat": 35.2460 + i * 0.0001, "origin_lon": 128.7500},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201, response.json()
    staff = UserFactory(is_staff=True)
    from django.contrib.auth.models import Group

    staff.groups.add(Group.objects.get_or_create(name="transport")[0])
    summary = make_auth_client(staff).get("/api/v1/drt/survey/summary/").json()
    assert summary["responses"] == 20
    assert summary["cells"][0]["time_slot"] == "09:00"
    assert summary["proposed_hubs"][0]["nearest_hub"] == "jillye"
    assert rider_client.get("/api/v1/drt/survey/summary/").status_code == 403


ORIGIN = [(b"origin", b"http://localhost")]


@pytest.mark.django_db(transaction=True)
async def test_socket_sends_own_booking_only(demo, rider, rider_client):
    from config.asgi import application

    booking = await database_sync_to_async(_booked)(rider_client)
    token = await database_sync_to_async(lambda: str(AccessToken.for_user(rider)))()
    path = f"/ws/drt/bookings/{booking.id}/?token={token}"
    communicator = WebsocketCommunicator(application, path, headers=ORIGIN)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    first = await communicator.receive_json_from(timeout=5)
    assert first["event"] == "booking.status" and first["data"]["status"] == "assigned"
    from apps.drt import services

    hub = booking.pickup_hub
    await database_sync_to_async(services.vehicle_position_update)(
        vehicle_id=booking.vehicle_id, lat=hub.lat + 0.01, lon=hub.lon
    )
    message = await communicator.receive_json_from(timeout=5)
    assert message["event"] in ("booking.position", "booking.status")
    await communicator.disconnect()

    other = await database_sync_to_async(UserFactory)()
    other_token = await database_sync_to_async(lambda: str(AccessToken.for_user(other)))()
    stranger = WebsocketCommunicator(
        application, f"/ws/drt/bookings/{booking.id}/?token={other_token}", headers=ORIGIN
    )
    connected, _ = await stranger.connect(timeout=5)
    assert not connected
