"""Senior-centre and booth kiosks: signed device requests, members identified by their token."""

import json
import secrets

import pytest
from django.utils import timezone

from apps.core.devices import services as devices
from apps.core.devices.models import Device
from apps.core.tests.test_devices import device_client
from apps.health import services
from apps.health.models import Measurement

pytestmark = pytest.mark.django_db

URL = "/api/v1/health/kiosk/measurements/"


def kiosk(kind=Device.Kind.HEALTH_KIOSK, name="Naeoe-dong senior centre kiosk"):
    device, secret = devices.device_register(name=name, kind=kind, app_label="health")
    return device.keys.get().key_id, secret


def post(client, credentials, body):
    key_id, secret = credentials
    raw = json.dumps(body).encode()
    headers = device_client.sign_request(
        key_id=key_id, secret=secret, method="POST", url=URL, body=raw
    )
    return client.post(URL, data=raw, content_type="application/json", headers=headers)


def readings(*items):
    now = timezone.now().isoformat()
    return [
        {"key": key, "code": code, "value": value, "measured_at": now} for key, code, value in items
    ]


def test_a_kiosk_records_readings_for_the_member_whose_token_it_read(client, user):
    token = services.member_token_get(user=user)
    body = {
        "member_token": token,
        "source": "senior_centre",
        "readings": readings(("r1", "8480-6", 135), ("r2", "8462-4", 85), ("r3", "2339-0", 5)),
    }
    credentials = kiosk()
    response = post(client, credentials, body)
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [r["result"] for r in results] == ["created", "created", "rejected"]
    assert results[2]["error"] == "health.implausible_value"
    stored = Measurement.objects.filter(user=user)
    assert stored.count() == 2
    assert {m.source for m in stored} == {"senior_centre"}
    assert stored.first().device_name == "Naeoe-dong senior centre kiosk"
    # the kiosk re-sends the same batch after a timeout: nothing new
    again = post(client, credentials, body).json()["results"]
    assert [r["result"] for r in again[:2]] == ["duplicate", "duplicate"]
    assert Measurement.objects.filter(user=user).count() == 2


def test_an_unknown_or_rotated_token_is_refused(client, user):
    old = services.member_token_get(user=user)
    services.member_token_rotate(user=user)
    body = {"member_token": old, "source": "booth", "readings": readings(("a", "8867-4", 70))}
    response = post(client, kiosk(), body)
    assert response.status_code == 404
    assert response.json()["code"] == "health.member_token_unknown"
    assert not Measurement.objects.exists()


def test_only_signed_health_kiosks_may_post(client, user):
    body = {
        "member_token": services.member_token_get(user=user),
        "source": "booth",
        "readings": readings(("a", "8867-4", 70)),
    }
    assert client.post(URL, body, content_type="application/json").status_code == 401
    parking = post(client, kiosk(kind=Device.Kind.PARKING_SENSOR), body)
    assert parking.status_code == 403
    key_id, _secret = kiosk()
    forged = post(client, (key_id, secrets.token_urlsafe(16)), body)
    assert forged.status_code == 401
    assert not Measurement.objects.exists()


def test_the_member_sees_and_rotates_their_token(auth_client, user):
    first = auth_client.get("/api/v1/health/member-token/").json()["token"]
    assert first.startswith("hm_")
    assert auth_client.get("/api/v1/health/member-token/").json()["token"] == first
    second = auth_client.post("/api/v1/health/member-token/rotate/").json()["token"]
    assert second != first
    assert services.member_by_token(token=second) == user
