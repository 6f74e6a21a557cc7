from channels.db import database_sync_to_async

from apps.core.ws import EventConsumer

from . import selectors
from .services import STATIONS_GROUP


@database_sync_to_async
def _snapshot() -> dict:
    return {
        "stations": [
            {
                "id": str(s.id),
                "code": s.code,
                "num_bikes_available": s.num_bikes_available,
                "num_docks_available": max(0, s.num_docks_available),
                "is_renting": s.is_renting,
                "is_returning": s.is_returning,
            }
            for s in selectors.station_list()
        ],
        "spots": [
            {
                "id": str(s.id),
                "code": s.code,
                "num_vehicles_available": s.num_vehicles_available,
                "capacity": s.capacity,
                "occupancy": s.occupancy,
                "free": max(0, s.capacity - s.occupancy),
            }
            for s in selectors.spot_list()
        ],
    }


class StationAvailabilityConsumer(EventConsumer):
    """``/ws/rentals/stations/``: live bikes and free docks per station and free space per niche
    spot, for everyone (the same data is open in GBFS). The first message is a snapshot; then
    ``station.status`` / ``spot.status`` arrive whenever a count changes."""

    async def get_groups(self) -> list[str] | None:
        return [STATIONS_GROUP]

    async def connect(self):
        await super().connect()
        await self.send_json({"event": "stations.snapshot", "data": await _snapshot()})

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""
