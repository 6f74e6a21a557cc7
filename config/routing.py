"""WebSocket routes: each app lists its own in `<app>/routing.py`."""

from apps.notifications.routing import websocket_urlpatterns as notifications

websocket_urlpatterns = [*notifications]
