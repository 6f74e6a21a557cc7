from django.urls import path

from .consumers import BookingConsumer

websocket_urlpatterns = [
    path("ws/drt/bookings/<uuid:booking_id>/", BookingConsumer.as_asgi()),
]
