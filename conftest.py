"""Fixtures every app's tests share."""

import pytest
import pytest_asyncio
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    from apps.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def make_auth_client():
    """make_auth_client(user) → an APIClient sending that user's JWT access token."""

    def make(user) -> APIClient:
        client = APIClient()
        token = RefreshToken.for_user(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def auth_client(user, make_auth_client) -> APIClient:
    return make_auth_client(user)


@pytest.fixture
def admin_client(client, db):
    """A client logged in to the admin as a superuser (pytest-django's needs a username field)."""
    from apps.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Each test gets its own channel layer: channels_redis keeps receive locks, buffers and
    connection pools per event loop, and every async test has a loop of its own."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def finish_sockets(request):
    """Async tests get ``_sockets_closed``: every test WebSocket ends inside its own test."""
    if request.node.get_closest_marker("asyncio"):
        request.getfixturevalue("_sockets_closed")


@pytest_asyncio.fixture
async def _sockets_closed(monkeypatch):
    """Every WebSocket a test opens is disconnected when the test ends, on the test's own event
    loop, the way a browser leaving would: the consumer leaves its groups and stops here, where a
    consumer that does not stop fails this test (after 5 s), instead of being cancelled with every
    other task when pytest-asyncio closes the loop. That is where a consumer that did not stop
    once hung the whole suite (apps/core/channel_layer.py says why it did not).

    Then the database connection of the thread that runs async code's queries is closed: left
    open, it kept pytest-django from dropping the PostgreSQL test database at the end of the run.
    """
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.db import connections

    opened: list[WebsocketCommunicator] = []
    original_init = WebsocketCommunicator.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(WebsocketCommunicator, "__init__", init)
    yield
    for socket in opened:
        if socket._future is not None and not socket._future.done():
            await socket.disconnect(timeout=5)
    await sync_to_async(connections.close_all)()
