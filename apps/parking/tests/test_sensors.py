"""Sensor events through the signed device endpoint: order, duplicates, unknown sensors, silence."""

import importlib.util
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.devices import services as devices
from apps.core.devices.models import Device
from apps.notifications.models import Notification
from apps.parking import selectors, services

from .factories import LotFactory, SpaceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/parking/sensor-events/"


def _load_client():
    spec = importlib.util.spec_from_file_location(
        "device_client", Path(settings.BASE_DIR) / "scripts" / "device_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


device_client = _load_client()


def _device(kind=Device.Kind.PARKING_SENSOR):
    device, secret = devices.device_register(name="Lot gateway", kind=kind, app_label="parking")
    return device.keys.get().key_id, secret


@pytest.fixture
def gateway():
    return _device()


def post_events(client, gateway, events):
    key_id, secret = gateway
    body = json.dumps({"events": events}).encode()
    headers = device_client.sign_request(
        key_id=key_id, secret=secret, method="POST", url=URL, body=body
    )
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def at(minutes_ago=0):
    return (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()


def test_signed_batch_moves_counts_and_reports_unknown_sensors_per_item(client, gateway):
    space = SpaceFactory(sensor_id="s-1")
    SpaceFactory(lot=space.lot, sensor_id="s-2")
    response = post_events(
        client,
        gateway,
        [
            {"sensor_id": "s-1", "state": "occupied", "at": at(1)},
            {"sensor_id": "nobody", "state": "free", "at": at(1)},
            {"sensor_id": "s-2", "state": "free", "at": at(1)},
        ],
    )
    assert response.status_code == 200, response.json()
    assert response.json()["results"] == [
        {"sensor_id": "s-1", "result": "changed"},
        {"sensor_id": "nobody", "result": "unknown_sensor"},
        {"sensor_id": "s-2", "result": "unchanged"},
    ]
    lot = selectors.lot_get(lot_id=space.lot_id)
    assert (lot.num_free, lot.num_occupied, lot.num_unknown) == (1, 1, 0)


def test_out_of_order_and_repeated_events_do_not_corrupt_state(client, gateway):
    space = SpaceFactory(sensor_id="s-1")
    newer, older = at(1), at(5)
    post_events(client, gateway, [{"sensor_id": "s-1", "state": "occupied", "at": newer}])
    late = post_events(client, gateway, [{"sensor_id": "s-1", "state": "free", "at": older}])
    again = post_events(client, gateway, [{"sensor_id": "s-1", "state": "occupied", "at": newer}])
    assert late.json()["results"][0]["result"] == "stale"
    assert again.json()["results"][0]["result"] == "stale"
    space.refresh_from_db()
    assert space.state == "occupied"
    assert selectors.lot_get(lot_id=space.lot_id).num_occupied == 1


def test_an_event_dated_far_ahead_is_ignored_so_it_cannot_block_later_ones():
    space = SpaceFactory(sensor_id="s-1")
    future = timezone.now() + timedelta(hours=2)
    results = services.sensor_events_apply(
        events=[{"sensor_id": "s-1", "state": "occupied", "at": future}]
    )
    assert results[0]["result"] == "future"
    space.refresh_from_db()
    assert space.last_event_at is None


def test_other_device_kinds_and_unsigned_requests_are_refused(client):
    SpaceFactory(sensor_id="s-1")
    event = [{"sensor_id": "s-1", "state": "occupied", "at": at()}]
    robot = _device(Device.Kind.DELIVERY_ROBOT)
    assert post_events(client, robot, event).status_code == 403
    unsigned = client.post(URL, data={"events": event}, content_type="application/json")
    assert unsigned.status_code == 401


def test_bad_input_is_a_field_error_not_a_500(client, gateway):
    response = post_events(client, gateway, [{"sensor_id": "s-1", "state": "parked", "at": "x"}])
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_counts_are_pushed_after_commit_only_when_they_change(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(services, "send_now", lambda g, e, d: sent.append((g, e, d)))
    space = SpaceFactory(sensor_id="s-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.sensor_events_apply(
            events=[{"sensor_id": "s-1", "state": "free", "at": timezone.now()}]
        )
    assert sent == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.sensor_events_apply(
            events=[{"sensor_id": "s-1", "state": "occupied", "at": timezone.now()}]
        )
        assert sent == []  # not before the commit
    assert len(callbacks) == 1
    assert sent == [
        (
            f"lot.{space.lot_id}",
            "lot.status",
            {
                "id": str(space.lot_id),
                "num_free": 0,
                "num_occupied": 1,
                "num_unknown": 0,
                "num_spaces": 1,
            },
        )
    ]


def test_silent_sensors_become_unknown_and_staff_are_told_once(settings, monkeypatch):
    from django.contrib.auth.models import Group

    monkeypatch.setattr(services, "send_now", lambda *a: None)
    settings.PARKING_SENSOR_SILENT_MINUTES = 30
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="parking")[0])
    lot = LotFactory()
    old = timezone.now() - timedelta(minutes=45)
    silent = SpaceFactory(lot=lot, state="occupied", last_event_at=old)
    live = SpaceFactory(lot=lot, state="free", last_event_at=timezone.now())

    assert services.space_mark_silent() == 1
    assert services.space_mark_silent() == 0  # once
    silent.refresh_from_db()
    live.refresh_from_db()
    assert (silent.state, live.state) == ("unknown", "free")
    assert Notification.objects.filter(user=staff).count() == 1

    # the sensor speaks again: live again, and a later silence is reported again
    services.sensor_events_apply(
        events=[{"sensor_id": silent.sensor_id, "state": "free", "at": timezone.now()}]
    )
    silent.refresh_from_db()
    assert silent.state == "free" and silent.silent_alert_sent_at is None


def test_simulator_moves_only_demo_lots():
    demo = SpaceFactory(lot=LotFactory(is_demo=True), state="free")
    real = SpaceFactory(state="free")
    assert services.sensor_simulate(changes=5) == 1
    demo.refresh_from_db()
    real.refresh_from_db()
    assert demo.state == "occupied" and real.state == "free"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_concurrent_batches_leave_the_newest_state():
    from apps.core.testing import run_together

    space = SpaceFactory(sensor_id="s-1")
    base = timezone.now() - timedelta(minutes=10)
    counter = iter(range(100))

    def work():
        i = next(counter)
        state = "occupied" if i % 2 else "free"
        return services.sensor_events_apply(
            events=[{"sensor_id": "s-1", "state": state, "at": base + timedelta(seconds=i)}]
        )

    run_together(8, work)
    space.refresh_from_db()
    newest = max(range(8))
    assert space.last_event_at == base + timedelta(seconds=newest)
    assert space.state == ("occupied" if newest % 2 else "free")
