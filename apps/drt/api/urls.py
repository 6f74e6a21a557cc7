from django.urls import path

from . import views

app_name = "drt"

urlpatterns = [
    path("hubs/", views.HubListView.as_view(), name="hub-list"),
    path("campuses/", views.CampusListView.as_view(), name="campus-list"),
    path("vehicles/", views.VehicleLiveView.as_view(), name="vehicle-list"),
    path("check/", views.RideCheckView.as_view(), name="check"),
    path("bookings/", views.BookingListView.as_view(), name="booking-list"),
    path("bookings/<uuid:booking_id>/", views.BookingDetailView.as_view(), name="booking-detail"),
    path(
        "bookings/<uuid:booking_id>/accept/",
        views.BookingAcceptView.as_view(),
        name="booking-accept",
    ),
    path(
        "bookings/<uuid:booking_id>/cancel/",
        views.BookingCancelView.as_view(),
        name="booking-cancel",
    ),
    path("bookings/<uuid:booking_id>/rate/", views.BookingRateView.as_view(), name="booking-rate"),
    path("satisfaction/", views.SatisfactionView.as_view(), name="satisfaction"),
    path("driver/plan/", views.DriverPlanView.as_view(), name="driver-plan"),
    path(
        "driver/bookings/<uuid:booking_id>/event/",
        views.DriverBookingEventView.as_view(),
        name="driver-booking-event",
    ),
    path("terminal/report/", views.TerminalReportView.as_view(), name="terminal-report"),
    path("survey/", views.SurveyResponseView.as_view(), name="survey"),
    path("survey/summary/", views.SurveySummaryView.as_view(), name="survey-summary"),
    path("board/", views.BoardView.as_view(), name="board"),
]
