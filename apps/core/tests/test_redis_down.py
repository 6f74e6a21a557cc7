"""Redis down: the API keeps serving from the database (cache and throttles fail open), WebSocket
connects are refused cleanly, and only device signatures stay strict (test_devices.py)."""

import pytest
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts.tests.factories import UserFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    """The cache on a Redis that is not there (Django resets its cache handler on the change),
    with the real throttles at their real rates reading it."""
    from django.conf import settings as live

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {**live.REDIS_CACHE_OPTIONS, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    settings.REST_FRAMEWORK = {
        **live.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min", "device": "600/min"},
    }


@pytest.mark.django_db
def test_the_api_serves_with_redis_down(client, make_auth_client, redis_down):
    from django.core.cache import cache

    assert cache.get("anything") is None  # a miss, not an exception
    assert client.get("/api/v1/rentals/stations/").status_code == 200
    assert client.get("/api/v1/transit/alerts/").status_code == 200
    assert make_auth_client(UserFactory()).get("/api/v1/notifications/").status_code == 200

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["cache"]["state"] == "down"


@pytest.mark.django_db(transaction=True)
async def test_websocket_connects_are_refused_cleanly_while_the_channel_layer_is_down(settings):
    from asgiref.sync import sync_to_async

    from config.asgi import application

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "apps.core.channel_layer.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": DEAD_REDIS,
                        **settings.REDIS_CHANNEL_HOST_OPTIONS,
                        "socket_connect_timeout": 0.2,
                    }
                ]
            },
        }
    }
    user = await sync_to_async(UserFactory)()
    communicator = WebsocketCommunicator(
        application,
        f"/ws/notifications/?token={AccessToken.for_user(user)}",
        headers=[(b"origin", b"http://localhost")],
    )
    connected, code = await communicator.connect(timeout=10)
    assert not connected
    assert code == 1013
