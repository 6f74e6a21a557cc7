from uuid import UUID

from channels.db import database_sync_to_async

from apps.core.ws import CLOSE_NOT_FOUND, EventConsumer

from . import selectors
from .models import ParkingLot
from .services import lot_group


@database_sync_to_async
def _lot_exists(lot_id: UUID) -> bool:
    return ParkingLot.objects.filter(id=lot_id, is_active=True).exists()


@database_sync_to_async
def _snapshot(lot_id: UUID) -> dict:
    return selectors.lot_counts(lot_id=lot_id)


class LotStatusConsumer(EventConsumer):
    """``/ws/parking/lots/<id>/``: one lot's live counts, for everyone (the same data is in the open
    feed). The first message is a ``lot.status`` snapshot; then ``lot.status`` arrives whenever a
    count changes."""

    async def get_groups(self) -> list[str] | None:
        self.lot_id = self.scope["url_route"]["kwargs"]["lot_id"]
        if not await _lot_exists(self.lot_id):
            await self.close(code=CLOSE_NOT_FOUND)
            return None
        return [lot_group(self.lot_id)]

    async def connect(self):
        await super().connect()
        if getattr(self, "groups_joined", None):
            await self.send_json({"event": "lot.status", "data": await _snapshot(self.lot_id)})

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""
