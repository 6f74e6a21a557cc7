from django.urls import path

from .consumers import StationAvailabilityConsumer

websocket_urlpatterns = [
    path("ws/rentals/stations/", StationAvailabilityConsumer.as_asgi()),
]
