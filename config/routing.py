"""WebSocket routes: each app lists its own in `<app>/routing.py`."""

from django.urls import re_path

from apps.chat.routing import websocket_urlpatterns as chat
from apps.core.ws import UnknownPathConsumer
from apps.drt.routing import websocket_urlpatterns as drt
from apps.health.routing import websocket_urlpatterns as health
from apps.logistics.routing import websocket_urlpatterns as logistics
from apps.notifications.routing import websocket_urlpatterns as notifications
from apps.parking.routing import websocket_urlpatterns as parking
from apps.rentals.routing import websocket_urlpatterns as rentals
from apps.transit.routing import websocket_urlpatterns as transit

websocket_urlpatterns = [
    *chat,
    *drt,
    *health,
    *logistics,
    *notifications,
    *parking,
    *rentals,
    *transit,
    re_path(r"", UnknownPathConsumer.as_asgi()),  # last: anything else is refused cleanly
]
