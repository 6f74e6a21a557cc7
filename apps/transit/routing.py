from django.urls import path

from .consumers import RouteVehiclesConsumer, StopArrivalsConsumer

websocket_urlpatterns = [
    path("ws/transit/stops/<str:stop_id>/", StopArrivalsConsumer.as_asgi()),
    path("ws/transit/routes/<str:route_id>/vehicles/", RouteVehiclesConsumer.as_asgi()),
]
