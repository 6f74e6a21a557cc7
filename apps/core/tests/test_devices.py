"""Signed device requests: what a sensor, robot or terminal sees, and what is stored."""

import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory, override_settings
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import periodic
from apps.core.devices import services
from apps.core.devices.authentication import (
    DeviceAuthentication,
    DeviceRateThrottle,
    IsSignedDevice,
)
from apps.core.devices.models import Device, DeviceKey, DeviceNonce

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
URL = "/api/v1/devices/heartbeat/"


def _load_client():
    spec = importlib.util.spec_from_file_location(
        "device_client", ROOT / "scripts" / "device_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The reference client of docs/devices.md signs every request in these tests.
device_client = _load_client()


@pytest.fixture
def sensor():
    device, secret = services.device_register(
        name="Jangyu lot sensor 7", kind=Device.Kind.PARKING_SENSOR, app_label="core"
    )
    return device, device.keys.get(), secret


def post(client, key_id, secret, payload=None, *, url=URL, body=None, extra_headers=None, **sign):
    body = json.dumps(payload or {}).encode() if body is None else body
    headers = device_client.sign_request(
        key_id=key_id,
        secret=secret,
        method="POST",
        url=url,
        body=sign.pop("signed_body", body),
        **sign,
    )
    headers.update(extra_headers or {})
    return client.post(url, data=body, content_type="application/json", headers=headers)


def refusals(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "ieum.devices"]


def test_signed_heartbeat_is_accepted_and_stored(client, sensor):
    device, key, secret = sensor
    response = post(client, key.key_id, secret, {"battery_percent": 87, "firmware": "1.4.2"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == str(device.id) and body["kind"] == "parking_sensor"
    assert abs(body["server_time"] - timezone.now().timestamp()) < 5
    device.refresh_from_db()
    key.refresh_from_db()
    assert device.last_status == {"battery_percent": 87, "firmware": "1.4.2"}
    assert device.last_seen_at is not None and key.last_used_at is not None


def test_query_string_is_part_of_the_signature(client, sensor):
    _device, key, secret = sensor
    url = URL + "?zone=B%202&a=1&a=0&empty="
    assert post(client, key.key_id, secret, url=url).status_code == 200
    # Signed for one query, sent with another: refused.
    headers = device_client.sign_request(
        key_id=key.key_id, secret=secret, method="POST", url=URL + "?a=1", body=b"{}"
    )
    response = client.post(
        URL + "?a=2", data=b"{}", content_type="application/json", headers=headers
    )
    assert response.json()["code"] == "devices.signature_invalid"


def test_bad_signature_is_refused_logged_and_noted_on_the_device(client, sensor, caplog):
    device, key, _secret = sensor
    response = post(client, key.key_id, "dks_not-the-secret")
    assert response.status_code == 401
    assert response.json()["code"] == "devices.signature_invalid"
    assert any("reason=bad_signature" in m and key.key_id in m for m in refusals(caplog))
    device.refresh_from_db()
    assert device.last_refusal_reason == "bad_signature" and device.last_refusal_at


def test_unknown_key_gets_the_same_answer_as_a_bad_signature(client, sensor, caplog):
    _device, _key, secret = sensor
    response = post(client, "dk_000000000000000000000000", secret)
    assert response.status_code == 401
    assert response.json()["code"] == "devices.signature_invalid"
    assert any("reason=unknown_key" in m for m in refusals(caplog))


def test_stale_timestamp_tells_the_server_time(client, sensor, caplog):
    _device, key, secret = sensor
    old = int(timezone.now().timestamp()) - settings.IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS - 5
    response = post(client, key.key_id, secret, timestamp=old)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "devices.timestamp_stale"
    assert abs(body["extra"]["server_time"] - timezone.now().timestamp()) < 5
    assert any("reason=stale_timestamp" in m for m in refusals(caplog))
    # Slightly off clocks are fine.
    assert post(client, key.key_id, secret, timestamp=old + 60).status_code == 200


def test_missing_or_malformed_headers(client, sensor, caplog):
    _device, key, secret = sensor
    response = client.post(URL, data={}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "devices.headers_missing"
    response = post(client, key.key_id, secret, nonce="short")
    assert response.json()["code"] == "devices.headers_missing"
    headers = device_client.sign_request(key_id=key.key_id, secret=secret, method="POST", url=URL)
    del headers["X-Ieum-Nonce"]
    response = client.post(URL, data=b"", content_type="application/json", headers=headers)
    assert response.json()["code"] == "devices.headers_missing"
    assert any("reason=missing_headers" in m for m in refusals(caplog))


def test_replayed_request_is_refused(client, sensor, caplog):
    _device, key, secret = sensor
    body = b'{"battery_percent": 50}'
    headers = device_client.sign_request(
        key_id=key.key_id, secret=secret, method="POST", url=URL, body=body
    )
    first = client.post(URL, data=body, content_type="application/json", headers=headers)
    again = client.post(URL, data=body, content_type="application/json", headers=headers)
    assert first.status_code == 200
    assert again.status_code == 401 and again.json()["code"] == "devices.nonce_replayed"
    assert any("reason=replayed_nonce" in m for m in refusals(caplog))
    assert DeviceNonce.objects.filter(key=key).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replays_let_exactly_one_through(sensor):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections
    from django.test import Client

    _device, key, secret = sensor
    body = b"{}"
    headers = device_client.sign_request(
        key_id=key.key_id, secret=secret, method="POST", url=URL, body=body
    )

    def send(_):
        try:
            return Client().post(URL, data=body, content_type="application/json", headers=headers)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = sorted(r.status_code for r in pool.map(send, range(4)))
    assert codes == [200, 401, 401, 401]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_replay_is_refused_with_redis_down(client, sensor, caplog):
    _device, key, secret = sensor
    body = b"{}"
    headers = device_client.sign_request(
        key_id=key.key_id, secret=secret, method="POST", url=URL, body=body
    )
    with override_settings(CACHES=UNREACHABLE_REDIS):
        first = client.post(URL, data=body, content_type="application/json", headers=headers)
        again = client.post(URL, data=body, content_type="application/json", headers=headers)
    # The rate limit (cache) lets the first through; the nonce (database) stops the replay.
    assert first.status_code == 200, first.json()
    assert again.status_code == 401 and again.json()["code"] == "devices.nonce_replayed"
    assert any("rate limit skipped" in r.getMessage() for r in caplog.records)


def test_verification_never_touches_the_cache(client, sensor):
    _device, key, secret = sensor
    broken = mock.MagicMock(side_effect=AssertionError("device verification used the cache"))
    with (
        mock.patch.object(DeviceRateThrottle, "allow_request", return_value=True),
        mock.patch("django.core.cache.backends.locmem.LocMemCache.get", broken),
        mock.patch("django.core.cache.backends.locmem.LocMemCache.set", broken),
        mock.patch("django.core.cache.backends.locmem.LocMemCache.add", broken),
    ):
        assert post(client, key.key_id, secret).status_code == 200


def test_an_unexpected_error_refuses_the_request(client, sensor, caplog):
    _device, key, secret = sensor
    with mock.patch.object(DeviceNonce.objects, "create", side_effect=OperationalError("db gone")):
        response = post(client, key.key_id, secret)
    assert response.status_code == 503 and response.json()["code"] == "devices.unavailable"
    assert any("reason=internal_error" in m for m in refusals(caplog))


def test_disabled_device_is_refused(client, sensor):
    device, key, secret = sensor
    services.device_disable(device=device)
    response = post(client, key.key_id, secret)
    assert response.status_code == 401 and response.json()["code"] == "devices.device_disabled"
    device.refresh_from_db()
    assert device.last_refusal_reason == "disabled_device"


def test_revoked_key_is_refused_but_only_a_secret_holder_learns_why(client, sensor):
    _device, key, secret = sensor
    services.device_key_revoke(key=key)
    assert post(client, key.key_id, secret).json()["code"] == "devices.key_revoked"
    assert post(client, key.key_id, "dks_guess").json()["code"] == "devices.signature_invalid"


def test_rotated_key_overlaps_then_the_old_one_expires(client, sensor):
    device, old, old_secret = sensor
    new, new_secret = services.device_key_rotate(device=device, overlap=timedelta(hours=1))
    assert new.key_id != old.key_id and new_secret != old_secret
    assert post(client, old.key_id, old_secret).status_code == 200
    assert post(client, new.key_id, new_secret).status_code == 200

    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        stamp = int(later.timestamp())
        response = post(client, old.key_id, old_secret, timestamp=stamp)
        assert response.status_code == 401 and response.json()["code"] == "devices.key_expired"
        assert post(client, new.key_id, new_secret, timestamp=stamp).status_code == 200


def test_rotation_does_not_extend_a_key_already_expiring_sooner(sensor):
    device, old, _secret = sensor
    soon = timezone.now() + timedelta(minutes=5)
    DeviceKey.objects.filter(pk=old.pk).update(expires_at=soon)
    services.device_key_rotate(device=device, overlap=timedelta(days=1))
    old.refresh_from_db()
    assert old.expires_at == soon


class DroneOnlyView(APIView):
    authentication_classes = [DeviceAuthentication]
    permission_classes = [IsSignedDevice]
    throttle_classes = [DeviceRateThrottle]
    device_kinds = ("drone",)

    def post(self, request):
        return Response({"device": str(request.auth.id), "anonymous": request.user.is_anonymous})


class RobotOnlyView(DroneOnlyView):
    permission_classes = [IsSignedDevice.of("delivery_robot")]
    device_kinds = ()


def _call(view, key_id, secret, path="/api/v1/logistics/x/"):
    body = b"{}"
    headers = device_client.sign_request(
        key_id=key_id, secret=secret, method="POST", url=path, body=body
    )
    request = RequestFactory().post(
        path, data=body, content_type="application/json", headers=headers
    )
    return view.as_view()(request)


def test_kind_restriction_from_the_view_or_the_permission(sensor):
    _device, key, secret = sensor
    refused = _call(DroneOnlyView, key.key_id, secret)
    assert refused.status_code == 403 and refused.data["code"] == "devices.kind_not_allowed"
    assert _call(RobotOnlyView, key.key_id, secret).status_code == 403

    drone, drone_secret = services.device_register(name="D-1", kind="drone", app_label="core")
    ok = _call(DroneOnlyView, drone.keys.get().key_id, drone_secret)
    assert ok.status_code == 200 and ok.data == {"device": str(drone.id), "anonymous": True}
    robot, robot_secret = services.device_register(
        name="R-1", kind="delivery_robot", app_label="core"
    )
    assert _call(RobotOnlyView, robot.keys.get().key_id, robot_secret).status_code == 200
    with pytest.raises(ValueError):
        IsSignedDevice.of("toaster")


def test_tampered_body_is_refused(client, sensor, caplog):
    _device, key, secret = sensor
    signed = b'{"battery_percent": 90}'
    tampered = b'{"battery_percent": 10}'
    response = post(client, key.key_id, secret, body=tampered, signed_body=signed)
    assert response.status_code == 401 and response.json()["code"] == "devices.signature_invalid"
    # With the optional body hash header the device is told plainly that the body changed.
    import hashlib

    response = post(
        client,
        key.key_id,
        secret,
        body=tampered,
        signed_body=signed,
        extra_headers={"X-Ieum-Content-SHA256": hashlib.sha256(signed).hexdigest()},
    )
    assert response.status_code == 401 and response.json()["code"] == "devices.body_hash_mismatch"
    assert any("reason=body_hash_mismatch" in m for m in refusals(caplog))


def test_nonce_pruning_job_forgets_only_nonces_outside_the_window(sensor):
    _device, key, _secret = sensor
    now = timezone.now()
    window = timedelta(seconds=settings.IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS)
    DeviceNonce.objects.create(
        key=key, nonce="a" * 32, signed_at=now - window - timedelta(seconds=1)
    )
    DeviceNonce.objects.create(
        key=key, nonce="b" * 32, signed_at=now - window + timedelta(seconds=30)
    )
    from apps.core.tasks import prune_device_nonces

    assert prune_device_nonces() == 1
    assert list(DeviceNonce.objects.values_list("nonce", flat=True)) == ["b" * 32]
    assert "apps.core.tasks.prune_device_nonces" in [job.task for job in periodic.jobs()]


def test_secret_is_stored_encrypted(sensor):
    _device, key, secret = sensor
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM core_devicekey WHERE id = %s", [key.pk])
        (raw,) = cursor.fetchone()
    assert secret not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert DeviceKey.objects.get(pk=key.pk).secret == secret


def test_rate_limit_is_per_key(client, sensor):
    from django.core.cache import cache

    cache.clear()
    device, key, secret = sensor
    with mock.patch.object(DeviceRateThrottle, "THROTTLE_RATES", {"device": "2/min"}):
        assert post(client, key.key_id, secret).status_code == 200
        assert post(client, key.key_id, secret).status_code == 200
        third = post(client, key.key_id, secret)
        assert third.status_code == 429 and third.json()["code"] == "throttled"
        other, other_secret = services.device_key_issue(device=device)
        assert post(client, other.key_id, other_secret).status_code == 200
    cache.clear()


def test_admin_registers_a_device_and_shows_the_secret_once(admin_client):
    response = admin_client.post(
        "/admin/core/device/add/",
        {
            "name": "Campus shuttle terminal 3",
            "kind": "drt_terminal",
            "app_label": "core",
            "is_active": "on",
            "metadata": "{}",
            "keys-TOTAL_FORMS": "0",
            "keys-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert response.status_code == 200
    device = Device.objects.get(name="Campus shuttle terminal 3")
    key = device.keys.get()
    page = response.content.decode()
    secret = re.search(r"(dks_[A-Za-z0-9_-]+)", page).group(1)
    assert key.key_id in page and key.secret == secret
    change = admin_client.get(f"/admin/core/device/{device.pk}/change/").content.decode()
    assert key.key_id in change and secret not in change

    response = admin_client.post(
        "/admin/core/device/",
        {"action": "rotate_keys", "_selected_action": [str(device.pk)]},
        follow=True,
    )
    assert device.keys.count() == 2
    new = device.keys.exclude(pk=key.pk).get()
    assert new.secret in response.content.decode()
    key.refresh_from_db()
    assert key.expires_at is not None and new.expires_at is None


# --- the documentation cannot drift from the code ---------------------------------------------


def test_docs_show_the_reference_client_verbatim():
    docs = (ROOT / "docs" / "devices.md").read_text()
    script = (ROOT / "scripts" / "device_client.py").read_text()
    assert f"```python\n{script}```" in docs


def _doc_bash_client() -> str:
    docs = (ROOT / "docs" / "devices.md").read_text()
    return re.search(r"```bash\n(#!/usr/bin/env bash\n# heartbeat\.sh.*?)```", docs, re.S).group(1)


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("openssl")), reason="curl/openssl")
@pytest.mark.django_db(transaction=True)
def test_docs_curl_client_works_against_a_live_server(live_server, tmp_path):
    device, secret = services.device_register(
        name="Counter", kind="crowd_counter", app_label="core"
    )
    script = tmp_path / "heartbeat.sh"
    script.write_text(_doc_bash_client())
    result = subprocess.run(
        ["bash", str(script), '{"battery_percent": 42}'],
        env={
            **os.environ,
            "IEUM_URL": live_server.url,
            "IEUM_KEY_ID": device.keys.get().key_id,
            "IEUM_SECRET": secret,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["kind"] == "crowd_counter"
    device.refresh_from_db()
    assert device.last_status == {"battery_percent": 42}


def test_refusals_are_logged_at_warning(client, sensor, caplog):
    caplog.set_level(logging.WARNING, logger="ieum.devices")
    _device, key, _secret = sensor
    post(client, key.key_id, "dks_wrong")
    assert [r.levelno for r in caplog.records if r.name == "ieum.devices"] == [logging.WARNING]
