"""GTFS-Realtime feeds, mounted at /gtfs-rt/ (open data, no login)."""

from django.urls import path

from .realtime import gtfs_rt

app_name = "gtfs_rt"

urlpatterns = [
    path("trip-updates.pb", gtfs_rt.trip_updates, name="trip-updates"),
    path("vehicle-positions.pb", gtfs_rt.vehicle_positions, name="vehicle-positions"),
    path("alerts.pb", gtfs_rt.service_alerts, name="alerts"),
]
