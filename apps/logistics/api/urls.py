from django.urls import path

from . import views

app_name = "logistics"

urlpatterns = [
    path("address/", views.AddressDetailView.as_view(), name="address"),
    path("address/check/", views.AddressCheckView.as_view(), name="address-check"),
    path("parcels/", views.ParcelListView.as_view(), name="parcel-list"),
    path("parcels/<uuid:parcel_id>/", views.ParcelDetailView.as_view(), name="parcel-detail"),
    path("track/<str:tracking_code>/", views.ParcelTrackView.as_view(), name="parcel-track"),
    path("courier/hubs/", views.HubListView.as_view(), name="courier-hubs"),
    path("courier/parcels/", views.ParcelIntakeView.as_view(), name="courier-intake"),
    path("staff/parcels/", views.StaffParcelListView.as_view(), name="staff-parcels"),
    path("staff/parcels/collect/", views.StaffParcelCollectView.as_view(), name="staff-collect"),
    path("staff/lockers/", views.StaffLockerListView.as_view(), name="staff-lockers"),
    path("staff/machines/", views.StaffMachineListView.as_view(), name="staff-machines"),
    path(
        "staff/machines/<uuid:machine_id>/commands/",
        views.StaffMachineCommandView.as_view(),
        name="staff-machine-command",
    ),
    path(
        "staff/missions/<uuid:mission_id>/load/",
        views.StaffMissionLoadView.as_view(),
        name="staff-mission-load",
    ),
    path("machine/events/", views.MachineEventBatchView.as_view(), name="machine-events"),
    path("machine/mission/", views.MachineMissionView.as_view(), name="machine-mission"),
]
