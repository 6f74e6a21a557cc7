from django.urls import path

from .consumers import ParcelTrackConsumer

websocket_urlpatterns = [
    path("ws/logistics/parcels/<uuid:parcel_id>/", ParcelTrackConsumer.as_asgi()),
]
