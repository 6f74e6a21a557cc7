"""Live station availability over /ws/rentals/stations/ (anonymous), through the real ASGI stack."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from apps.accounts.tests.factories import UserFactory
from apps.core.errors import ApplicationError
from apps.rentals import services
from config.asgi import application

from .factories import StationFactory, VehicleFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://localhost")]


async def test_anonymous_map_gets_a_snapshot_then_live_counts_after_commit():
    station = await database_sync_to_async(StationFactory)(capacity=4)
    vehicle = await database_sync_to_async(VehicleFactory)(station=station)
    user = await database_sync_to_async(UserFactory)()

    communicator = WebsocketCommunicator(application, "/ws/rentals/stations/", headers=ORIGIN)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    snapshot = await communicator.receive_json_from(timeout=5)
    assert snapshot["event"] == "stations.snapshot"
    assert snapshot["data"]["stations"][0]["num_bikes_available"] == 1

    await database_sync_to_async(services.rental_unlock)(user=user, code=vehicle.code)
    message = await communicator.receive_json_from(timeout=5)
    assert message["event"] == "station.status"
    assert message["data"]["id"] == str(station.id)
    assert message["data"]["num_bikes_available"] == 0
    assert message["data"]["num_docks_available"] == 4
    await communicator.disconnect()


async def test_a_refused_unlock_pushes_nothing():
    station = await database_sync_to_async(StationFactory)()
    vehicle = await database_sync_to_async(VehicleFactory)(station=station, status="maintenance")
    user = await database_sync_to_async(UserFactory)()
    communicator = WebsocketCommunicator(application, "/ws/rentals/stations/", headers=ORIGIN)
    await communicator.connect(timeout=5)
    await communicator.receive_json_from(timeout=5)
    with pytest.raises(ApplicationError):
        await database_sync_to_async(services.rental_unlock)(user=user, code=vehicle.code)
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()
