"""Lots near a point, lot detail, the open ParkAPI feed, and the live lot socket."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from apps.parking import services
from config.asgi import application

from .factories import LotFactory, SpaceFactory

pytestmark = pytest.mark.django_db

# 봉황역 and a point about 3 km away
BONGHWANG = (35.2273, 128.8742)


def test_lots_near_a_point_nearest_first_with_counts(client, django_assert_num_queries):
    near = LotFactory(code="NEAR", lat=35.2280, lon=128.8745)
    LotFactory(code="NEARER", lat=35.2274, lon=128.8743)
    LotFactory(code="FAR", lat=35.2550, lon=128.8742)
    LotFactory(code="CLOSED", lat=35.2274, lon=128.8743, is_active=False)
    SpaceFactory(lot=near, state="free")
    SpaceFactory(lot=near, state="occupied")
    with django_assert_num_queries(1):
        response = client.get("/api/v1/parking/lots/near/", {"near": "35.2273,128.8742"})
    assert response.status_code == 200
    body = response.json()
    assert [lot["code"] for lot in body] == ["NEARER", "NEAR"]
    assert body[1]["num_free"] == 1 and body[1]["num_occupied"] == 1
    assert body[0]["distance_m"] < body[1]["distance_m"]


def test_near_needs_a_point(client):
    response = client.get("/api/v1/parking/lots/near/", {"near": "gimhae"})
    assert response.status_code == 400
    assert "near" in response.json()["extra"]["fields"]


def test_lot_detail_in_the_device_language(client):
    lot = LotFactory(name_ko="봉황역 공영주차장", name_en="Bonghwang Station Public Parking")
    SpaceFactory(lot=lot, label="A1", state="occupied", ev_charger=True)
    response = client.get(f"/api/v1/parking/lots/{lot.id}/", headers={"X-Ieum-Language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bonghwang Station Public Parking"
    assert body["spaces"] == [
        {
            "label": "A1",
            "state": "occupied",
            "state_changed_at": None,
            "ev_charger": True,
            "accessible": False,
            "compact": False,
        }
    ]
    assert body["tariff"]["base_krw"] == 500


def test_unknown_lot_is_a_parking_error(client):
    lot = LotFactory(is_active=False)
    response = client.get(f"/api/v1/parking/lots/{lot.id}/")
    assert response.status_code == 404
    assert response.json()["code"] == "parking.lot_not_found"


def test_open_feed_in_parkapi_shape_without_login(client):
    lot = LotFactory(code="4825-0001", kind="on_street", capacity=40)
    SpaceFactory(lot=lot, state="free", last_event_at=timezone.now())
    SpaceFactory(lot=lot, state="occupied")
    LotFactory(code="NO-SENSORS", capacity=25)
    response = client.get("/api/v1/parking/feed/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"last_updated", "last_downloaded", "data_source", "lots"}
    first, second = body["lots"]
    assert first == {
        "id": "4825-0001",
        "name": lot.name_ko,
        "address": "",
        "coords": {"lat": lot.lat, "lng": lot.lon},
        "lot_type": "street",
        "region": "",
        "total": 2,
        "free": 1,
        "state": "open",
        "forecast": False,
    }
    assert second["state"] == "nodata" and second["total"] == 25


@pytest.mark.django_db(transaction=True)
async def test_lot_socket_sends_a_snapshot_then_live_counts():
    lot = await database_sync_to_async(LotFactory)()
    await database_sync_to_async(SpaceFactory)(lot=lot, sensor_id="s-1", state="free")
    communicator = WebsocketCommunicator(
        application, f"/ws/parking/lots/{lot.id}/", headers=[(b"origin", b"http://localhost")]
    )
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    snapshot = await communicator.receive_json_from(timeout=5)
    assert snapshot == {
        "event": "lot.status",
        "data": {
            "id": str(lot.id),
            "num_free": 1,
            "num_occupied": 0,
            "num_unknown": 0,
            "num_spaces": 1,
        },
    }
    await database_sync_to_async(services.sensor_events_apply)(
        events=[{"sensor_id": "s-1", "state": "occupied", "at": timezone.now()}]
    )
    message = await communicator.receive_json_from(timeout=5)
    assert message["event"] == "lot.status" and message["data"]["num_occupied"] == 1
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_socket_for_an_unknown_lot_is_refused():
    import uuid

    communicator = WebsocketCommunicator(
        application, f"/ws/parking/lots/{uuid.uuid4()}/", headers=[(b"origin", b"http://localhost")]
    )
    connected, code = await communicator.connect(timeout=5)
    assert not connected and code == 4404
