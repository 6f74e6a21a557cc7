"""Fixtures every app's tests share."""

import pytest
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
    """Each test gets its own channel layer. channels_redis keeps receive locks, buffers and
    cleaner tasks bound to the event loop they first ran on, and every async test has its own
    loop: a layer shared across tests can leave the next loop waiting on a lock of a closed one
    (seen once as a suite that hung while closing a test's loop)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
