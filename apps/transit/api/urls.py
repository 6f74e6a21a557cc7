from django.urls import path

from . import fare_views, live_views, views

app_name = "transit"

urlpatterns = [
    path("plan/", views.TripPlanView.as_view(), name="plan"),
    path("stops/", views.StopListView.as_view(), name="stop-list"),
    path("stops/<str:stop_id>/", views.StopDetailView.as_view(), name="stop-detail"),
    path(
        "stops/<str:stop_id>/arrivals/",
        live_views.StopArrivalsView.as_view(),
        name="stop-arrivals",
    ),
    path("routes/", views.RouteListView.as_view(), name="route-list"),
    path("routes/<str:route_id>/", views.RouteDetailView.as_view(), name="route-detail"),
    # --- live buses ---
    path(
        "routes/<str:route_id>/vehicles/",
        live_views.RouteVehiclesView.as_view(),
        name="route-vehicles",
    ),
    path("favourites/", live_views.FavouriteListView.as_view(), name="favourite-list"),
    path(
        "favourites/<str:stop_id>/",
        live_views.FavouriteDetailView.as_view(),
        name="favourite-detail",
    ),
    path("alerts/", live_views.AlertListView.as_view(), name="alert-list"),
    # trip tickets (one payment for a whole itinerary)
    path("tickets/", fare_views.TicketListView.as_view(), name="ticket-list"),
    path("tickets/verify/", fare_views.TicketVerifyView.as_view(), name="ticket-verify"),
    path("tickets/<uuid:ticket_id>/", fare_views.TicketDetailView.as_view(), name="ticket-detail"),
    path(
        "tickets/<uuid:ticket_id>/refund/",
        fare_views.TicketRefundView.as_view(),
        name="ticket-refund",
    ),
]
