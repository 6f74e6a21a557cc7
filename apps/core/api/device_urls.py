from django.urls import path

from .devices import DeviceHeartbeatView

app_name = "devices"

urlpatterns = [
    path("heartbeat/", DeviceHeartbeatView.as_view(), name="heartbeat"),
]
