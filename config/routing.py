"""WebSocket routes: each app lists its own in `<app>/routing.py`."""

from django.urls import re_path

from apps.core.ws import UnknownPathConsumer
from apps.notifications.routing import websocket_urlpatterns as notifications
from apps.parking.routing import websocket_urlpatterns as parking
from apps.rentals.routing import websocket_urlpatterns as rentals
from apps.transit.routing import websocket_urlpatterns as transit

websocket_urlpatterns = [
    *notifications,
    *parking,
    *rentals,
    *transit,
    re_path(r"", UnknownPathConsumer.as_asgi()),  # last: anything else is refused cleanly
]
