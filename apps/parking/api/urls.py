from django.urls import path

from . import views

app_name = "parking"

urlpatterns = [
    path("lots/", views.LotListView.as_view(), name="lot-list"),
    path("lots/near/", views.LotNearView.as_view(), name="lot-near"),
    path("lots/<uuid:lot_id>/", views.LotDetailView.as_view(), name="lot-detail"),
    path("feed/", views.LotFeedView.as_view(), name="feed"),
    path("sensor-events/", views.SensorEventBatchView.as_view(), name="sensor-events"),
    # parking sharing / virtual parking
    path("places/search/", views.PlaceSearchView.as_view(), name="place-search"),
    path("vehicles/", views.VehicleListView.as_view(), name="vehicle-list"),
    path("vehicles/<uuid:vehicle_id>/", views.VehicleDetailView.as_view(), name="vehicle-detail"),
    path("reservations/", views.ReservationListView.as_view(), name="reservation-list"),
    path(
        "reservations/<uuid:reservation_id>/",
        views.ReservationDetailView.as_view(),
        name="reservation-detail",
    ),
    path(
        "reservations/<uuid:reservation_id>/extend/",
        views.ReservationExtendView.as_view(),
        name="reservation-extend",
    ),
    path(
        "reservations/<uuid:reservation_id>/cancel/",
        views.ReservationCancelView.as_view(),
        name="reservation-cancel",
    ),
    path("host/places/", views.HostPlaceListView.as_view(), name="host-place-list"),
    path("host/reservations/", views.HostReservationListView.as_view(), name="host-reservations"),
    path("host/ledger/", views.HostLedgerView.as_view(), name="host-ledger"),
    path(
        "host/places/<uuid:place_id>/exceptions/",
        views.HostPlaceExceptionView.as_view(),
        name="host-place-exception",
    ),
    # machines: the enforcement system, parking-sharing operators
    path("enforcement/check/", views.EnforcementCheckView.as_view(), name="enforcement-check"),
    path(
        "enforcement/reservations/",
        views.EnforcementAreaView.as_view(),
        name="enforcement-reservations",
    ),
    path(
        "exchange/availability/",
        views.ExchangeAvailabilityView.as_view(),
        name="exchange-availability",
    ),
    path("exchange/usage/", views.ExchangeUsageView.as_view(), name="exchange-usage"),
]
