"""WebSocket authentication: a JWT access token in the ``token`` query parameter, or the session
cookie. Origins are checked against ALLOWED_HOSTS."""

import asyncio
import logging
from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TRY_AGAIN_LATER = 1013  # RFC 6455: the server is overloaded or a dependency is down

DISCARD_TRIES = 3


async def _group_discard(layer, group: str, channel: str) -> None:
    """A member left behind would receive (and lose) every later event of the group until it
    expires, so a failed discard (pool exhausted, a Redis blip) is tried again."""
    for attempt in range(DISCARD_TRIES):
        try:
            await layer.group_discard(group, channel)
            return
        except Exception:
            if attempt == DISCARD_TRIES - 1:
                logger.warning("could not leave group %s", group, exc_info=True)
                return
            await asyncio.sleep(0.1 * 2**attempt)


@database_sync_to_async
def _user_from_token(raw: str):
    from rest_framework_simplejwt.exceptions import TokenError
    from rest_framework_simplejwt.tokens import AccessToken

    try:
        token = AccessToken(raw)
        return get_user_model().objects.get(id=token["user_id"], is_active=True)
    except (TokenError, KeyError, get_user_model().DoesNotExist, ValueError):
        return AnonymousUser()


class JwtQueryAuthMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        params = parse_qs(scope.get("query_string", b"").decode())
        token = params.get("token", [None])[0]
        if token:
            scope = dict(scope, user=await _user_from_token(token))
        return await self.app(scope, receive, send)


def websocket_stack(inner):
    return AllowedHostsOriginValidator(AuthMiddlewareStack(JwtQueryAuthMiddleware(inner)))


class EventConsumer(AsyncJsonWebsocketConsumer):
    """Base consumer: subclasses say which groups a connection may join; events pushed with
    ``apps.core.events.publish`` are forwarded as ``{"event", "data"}``."""

    groups_joined: list[str]
    # ``?lang=ko|en``: the device's language for text this socket renders (browsers cannot set
    # headers on a WebSocket, so this stands in for X-Ieum-Language); None = account preference
    language: str | None = None

    async def get_groups(self) -> list[str] | None:
        """Return the groups to join, or None to refuse (subclasses close with 4401/4403)."""
        raise NotImplementedError

    async def connect(self):
        from .authentication import LANGUAGE_QUERY, language_choice

        params = parse_qs(self.scope.get("query_string", b"").decode())
        self.language = language_choice(params.get(LANGUAGE_QUERY, [None])[0])
        groups = await self.get_groups()
        if groups is None:
            return
        self.groups_joined = []
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception:  # the channel layer (Redis) is down: refuse cleanly, the app retries
            logger.warning("channel layer unavailable; refusing a WebSocket", exc_info=True)
            for group in self.groups_joined:
                await _group_discard(self.channel_layer, group, self.channel_name)
            self.groups_joined = []
            await self.close(code=CLOSE_TRY_AGAIN_LATER)
            return
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await _group_discard(self.channel_layer, group, self.channel_name)

    async def event_push(self, message):
        await self.send_json({"event": message["event"], "data": message["data"]})


class UnknownPathConsumer(AsyncJsonWebsocketConsumer):
    """The last route: a socket to a path no app serves is refused (4404), not a server error."""

    async def connect(self):
        await self.close(code=CLOSE_NOT_FOUND)
