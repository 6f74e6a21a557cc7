from apps.core.events import user_group
from apps.core.ws import CLOSE_UNAUTHENTICATED, EventConsumer


class NotificationConsumer(EventConsumer):
    """``/ws/notifications/``: the signed-in user's own group only. There is no parameter naming a
    user, so a client cannot subscribe to anyone else's notifications."""

    async def get_groups(self) -> list[str] | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept first so the browser sees the 4401 close code (a refused handshake is 1006).
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return None
        return [user_group(user.id)]

    async def receive_json(self, content, **kwargs):
        """Clients only listen; reads go through the REST API."""
