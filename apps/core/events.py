"""Events to WebSocket clients: sent to a group after the database commit.

Groups (ASCII, ≤100 chars): ``user.<uuid>``, ``stop.<id>``, ``route.<id>``, ``drt.vehicle.<id>``,
``lot.<id>``, ``parcel.<id>``, ``chat.<uuid>``. Consumers receive ``{"type": "event.push",
"event": <name>, "data": <payload>}`` and forward ``{"event", "data"}`` to the client.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id) -> str:
    return f"user.{user_id}"


def send_now(group: str, event: str, data: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "event.push", "event": event, "data": data})
    except Exception:  # a push is best effort: the record is already stored
        logger.exception("push to %s failed", group)


def publish(group: str, event: str, data: dict) -> None:
    """Send ``event`` to ``group`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(group, event, data))
