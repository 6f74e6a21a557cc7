"""Live push over /ws/notifications/ through the real ASGI stack (origin check, JWT or session).
Runs on the in-memory channel layer, and on Redis when REDIS_URL is set (as in CI)."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts.tests.factories import UserFactory
from apps.notifications import services
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://localhost")]


def _communicator(query: str = "", headers=ORIGIN) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/notifications/{query}", headers=headers)


async def _connect_as(user) -> WebsocketCommunicator:
    communicator = _communicator(f"?token={AccessToken.for_user(user)}")
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return communicator


@database_sync_to_async
def _notify(user, title_en="Bus delayed"):
    return services.notify(
        user=user,
        kind="transit",
        title_ko="버스 지연",
        title_en=title_en,
        body_ko="10분 지연",
        body_en="10 minutes late",
    )


async def _closed_with(communicator) -> int | None:
    message = await communicator.receive_output(timeout=5)
    assert message["type"] == "websocket.close"
    return message.get("code")


async def test_a_user_receives_their_own_notification_live_then_the_read_event():
    user = await database_sync_to_async(UserFactory)(preferred_language="en")
    communicator = await _connect_as(user)

    notification = await _notify(user)
    message = await communicator.receive_json_from(timeout=5)
    assert message["event"] == "notification.created"
    assert message["data"]["unread"] == 1
    assert message["data"]["notification"]["id"] == str(notification.id)
    assert message["data"]["notification"]["title"] == "Bus delayed"

    await database_sync_to_async(services.notification_mark_read)(
        user=user, notification_id=notification.id
    )
    assert await communicator.receive_json_from(timeout=5) == {
        "event": "notification.read",
        "data": {"unread": 0},
    }
    await communicator.disconnect()


async def test_no_way_to_receive_someone_elses_notifications():
    me, other = await database_sync_to_async(UserFactory.create_batch)(2)
    # naming the other user in the URL changes nothing: the group comes from the login
    communicator = _communicator(f"?token={AccessToken.for_user(me)}&user={other.id}")
    connected, _ = await communicator.connect(timeout=5)
    assert connected

    await _notify(other)
    assert await communicator.receive_nothing(timeout=0.5)
    await _notify(me, title_en="Mine")
    message = await communicator.receive_json_from(timeout=5)
    assert message["data"]["notification"]["title"] == "버스 지연"  # my language: Korean
    await communicator.disconnect()


async def test_anonymous_is_refused_with_4401():
    communicator = _communicator()
    await communicator.connect(timeout=5)
    assert await _closed_with(communicator) == 4401


async def test_a_bad_or_foreign_token_is_refused_with_4401():
    communicator = _communicator("?token=not-a-jwt")
    await communicator.connect(timeout=5)
    assert await _closed_with(communicator) == 4401


async def test_session_login_works_too():
    user = await database_sync_to_async(UserFactory)()
    client = Client()
    await database_sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = _communicator(headers=[*ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    await _notify(user)
    assert (await communicator.receive_json_from(timeout=5))["event"] == "notification.created"
    await communicator.disconnect()


@pytest.mark.skipif(
    not __import__("os").environ.get("REDIS_URL"), reason="needs the real Redis channel layer"
)
async def test_idle_sockets_stay_open_on_redis_for_over_thirty_seconds():
    """With redis-py 8's default 5 s read timeout, channels-redis closed idle sockets with 1011
    about every 5 s (django/channels_redis#422); settings give the reads a longer timeout."""
    users = [await database_sync_to_async(UserFactory)(preferred_language="en") for _ in range(3)]
    sockets = [await _connect_as(user) for user in users]
    quiet = await asyncio.gather(
        *(socket.receive_nothing(timeout=32, interval=1) for socket in sockets)
    )
    assert quiet == [True, True, True]  # nothing arrived: no close, no error
    await _notify(users[0], title_en="Still here")
    message = await sockets[0].receive_json_from(timeout=5)
    assert message["event"] == "notification.created"
    for socket in sockets:
        await socket.disconnect()


async def test_the_sockets_lang_parameter_beats_the_accounts_preference():
    user = await database_sync_to_async(UserFactory)(preferred_language="ko")
    english = _communicator(f"?token={AccessToken.for_user(user)}&lang=en")
    assert (await english.connect(timeout=5))[0]
    default = await _connect_as(user)

    await _notify(user)
    pushed = await english.receive_json_from(timeout=5)
    assert pushed["data"]["notification"]["title"] == "Bus delayed"
    assert pushed["data"]["notification"]["body"] == "10 minutes late"
    assert set(pushed["data"]) == {"notification", "unread"}  # the renderings stay on the server
    # without ?lang the account's preference still decides
    assert (await default.receive_json_from(timeout=5))["data"]["notification"][
        "title"
    ] == "버스 지연"
    await english.disconnect()
    await default.disconnect()
