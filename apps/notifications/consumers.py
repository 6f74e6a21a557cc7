from apps.core.events import user_group
from apps.core.ws import CLOSE_UNAUTHENTICATED, EventConsumer

from .services import TRANSLATIONS_KEY


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

    async def event_push(self, message):
        """A new notification in the socket's ``?lang=`` (the device's language), else in the
        account's preference as rendered by the sender."""
        data = dict(message["data"])
        translations = data.pop(TRANSLATIONS_KEY, None)
        if translations and self.language in translations:
            data["notification"] = translations[self.language]
        await self.send_json({"event": message["event"], "data": data})

    async def receive_json(self, content, **kwargs):
        """Clients only listen; reads go through the REST API."""
