from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import DeviceApi, OpenDataApi, RoleApi, StaffApi, UserApi
from apps.core.roles import Role
from apps.drt import selectors, services

from . import serializers as s

TAG = ["drt"]


class HubListView(OpenDataApi):
    @extend_schema(
        tags=TAG, summary="Bus hubs (virtual stops)", responses={200: s.HubOutput(many=True)}
    )
    def get(self, request):
        return Response(s.HubOutput(selectors.hub_list(), many=True).data)


class CampusListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Global University campuses with their geofences",
        responses={200: s.CampusOutput(many=True)},
    )
    def get(self, request):
        return Response(s.CampusOutput(selectors.campus_list(), many=True).data)


class VehicleLiveView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Buses in service: position, whether each can take a call, ETA to a point",
        parameters=[s.VehicleLiveInput],
        responses={200: s.VehicleLiveOutput(many=True), **errors(400)},
    )
    def get(self, request):
        data = s.VehicleLiveInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        context = {"near": data.validated_data.get("near")}
        buses = selectors.vehicle_list_live()
        return Response(s.VehicleLiveOutput(buses, many=True, context=context).data)


def _points(data):
    return (
        (data["origin_lat"], data["origin_lon"]),
        (data["destination_lat"], data["destination_lon"]),
    )


class RideCheckView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Can I call a bus? Rider class, hubs, eligibility (with the reason) and pickup ETA",
        request=s.RideCheckInput,
        responses={200: s.RideCheckOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.RideCheckInput(data=request.data)
        data.is_valid(raise_exception=True)
        origin, destination = _points(data.validated_data)
        check = services.ride_check(
            user=request.user,
            origin=origin,
            destination=destination,
            passengers=data.validated_data["passengers"],
        )
        return Response(s.RideCheckOutput(check).data)


class BookingListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My bus bookings, newest first",
        responses={200: s.BookingOutput(many=True)},
    )
    def get(self, request):
        bookings = selectors.booking_list_for_user(user=request.user)[:50]
        return Response(s.BookingOutput(bookings, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Call a bus: an offer with the pickup ETA, or the reason no bus can serve you",
        request=s.BookingCreateInput,
        responses={201: s.BookingOutput, **errors(400, 401, 403, 409)},
    )
    def post(self, request):
        data = s.BookingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        origin, destination = _points(data.validated_data)
        booking = services.booking_request(
            user=request.user,
            origin=origin,
            destination=destination,
            passengers=data.validated_data["passengers"],
        )
        return Response(s.BookingOutput(booking).data, status=status.HTTP_201_CREATED)


class BookingDetailView(UserApi):
    @extend_schema(
        tags=TAG, summary="One of my bookings", responses={200: s.BookingOutput, **errors(404)}
    )
    def get(self, request, booking_id):
        booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id)
        return Response(s.BookingOutput(booking).data)


class BookingAcceptView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Accept the offer: a bus is assigned, or the booking is rejected with the reason",
        request=None,
        responses={200: s.BookingOutput, **errors(404, 409)},
    )
    def post(self, request, booking_id):
        booking = services.booking_accept(user=request.user, booking_id=booking_id)
        return Response(s.BookingOutput(booking).data)


class BookingCancelView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Cancel my booking (before boarding)",
        request=None,
        responses={200: s.BookingOutput, **errors(404, 409)},
    )
    def post(self, request, booking_id):
        booking = services.booking_cancel(user=request.user, booking_id=booking_id)
        return Response(s.BookingOutput(booking).data)


class BookingRateView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Rate a completed ride, 1 to 5 (the satisfaction survey)",
        request=s.BookingRateInput,
        responses={200: s.BookingOutput, **errors(400, 404, 409)},
    )
    def post(self, request, booking_id):
        data = s.BookingRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_rate(
            user=request.user, booking_id=booking_id, rating=data.validated_data["rating"]
        )
        return Response(s.BookingOutput(booking).data)


class SatisfactionView(StaffApi):
    department = "transport"

    @extend_schema(
        tags=TAG,
        summary="Staff: satisfaction survey results, overall and per rider class",
        responses={200: s.DrtSatisfactionOutput, **errors(401, 403)},
    )
    def get(self, request):
        return Response(s.DrtSatisfactionOutput(services.satisfaction_summary()).data)


def _driver_plan(vehicle):
    bookings = selectors.plan_bookings(vehicle=vehicle)
    stops = []
    for stop in vehicle.plan:
        booking = bookings.get(stop["booking_id"])
        if booking is None:
            continue
        hub = booking.pickup_hub if stop["action"] == "pickup" else booking.dropoff_hub
        stops.append(
            {
                "booking_id": booking.id,
                "action": stop["action"],
                "hub": hub,
                "eta": stop["eta"],
                "passengers": booking.passengers,
                "status": booking.status,
            }
        )
    return {"vehicle": vehicle, "stops": stops}


class DriverPlanView(RoleApi):
    role = Role.DRIVER

    @extend_schema(
        tags=TAG,
        summary="Driver: my bus and the stops of its current plan",
        responses={200: s.DriverPlanOutput, **errors(401, 403, 404)},
    )
    def get(self, request):
        vehicle = selectors.driver_vehicle_get(user=request.user)
        return Response(s.DriverPlanOutput(_driver_plan(vehicle)).data)


class DriverBookingEventView(RoleApi):
    role = Role.DRIVER

    @extend_schema(
        tags=TAG,
        summary="Driver: mark a rider boarded, a no-show, or alighted",
        request=s.DriverBookingEventInput,
        responses={200: s.DriverPlanOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, booking_id):
        data = s.DriverBookingEventInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.driver_booking_event(
            user=request.user, booking_id=booking_id, event=data.validated_data["event"]
        )
        vehicle = selectors.driver_vehicle_get(user=request.user)
        return Response(s.DriverPlanOutput(_driver_plan(vehicle)).data)


class TerminalReportView(DeviceApi):
    """The bus's driver terminal: GPS positions and boarding/alighting events."""

    device_kinds = ("drt_terminal",)

    @extend_schema(
        tags=TAG,
        summary="Driver terminal: position and boarding/alighting events (signed device request)",
        request=s.TerminalReportInput,
        responses={200: s.TerminalReportOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request):
        data = s.TerminalReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = services.terminal_report(
            device=request.auth,
            lat=v["lat"],
            lon=v["lon"],
            at=v.get("at") or timezone.now(),
            events=v["events"],
        )
        return Response(s.TerminalReportOutput(result).data)


class SurveyResponseView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Answer the DRT demand survey (course registration)",
        request=s.SurveyResponseCreateInput,
        responses={201: s.SurveyResponseOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.SurveyResponseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        response = services.survey_response_create(user=request.user, data=data.validated_data)
        return Response(s.SurveyResponseOutput(response).data, status=status.HTTP_201_CREATED)


class SurveySummaryView(StaffApi):
    department = "transport"

    @extend_schema(
        tags=TAG,
        summary="Staff: survey demand by area and time slot, with proposed hubs",
        responses={200: s.SurveySummaryOutput, **errors(401, 403)},
    )
    def get(self, request):
        term = request.query_params.get("term") or None
        return Response(s.SurveySummaryOutput(services.survey_summary(term=term)).data)


class BoardView(StaffApi):
    department = "transport"

    @extend_schema(
        tags=TAG,
        summary="Staff: the live board of buses and open requests",
        responses={200: s.BoardOutput, **errors(401, 403)},
    )
    def get(self, request):
        board = {
            "vehicles": selectors.vehicle_list_live(),
            "open_requests": selectors.open_requests()[:200],
        }
        return Response(s.BoardOutput(board).data)
