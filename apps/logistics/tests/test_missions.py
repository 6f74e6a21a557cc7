"""Missions: assignment respecting mode, payload and battery; the state machine; signed telemetry
and MDS-style events; the address only for the assigned machine; commands; the retry/hold rule;
notifications at every step; the simulator drives a whole trip."""

import importlib.util
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.core.devices import services as devices
from apps.core.roles import Role, role_grant
from apps.logistics import services
from apps.logistics.errors import LogisticsError
from apps.logistics.models import Machine, MachineCommand, Mission, Parcel
from apps.notifications.models import Notification

from .factories import JANGYU, machine, resident_with_address, world

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/logistics/machine/events/"
MISSION = "/api/v1/logistics/machine/mission/"


def _load_client():
    spec = importlib.util.spec_from_file_location(
        "device_client", Path(settings.BASE_DIR) / "scripts" / "device_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


device_client = _load_client()


@pytest.fixture
def hubs():
    return world()


def _keys(m):
    """A fresh key for the machine's signed device (the seed does not keep its secret)."""
    key, secret = devices.device_key_issue(device=m.device)
    return key.key_id, secret


def signed(client, keys, method, url, payload=None):
    key_id, secret = keys
    body = json.dumps(payload).encode() if payload is not None else b""
    headers = device_client.sign_request(
        key_id=key_id, secret=secret, method=method, url=url, body=body
    )
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, data=body, content_type="application/json", headers=headers)


def event(types, state="on_trip", lat=None, lon=None, **extra):
    out = {
        "event_id": str(uuid.uuid4()),
        "event_types": types,
        "vehicle_state": state,
        "timestamp": timezone.now().isoformat(),
        "battery_percent": 80,
        **extra,
    }
    if lat is not None:
        out["location"] = {"lat": lat, "lng": lon}
    return out


def parcel_for(user, hub, **kwargs):
    return services.parcel_intake(
        courier=None, hub_id=hub.id, kind="general", size="s", recipient_phone=user.phone, **kwargs
    )


def test_the_dispatcher_picks_the_machine_of_the_saved_mode_at_the_hub(hubs):
    user = resident_with_address()  # 상동면, drone
    parcel = parcel_for(user, hubs["hub-sangdong"])
    assert services.missions_dispatch() == 1
    mission = Mission.objects.get(parcels=parcel)
    assert mission.machine.code == "drone-1" and mission.mode == "drone"
    assert mission.status == "planned" and mission.distance_m > 0
    assert machine("drone-1").status == "on_trip"
    # one parcel, one active mission
    assert services.missions_dispatch() == 0


def test_payload_and_battery_are_respected(hubs):
    user = resident_with_address()
    heavy = parcel_for(user, hubs["hub-sangdong"], weight_g=4000)  # the drone carries 3 kg
    with pytest.raises(LogisticsError) as error:
        services.mission_plan(parcel_id=heavy.id)
    assert error.value.code == "logistics.no_machine_available"
    light = parcel_for(user, hubs["hub-sangdong"])
    Machine.objects.filter(code="drone-1").update(battery_percent=10)
    with pytest.raises(LogisticsError):
        services.mission_plan(parcel_id=light.id)
    Machine.objects.filter(code="drone-1").update(battery_percent=90)
    assert services.mission_plan(parcel_id=light.id).machine.code == "drone-1"


