from django.urls import path

from .consumers import LotStatusConsumer

websocket_urlpatterns = [
    path("ws/parking/lots/<uuid:lot_id>/", LotStatusConsumer.as_asgi()),
]
