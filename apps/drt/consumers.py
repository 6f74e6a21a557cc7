from uuid import UUID

from channels.db import database_sync_to_async

from apps.core.ws import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, EventConsumer

from .models import Booking
from .services import booking_group, booking_snapshot


@database_sync_to_async
def _snapshot(user, booking_id: UUID) -> dict | None:
    booking = Booking.objects.filter(id=booking_id, user=user).select_related("vehicle").first()
    return booking_snapshot(booking=booking) if booking else None


class BookingConsumer(EventConsumer):
    """``/ws/drt/bookings/<id>/``: the rider's own booking only. The first message is a
    ``booking.status`` snapshot; then ``booking.status`` on each change and ``booking.position``
    (bus position and ETAs) as the bus moves."""

    async def get_groups(self) -> list[str] | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return None
        self.booking_id = self.scope["url_route"]["kwargs"]["booking_id"]
        self.snapshot = await _snapshot(user, self.booking_id)
        if self.snapshot is None:  # someone else's booking is "not found"
            await self.close(code=CLOSE_NOT_FOUND)
            return None
        return [booking_group(self.booking_id)]

    async def connect(self):
        await super().connect()
        if getattr(self, "groups_joined", None):
            await self.send_json({"event": "booking.status", "data": self.snapshot})

    async def receive_json(self, content, **kwargs):
        """Clients only listen."""
