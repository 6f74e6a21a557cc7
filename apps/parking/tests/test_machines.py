"""Signed machine endpoints: the enforcement system's exemption lookups (each audit-logged) and
parking-sharing operators' exchange (availability out, usage in, idempotent on their session id)."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from apps.core.devices import services as devices
from apps.core.devices.models import Device
from apps.core.models import AuditEvent
from apps.parking.models import OperatorSession, Reservation
from apps.parking.plates import plate_hash

from .factories import LotFactory, PlaceFactory, SpaceFactory, VehicleFactory
from .test_sensors import device_client

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/parking/enforcement/check/"
AREA = "/api/v1/parking/enforcement/reservations/"
AVAILABILITY = "/api/v1/parking/exchange/availability/"
USAGE = "/api/v1/parking/exchange/usage/"


def _device(kind):
    device, secret = devices.device_register(name=f"{kind} 1", kind=kind, app_label="parking")
    return device, device.keys.get().key_id, secret


@pytest.fixture
def enforcement():
    return _device(Device.Kind.ENFORCEMENT_SYSTEM)


@pytest.fixture
def operator():
    return _device(Device.Kind.PARKING_SHARING_OPERATOR)


def signed_get(client, signer, path, params):
    _, key_id, secret = signer
    url = f"{path}?{urlencode(params)}" if params else path
    headers = device_client.sign_request(key_id=key_id, secret=secret, method="GET", url=url)
    return client.get(url, headers=headers)


def signed_post(client, signer, path, payload):
    _, key_id, secret = signer
    body = json.dumps(payload).encode()
    headers = device_client.sign_request(
        key_id=key_id, secret=secret, method="POST", url=path, body=body
    )
    return client.post(path, data=body, content_type="application/json", headers=headers)


@pytest.fixture
def parked():
    """A car parked now through a confirmed booking at a shared place."""
    place = PlaceFactory(lat=35.2485, lon=128.9025)
    vehicle = VehicleFactory(plate="123가4567")
    now = timezone.now()
    return Reservation.objects.create(
        user=vehicle.user,
        vehicle=vehicle,
        plate=vehicle.plate,
        place=place,
        start_at=now - timedelta(minutes=30),
        end_at=now + timedelta(minutes=30),
        status=Reservation.Status.CONFIRMED,
        price_krw=1000,
        idempotency_key="k",
        fingerprint="f",
    )


def test_a_booked_car_is_exempt_there_and_the_question_is_audited(client, enforcement, parked):
    response = signed_get(
        client, enforcement, CHECK, {"plate": "123 가 4567", "near": "35.2486,128.9026"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["exempt"] is True
    assert body["reservations"][0]["reservation_id"] == str(parked.id)
    event = AuditEvent.objects.get(action="parking.enforcement_check")
    assert event.target == "123가4567"
    assert event.detail["exempt"] is True
    assert event.detail["device"] == "enforcement_system 1"
    assert event.detail["reservations"] == [str(parked.id)]


def test_elsewhere_or_another_car_is_not_exempt_and_still_audited(client, enforcement, parked):
    far = signed_get(client, enforcement, CHECK, {"plate": "123가4567", "near": "35.2300,128.8800"})
    assert far.json()["exempt"] is False
    other = signed_get(
        client, enforcement, CHECK, {"plate": "12가3456", "near": "35.2485,128.9025"}
    )
    assert other.json()["exempt"] is False
    assert AuditEvent.objects.filter(action="parking.enforcement_check").count() == 2
    bad = signed_get(client, enforcement, CHECK, {"plate": "nope", "near": "35.2485,128.9025"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "parking.plate_invalid"


def test_an_ended_or_cancelled_booking_does_not_exempt(client, enforcement, parked):
    parked.status = Reservation.Status.CANCELLED
    parked.save()
    response = signed_get(
        client, enforcement, CHECK, {"plate": "123가4567", "near": "35.2485,128.9025"}
    )
    assert response.json()["exempt"] is False


def test_active_bookings_in_an_area_by_box_or_radius(client, enforcement, parked):
    box = signed_get(client, enforcement, AREA, {"bbox": "35.24,128.89,35.26,128.91"})
    assert box.status_code == 200, box.json()
    assert [r["plate"] for r in box.json()["reservations"]] == ["123가4567"]
    near = signed_get(client, enforcement, AREA, {"near": "35.2300,128.8800", "radius": 200})
    assert near.json()["reservations"] == []
    events = AuditEvent.objects.filter(action="parking.enforcement_area").order_by("at")
    assert [e.detail["count"] for e in events] == [1, 0]
    assert signed_get(client, enforcement, AREA, {}).status_code == 400
    assert signed_get(client, enforcement, AREA, {"bbox": "35,128,36,129"}).status_code == 400


def test_only_the_enforcement_system_may_ask(client, operator, parked):
    response = signed_get(
        client, operator, CHECK, {"plate": "123가4567", "near": "35.2485,128.9025"}
    )
    assert response.status_code == 403
    assert client.get(f"{CHECK}?plate=123가4567&near=35.2485,128.9025").status_code == 401
    assert not AuditEvent.objects.filter(action="parking.enforcement_check").exists()


def test_an_operator_reads_lots_and_shared_places(client, operator):
    space = SpaceFactory(state="free")
    SpaceFactory(lot=space.lot, state="occupied")
    PlaceFactory(capacity=3)
    response = signed_get(client, operator, AVAILABILITY, {})
    assert response.status_code == 200, response.json()
    body = response.json()
    lot = next(item for item in body["lots"] if item["code"] == space.lot.code)
    assert (lot["total"], lot["free"], lot["state"]) == (2, 1, "open")
    [place] = body["places"]
    assert (place["open_now"], place["free_now"]) == (True, 3)


def test_operator_usage_is_idempotent_on_their_session_id(client, operator, enforcement):
    lot = LotFactory(code="LOT-1", lat=35.2300, lon=128.8800)
    start = (timezone.now() - timedelta(minutes=20)).isoformat()
    session = {
        "session_id": "op-42",
        "lot_code": "LOT-1",
        "plate_hash": plate_hash("45나6789"),
        "start_at": start,
    }
    first = signed_post(client, operator, USAGE, {"sessions": [session]})
    assert first.status_code == 200, first.json()
    assert first.json()["results"] == [{"session_id": "op-42", "result": "created"}]
    again = signed_post(client, operator, USAGE, {"sessions": [session]})
    assert again.json()["results"][0]["result"] == "unchanged"
    # the operator's car counts as legitimately parked for the enforcement system
    check = signed_get(
        client, enforcement, CHECK, {"plate": "45나6789", "near": f"{lot.lat},{lot.lon}"}
    )
    assert check.json()["exempt"] is True
    ended = {**session, "end_at": timezone.now().isoformat()}
    assert (
        signed_post(client, operator, USAGE, {"sessions": [ended]}).json()["results"][0]["result"]
        == "updated"
    )
    assert OperatorSession.objects.count() == 1
    unknown = signed_post(
        client, operator, USAGE, {"sessions": [{**session, "session_id": "x", "lot_code": "NOPE"}]}
    )
    assert unknown.json()["results"][0]["result"] == "unknown_place"
    bad = signed_post(
        client, operator, USAGE, {"sessions": [{"session_id": "y", "start_at": start}]}
    )
    assert bad.status_code == 400
