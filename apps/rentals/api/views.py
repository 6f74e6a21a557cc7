"""Thin views: validate input, call one service or selector, render the output."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps.core.api.parsers import JSONParser
from apps.core.api.schema import errors
from apps.core.api.views import OpenDataApi, UserApi
from apps.rentals import selectors, services

from . import serializers as s

TAG = ["rentals"]


class StationListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Tagogaya stations with live counts (map)",
        responses={200: s.StationOutput(many=True)},
    )
    def get(self, request):
        return Response(s.StationOutput(selectors.station_list(), many=True).data)


class StationDetailView(OpenDataApi):
    @extend_schema(tags=TAG, summary="One station", responses={200: s.StationOutput, **errors(404)})
    def get(self, request, station_id):
        return Response(s.StationOutput(selectors.station_get(station_id=station_id)).data)


class SpotListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="PM niche parking spots with occupancy (map)",
        responses={200: s.SpotOutput(many=True)},
    )
    def get(self, request):
        return Response(s.SpotOutput(selectors.spot_list(), many=True).data)


class ZoneListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Geofencing zones: no riding, slow, no parking, parking only (map)",
        responses={200: s.ZoneOutput(many=True)},
    )
    def get(self, request):
        return Response(s.ZoneOutput(selectors.zone_list(), many=True).data)


class CourseListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Gaya heritage tour courses (가야 역사 문화 탐방 코스)",
        description="Distance and riding time are worked out from the stops at a realistic "
        "e-bike speed; time at the sites is not included.",
        responses={200: s.CourseOutput(many=True)},
    )
    def get(self, request):
        return Response(s.CourseOutput(selectors.tour_course_list(), many=True).data)


class CourseDetailView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="One heritage tour course: stops in order (live bike counts at stations) and "
        "the course as a GeoJSON LineString",
        responses={200: s.CourseDetailOutput, **errors(404)},
    )
    def get(self, request, course_id):
        course = selectors.tour_course_get(course_id=course_id)
        return Response(s.CourseDetailOutput(course).data)


class VehicleNearView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Rentable vehicles near a point, nearest first",
        parameters=[s.VehicleNearInput],
        responses={200: s.VehicleOutput(many=True), **errors(400)},
    )
    def get(self, request):
        data = s.VehicleNearInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        vehicles = selectors.vehicle_list_near(**data.validated_data)
        return Response(s.VehicleOutput(vehicles, many=True).data)


class RentalReserveView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Reserve a vehicle (held 10 minutes)",
        request=s.RentalReserveInput,
        responses={201: s.RentalOutput, **errors(400, 401, 404, 409)},
    )
    def post(self, request):
        data = s.RentalReserveInput(data=request.data)
        data.is_valid(raise_exception=True)
        rental = services.rental_reserve(user=request.user, **data.validated_data)
        return Response(s.RentalOutput(rental).data, status=status.HTTP_201_CREATED)


class RentalUnlockView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Unlock a vehicle by its QR or printed code and start riding",
        description="Unlocks the rider's own reservation or any available vehicle. A rider has at "
        "most 2 reservations and rides at a time. The return station or niche spot may be chosen "
        "now and changed during the ride.",
        request=s.RentalUnlockInput,
        responses={201: s.RentalOutput, **errors(400, 401, 404, 409)},
    )
    def post(self, request):
        data = s.RentalUnlockInput(data=request.data)
        data.is_valid(raise_exception=True)
        rental = services.rental_unlock(user=request.user, **data.validated_data)
        return Response(s.RentalOutput(rental).data, status=status.HTTP_201_CREATED)


class RentalCancelView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Cancel a reservation",
        request=None,
        responses={200: s.RentalOutput, **errors(401, 404, 409)},
    )
    def post(self, request, rental_id):
        return Response(
            s.RentalOutput(services.rental_cancel(user=request.user, rental_id=rental_id)).data
        )


class RentalReturnPlaceView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Choose or change the return station or niche spot",
        description="Send `station_id` or `spot_id`; neither clears the choice.",
        request=s.RentalReturnPlaceInput,
        responses={200: s.RentalOutput, **errors(400, 401, 404, 409)},
    )
    def post(self, request, rental_id):
        data = s.RentalReturnPlaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        rental = services.rental_change_return(
            user=request.user, rental_id=rental_id, **data.validated_data
        )
        return Response(s.RentalOutput(rental).data)


class RentalEndView(UserApi):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAG,
        summary="End the ride and pay",
        description="At a station: needs a free dock. At a niche spot or (e-scooters) anywhere a "
        "geofence allows: needs `lat`/`lon` and a photo (JPEG/PNG/WebP, up to 5 MB). A refusal "
        "says why and lists places nearby in `extra.suggestions`. Sending the same request again "
        "returns the ended ride and never charges twice.",
        request={"multipart/form-data": s.RentalEndInput, "application/json": s.RentalEndJsonInput},
        responses={200: s.RentalOutput, **errors(400, 401, 404, 409, 413, 415)},
    )
    def post(self, request, rental_id):
        data = s.RentalEndInput(data=request.data)
        data.is_valid(raise_exception=True)
        rental = services.rental_end(user=request.user, rental_id=rental_id, **data.validated_data)
        return Response(s.RentalOutput(rental).data)


class RentalActiveListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My reservations and rides in progress",
        responses={200: s.RentalOutput(many=True), **errors(401)},
    )
    def get(self, request):
        rentals = selectors.rental_list_for_user(user=request.user, open_only=True)
        return Response(s.RentalOutput(rentals, many=True).data)


class RentalHistoryView(UserApi, ListAPIView):
    serializer_class = s.RentalOutput

    @extend_schema(
        tags=TAG,
        summary="My ride history, newest first",
        responses={200: s.RentalOutput(many=True), **errors(401)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.rental_list_for_user(user=self.request.user)


class RentalDetailView(UserApi):
    @extend_schema(
        tags=TAG, summary="One of my rentals", responses={200: s.RentalOutput, **errors(401, 404)}
    )
    def get(self, request, rental_id):
        return Response(
            s.RentalOutput(
                selectors.rental_get_for_user(user=request.user, rental_id=rental_id)
            ).data
        )


class RentalQuoteView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Price quote for a ride",
        description="With a login the rider's category (student, senior) and coupon are applied.",
        parameters=[s.RentalQuoteInput],
        responses={200: s.RentalQuoteOutput, **errors(400, 404, 409)},
    )
    def get(self, request):
        data = s.RentalQuoteInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        quote = selectors.ride_quote(
            user=request.user,
            vehicle_type_code=v["vehicle_type"],
            minutes=v["minutes"],
            coupon_code=v["coupon_code"],
        )
        return Response(s.RentalQuoteOutput(quote).data)
