"""The GTFS-Realtime export, parsed back with gtfs-realtime-bindings."""

from datetime import timedelta

import pytest
from django.utils import timezone
from google.transit import gtfs_realtime_pb2 as rt

from apps.transit.models import ServiceAlert, ServiceAlertEntity, ServiceAlertPeriod
from apps.transit.realtime.refresh import live_refresh

from .live_helpers import at, live_cache_cleared  # noqa: F401

pytestmark = pytest.mark.django_db


def _parse(response) -> rt.FeedMessage:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-protobuf"
    message = rt.FeedMessage()
    message.ParseFromString(response.content)
    assert message.header.gtfs_realtime_version == "2.0"
    return message


def test_trip_updates_and_vehicle_positions(client, demo_feed):
    live_refresh(now=at(8, 15))
    updates = _parse(client.get("/gtfs-rt/trip-updates.pb"))
    by_trip = {e.trip_update.trip.trip_id: e.trip_update for e in updates.entity}
    assert set(by_trip) == {"S1", "L1"}
    s1 = by_trip["S1"]
    assert s1.trip.route_id == "S" and s1.trip.start_date == "20250304"
    assert [u.stop_id for u in s1.stop_time_update] == ["B", "C"]
    b = s1.stop_time_update[0]
    assert b.arrival.time == int(at(8, 30).timestamp()) + b.arrival.delay

    positions = _parse(client.get("/gtfs-rt/vehicle-positions.pb"))
    vehicles = {e.vehicle.trip.trip_id: e.vehicle for e in positions.entity}
    assert set(vehicles) == {"S1", "L1"}
    s1v = vehicles["S1"]
    assert 35.2 <= s1v.position.latitude <= 35.21
    assert s1v.current_status == rt.VehiclePosition.IN_TRANSIT_TO and s1v.stop_id == "B"


def test_empty_feeds_without_live_data(client, demo_feed):
    assert len(_parse(client.get("/gtfs-rt/trip-updates.pb")).entity) == 0
    assert len(_parse(client.get("/gtfs-rt/vehicle-positions.pb")).entity) == 0


def test_alerts_carry_korean_and_english(client):
    alert = ServiceAlert.objects.create(
        header_ko="10번 버스 우회 운행",
        header_en="Bus 10 detour",
        description_ko="시청 앞 정류장 폐쇄",
        description_en="City Hall stop closed",
        cause=ServiceAlert.Cause.CONSTRUCTION,
        effect=ServiceAlert.Effect.DETOUR,
    )
    start = timezone.now() - timedelta(hours=1)
    ServiceAlertPeriod.objects.create(alert=alert, start=start)
    ServiceAlertEntity.objects.create(alert=alert, route_id="B10")
    ServiceAlertEntity.objects.create(alert=alert, stop_id="GH-CITYHALL")

    message = _parse(client.get("/gtfs-rt/alerts.pb"))
    (entity,) = message.entity
    out = entity.alert
    assert out.cause == rt.Alert.CONSTRUCTION and out.effect == rt.Alert.DETOUR
    assert {(t.language, t.text) for t in out.header_text.translation} == {
        ("ko", "10번 버스 우회 운행"),
        ("en", "Bus 10 detour"),
    }
    assert {(t.language, t.text) for t in out.description_text.translation} == {
        ("ko", "시청 앞 정류장 폐쇄"),
        ("en", "City Hall stop closed"),
    }
    assert [(e.route_id, e.stop_id) for e in out.informed_entity] == [
        ("B10", ""),
        ("", "GH-CITYHALL"),
    ]
    assert out.active_period[0].start == int(start.timestamp())
    assert not out.active_period[0].HasField("end")


def test_json_for_debugging(client):
    response = client.get("/gtfs-rt/alerts.pb", {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["header"]["gtfsRealtimeVersion"] == "2.0"
