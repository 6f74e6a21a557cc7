from uuid import UUID

from channels.db import database_sync_to_async

from apps.core.ws import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, EventConsumer

from . import selectors
from .errors import LogisticsError
from .services import parcel_group, parcel_status_payload


@database_sync_to_async
def _snapshot(user, parcel_id: UUID) -> dict | None:
    try:
        parcel = selectors.parcel_get_for_user(user=user, parcel_id=parcel_id)
    except LogisticsError:
        return None
    data = parcel_status_payload(parcel=parcel)
    position = selectors.parcel_position(parcel=parcel)
    if position is not None:
        data["position"] = {"lat": position.lat, "lon": position.lon}
    return data


class ParcelTrackConsumer(EventConsumer):
    """``/ws/logistics/parcels/<id>/``: the recipient's own parcel only (anyone else: 4404). The
    first message is a ``parcel.status`` snapshot; then ``parcel.status`` on every step and
    ``parcel.position`` (lat, lon, eta) while a machine carries it."""

    async def get_groups(self) -> list[str] | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return None
        self.parcel_id = self.scope["url_route"]["kwargs"]["parcel_id"]
        self.snapshot = await _snapshot(user, self.parcel_id)
        if self.snapshot is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return None
        return [parcel_group(self.parcel_id)]

    async def connect(self):
        await super().connect()
        if getattr(self, "groups_joined", None):
            await self.send_json({"event": "parcel.status", "data": self.snapshot})

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""
