"""WebSocket pushes of live arrivals and vehicles, through the real ASGI stack (anonymous)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from apps.transit.realtime.refresh import live_refresh
from config.asgi import application

from .live_helpers import at, live_cache_cleared  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://localhost")]


async def _connect(path: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=ORIGIN)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def test_a_stop_gets_a_snapshot_then_arrivals_when_they_change(demo_feed):
    communicator = await _connect("/ws/transit/stops/B/")
    snapshot = await communicator.receive_json_from(timeout=5)
    assert snapshot["event"] == "stop.arrivals"
    assert snapshot["data"]["stop_id"] == "B" and snapshot["data"]["arrivals"] == []

    await database_sync_to_async(live_refresh)(now=at(8, 15))
    message = await communicator.receive_json_from(timeout=5)
    assert message["event"] == "stop.arrivals"
    assert [a["trip_id"] for a in message["data"]["arrivals"]] == ["S1", "L1"]
    assert message["data"]["arrivals"][0]["route_short_name"] == "1"

    # the same predictions a few seconds later: nothing new to push for the stop
    await database_sync_to_async(live_refresh)(now=at(8, 15, 5))
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_route_gets_vehicle_positions(demo_feed):
    communicator = await _connect("/ws/transit/routes/S/vehicles/")
    snapshot = await communicator.receive_json_from(timeout=5)
    assert snapshot == {
        "event": "route.vehicles",
        "data": {"route_id": "S", "generated_at": snapshot["data"]["generated_at"], "vehicles": []},
    }
    await database_sync_to_async(live_refresh)(now=at(8, 15))
    first = await communicator.receive_json_from(timeout=5)
    await database_sync_to_async(live_refresh)(now=at(8, 16))
    moved = await communicator.receive_json_from(timeout=5)
    assert first["event"] == moved["event"] == "route.vehicles"
    (v1,), (v2,) = first["data"]["vehicles"], moved["data"]["vehicles"]
    assert v1["trip_id"] == v2["trip_id"] == "S1"
    assert v2["lat"] > v1["lat"]  # heading north from A to B
    await communicator.disconnect()


async def test_an_unknown_stop_is_closed_with_4404(demo_feed):
    communicator = WebsocketCommunicator(application, "/ws/transit/stops/nope/", headers=ORIGIN)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4404}
    await communicator.disconnect()