def test_illegal_transitions_are_refused_and_change_nothing(hubs):
    user = resident_with_address()
    parcel_for(user, hubs["hub-sangdong"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    for wanted in ("departed", "en_route", "arrived", "handed_over", "returned"):
        with pytest.raises(LogisticsError) as error:
            services.mission_advance(mission_id=mission.id, to=wanted)
        assert error.value.code == "logistics.transition_not_allowed"
    mission.refresh_from_db()
    assert mission.status == "planned"
    services.mission_advance(mission_id=mission.id, to="loading")
    services.mission_advance(mission_id=mission.id, to="departed")
    with pytest.raises(LogisticsError):
        services.mission_advance(mission_id=mission.id, to="loading")
    services.mission_advance(mission_id=mission.id, to="en_route")
    services.mission_advance(mission_id=mission.id, to="arrived")
    services.mission_advance(mission_id=mission.id, to="handed_over")
    with pytest.raises(LogisticsError):
        services.mission_advance(mission_id=mission.id, to="failed")  # ended is ended


def test_a_trip_through_signed_events_with_notifications_at_every_step(
    hubs, client, django_capture_on_commit_callbacks
):
    user = resident_with_address(road_address=JANGYU, mode="robot")
    parcel = parcel_for(user, hubs["hub-jangyu"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    robot = mission.machine
    keys = _keys(robot)

    # only the assigned machine gets the address
    other = _keys(machine("robot-2" if robot.code == "robot-1" else "robot-1"))
    assert signed(client, other, "GET", MISSION).status_code == 404
    response = signed(client, keys, "GET", MISSION)
    assert response.status_code == 200, response.json()
    assert response.json()["destination"]["road_address"] == JANGYU
    assert response.json()["destination"]["detail"] == "101동 1001호"

    hub = hubs["hub-jangyu"]
    services.mission_advance(mission_id=mission.id, to="loading")  # hub staff load it
    assert (
        signed(
            client,
            keys,
            "POST",
            EVENTS,
            {"events": [event(["trip_start"], lat=hub.lat, lon=hub.lon)]},
        ).status_code
        == 200
    )
    parcel.refresh_from_db()
    assert parcel.status == "out_for_delivery" and parcel.locker is None
    near = (mission.dest_lat + 0.001, mission.dest_lon)
    response = signed(
        client, keys, "POST", EVENTS, {"events": [event(["located"], lat=near[0], lon=near[1])]}
    )
    assert response.json()["results"][0]["result"] == "recorded"
    mission.refresh_from_db()
    assert mission.status == "en_route" and mission.eta is not None
    signed(
        client,
        keys,
        "POST",
        EVENTS,
        {"events": [event(["trip_end"], lat=mission.dest_lat, lon=mission.dest_lon)]},
    )
    # face to face: the wrong code is refused, the right one hands it over
    wrong = signed(
        client,
        keys,
        "POST",
        EVENTS,
        {
            "events": [
                event(
                    ["order_drop_off"],
                    "available",
                    handover_code="000000" if parcel.handover_code != "000000" else "111111",
                )
            ]
        },
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "logistics.handover_code_invalid"
    ok = signed(
        client,
        keys,
        "POST",
        EVENTS,
        {"events": [event(["order_drop_off"], "available", handover_code=parcel.handover_code)]},
    )
    assert ok.status_code == 200 and ok.json()["results"][0]["result"] == "applied"
    mission.refresh_from_db()
    parcel.refresh_from_db()
    assert mission.status == "handed_over" and parcel.status == "delivered"
    assert machine(robot.code).status == "available"
    # the address is released no longer
    assert signed(client, keys, "GET", MISSION).status_code == 404
    told = list(
        Notification.objects.filter(user=user)
        .order_by("created_at")
        .values_list("data__event", flat=True)
    )
    assert told == ["arrived_at_hub", "departed", "arriving", "delivered"]
    assert [e.kind for e in parcel.events.all()] == told


def test_events_are_applied_once_and_other_kinds_of_device_are_refused(hubs, client):
    keys = _keys(machine("drone-1"))
    one = event(["located"], "available", 35.3, 128.93)
    assert (
        signed(client, keys, "POST", EVENTS, {"events": [one]}).json()["results"][0]["result"]
        == "recorded"
    )
    assert (
        signed(client, keys, "POST", EVENTS, {"events": [one]}).json()["results"][0]["result"]
        == "duplicate"
    )
    assert machine("drone-1").lat == 35.3
    sensor, secret = devices.device_register(name="s", kind="parking_sensor", app_label="parking")
    refused = signed(client, (sensor.keys.get().key_id, secret), "POST", EVENTS, {"events": [one]})
    assert refused.status_code == 403
    unsigned = client.post(EVENTS, {"events": [one]}, content_type="application/json")
    assert unsigned.status_code == 401


def test_a_failed_delivery_is_retried_then_held_for_collection(hubs, settings):
    settings.LOGISTICS_MAX_ATTEMPTS = 2
    user = resident_with_address()
    parcel = parcel_for(user, hubs["hub-sangdong"])
    for attempt in (1, 2):
        Parcel.objects.filter(pk=parcel.pk).update(next_attempt_at=None)
        assert services.missions_dispatch() == 1
        mission = Mission.objects.filter(parcels=parcel).order_by("-created_at").first()
        services.mission_advance(mission_id=mission.id, to="loading")
        services.mission_advance(mission_id=mission.id, to="departed")
        services.mission_advance(mission_id=mission.id, to="returned", reason="nobody home")
        parcel.refresh_from_db()
        assert parcel.attempts == attempt
    assert parcel.status == "held" and parcel.mode == "locker" and parcel.locker is not None
    events = [e.kind for e in parcel.events.all()]
    assert events.count("retry") == 1 and events[-1] == "held"
    assert services.missions_dispatch() == 0


def test_commands_are_logged_and_return_to_hub_ends_the_mission(hubs, make_auth_client, client):
    user = resident_with_address()
    parcel_for(user, hubs["hub-sangdong"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    services.mission_advance(mission_id=mission.id, to="loading")
    services.mission_advance(mission_id=mission.id, to="departed")
    staff = make_auth_client(_hub_staff(hubs["hub-sangdong"]))
    url = f"/api/v1/logistics/staff/machines/{mission.machine_id}/commands/"
    assert staff.post(url, {"kind": "pause"}, format="json").status_code == 201
    assert machine("drone-1").status == "paused"
    assert staff.post(url, {"kind": "return_to_hub"}, format="json").status_code == 201
    mission.refresh_from_db()
    assert mission.status == "returned"
    assert list(MachineCommand.objects.values_list("kind", flat=True).order_by("created_at")) == [
        "pause",
        "return_to_hub",
    ]
    # the machine fetches its pending commands (acknowledged once)
    other = hubs["hub-jangyu"]
    foreign = make_auth_client(_hub_staff(other))
    assert foreign.post(url, {"kind": "pause"}, format="json").status_code == 404


def _hub_staff(hub):
    from apps.accounts.tests.factories import UserFactory

    person = UserFactory()
    role_grant(user=person, role=Role.HUB_STAFF, target=hub)
    return person


def test_staff_load_a_planned_mission(hubs, make_auth_client):
    user = resident_with_address()
    parcel_for(user, hubs["hub-sangdong"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    staff = make_auth_client(_hub_staff(hubs["hub-sangdong"]))
    url = f"/api/v1/logistics/staff/missions/{mission.id}/load/"
    assert staff.post(url).json()["status"] == "loading"
    again = staff.post(url)
    assert again.status_code == 409 and again.json()["code"] == "logistics.transition_not_allowed"


def test_the_simulator_brings_a_demo_parcel_to_the_door(hubs, settings):
    settings.LOGISTICS_SIMULATOR_SPEEDUP = 1000
    user = resident_with_address()
    for _ in range(12):
        services.simulate()
    parcel = Parcel.objects.get(recipient=user)
    assert parcel.is_demo
    assert parcel.status == "delivered", [e.kind for e in parcel.events.all()]
    assert Mission.objects.get().status == "handed_over"


def test_the_machine_fetches_its_pending_commands_once(hubs, client):
    user = resident_with_address()
    parcel_for(user, hubs["hub-sangdong"])
    services.missions_dispatch()
    mission = Mission.objects.get()
    services.machine_command_issue(user=None, machine_id=mission.machine_id, kind="pause")
    keys = _keys(mission.machine)
    first = signed(client, keys, "GET", MISSION).json()
    assert [c["kind"] for c in first["commands"]] == ["pause"]
    assert signed(client, keys, "GET", MISSION).json()["commands"] == []
    assert MachineCommand.objects.get().acknowledged_at is not None
