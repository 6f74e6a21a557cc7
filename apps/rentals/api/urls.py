from django.urls import path

from . import views

app_name = "rentals"

urlpatterns = [
    path("stations/", views.StationListView.as_view(), name="station-list"),
    path("stations/<uuid:station_id>/", views.StationDetailView.as_view(), name="station-detail"),
    path("spots/", views.SpotListView.as_view(), name="spot-list"),
    path("zones/", views.ZoneListView.as_view(), name="zone-list"),
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("courses/<uuid:course_id>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("vehicles/near/", views.VehicleNearView.as_view(), name="vehicle-near"),
    path("quote/", views.RentalQuoteView.as_view(), name="quote"),
    path("reservations/", views.RentalReserveView.as_view(), name="reserve"),
    path("rentals/", views.RentalHistoryView.as_view(), name="rental-list"),
    path("rentals/active/", views.RentalActiveListView.as_view(), name="rental-active"),
    path("rentals/unlock/", views.RentalUnlockView.as_view(), name="unlock"),
    path("rentals/<uuid:rental_id>/", views.RentalDetailView.as_view(), name="rental-detail"),
    path(
        "rentals/<uuid:rental_id>/cancel/", views.RentalCancelView.as_view(), name="rental-cancel"
    ),
    path(
        "rentals/<uuid:rental_id>/return-place/",
        views.RentalReturnPlaceView.as_view(),
        name="rental-return-place",
    ),
    path("rentals/<uuid:rental_id>/end/", views.RentalEndView.as_view(), name="rental-end"),
]
