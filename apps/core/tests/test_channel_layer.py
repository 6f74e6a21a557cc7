"""A consumer's receive stops when asked, even when a library swallowed the cancel
(apps/core/channel_layer.py). Redis only: the in-memory layer has no such receive."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="Redis only (CI sets REDIS_URL)")


async def test_a_receive_whose_cancel_was_swallowed_stops_instead_of_popping_for_ever(monkeypatch):
    """Python 3.11's wait_for drops a cancel that arrives as a write finishes; this makes that
    happen on purpose, inside the receive's first Redis command."""
    from redis.asyncio import Redis

    original_eval = Redis.eval

    async def eval_that_swallows_a_cancel(self, *args, **kwargs):
        asyncio.current_task().cancel()
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            pass  # what wait_for does when the awaited work is already done
        return await original_eval(self, *args, **kwargs)

    monkeypatch.setattr(Redis, "eval", eval_that_swallows_a_cancel)
    layer = get_channel_layer()
    channel = await layer.new_channel()
    receive = asyncio.ensure_future(layer.receive(channel))
    # Without the check it blocks in BZPOPMIN, then pops again, for ever.
    done, _ = await asyncio.wait([receive], timeout=3)
    assert done, "the receive kept popping after it was asked to stop"
    assert receive.cancelled()


async def test_a_socket_closed_at_once_ends_its_consumer():
    """A refused socket closed straight away: the consumer is still connecting to Redis."""
    for _ in range(3):
        socket = WebsocketCommunicator(
            application, "/ws/nowhere/", headers=[(b"origin", b"http://localhost")]
        )
        connected, code = await socket.connect(timeout=5)
        assert not connected and code == 4404
        await socket.send_input({"type": "websocket.disconnect", "code": 1000})
        done, _ = await asyncio.wait([socket.future], timeout=3)
        assert done, "the consumer did not stop after its socket closed"
