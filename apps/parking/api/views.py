from datetime import UTC, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from apps.core.api.schema import errors, idempotency_key_parameter
from apps.core.api.views import DeviceApi, OpenDataApi, RoleApi, UserApi
from apps.core.audit import audit_record
from apps.core.roles import Role
from apps.parking import selectors, services, windows
from apps.parking.errors import ParkingError
from apps.parking.plates import plate_hash, plate_normalise

from . import serializers as s

TAG = ["parking"]


class LotListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Public parking lots with live free counts (map)",
        responses={200: s.LotOutput(many=True)},
    )
    def get(self, request):
        return Response(s.LotOutput(selectors.lot_list(), many=True).data)


class LotNearView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Parking lots near a point, nearest first, with live free counts",
        parameters=[s.LotNearInput],
        responses={200: s.LotNearOutput(many=True), **errors(400)},
    )
    def get(self, request):
        data = s.LotNearInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        lat, lon = data.validated_data["near"]
        lots = selectors.lot_list_near(lat=lat, lon=lon, radius_m=data.validated_data["radius"])
        return Response(s.LotNearOutput(lots, many=True).data)


class LotDetailView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="One parking lot with live counts and its spaces",
        responses={200: s.LotDetailWithForecastOutput, **errors(404)},
    )
    def get(self, request, lot_id):
        return Response(s.LotDetailWithForecastOutput(selectors.lot_get(lot_id=lot_id)).data)


PARKAPI_LOT_TYPES = {
    "off_street": "lot",
    "on_street": "street",
    "attached": "garage",
    "park_and_ride": "lot",
}


def _parkapi_time(value) -> str:
    # ParkAPI v1 writes UTC without an offset ("2015-06-15T12:31:00")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class LotFeedView(OpenDataApi):
    """Live availability for parking-sharing and navigation apps, no login, in ParkAPI's (ParkenDD)
    v1 city JSON (docs/parking.md)."""

    @extend_schema(
        tags=TAG,
        summary="Open-data availability feed in ParkAPI (ParkenDD) v1 JSON",
        responses={200: s.ParkApiFeedOutput},
    )
    def get(self, request):
        lots = list(selectors.lot_list())
        now = timezone.now()
        updated = selectors.lot_last_event_at() or now
        feed = {
            "last_updated": _parkapi_time(updated),
            "last_downloaded": _parkapi_time(now),
            "data_source": request.build_absolute_uri(request.path),
            "lots": [
                {
                    "id": lot.code,
                    "name": lot.name,
                    "address": lot.address or "",
                    "coords": {"lat": lot.lat, "lng": lot.lon},
                    "lot_type": PARKAPI_LOT_TYPES.get(lot.kind, "lot"),
                    "region": "",
                    "total": lot.num_spaces or lot.capacity,
                    "free": lot.num_free,
                    # no sensors, or every sensor silent: say so rather than "0 free"
                    "state": "open" if lot.num_spaces > lot.num_unknown else "nodata",
                    "forecast": False,
                }
                for lot in lots
            ],
        }
        return Response(s.ParkApiFeedOutput(feed).data)


class SensorEventBatchView(DeviceApi):
    """Occupancy sensors post what they saw, in batches (a gateway may hold many sensors)."""

    device_kinds = ("parking_sensor",)

    @extend_schema(
        tags=TAG,
        summary="Sensor events: a space became occupied or free (signed device request)",
        request=s.SensorEventBatchInput,
        responses={200: s.SensorEventBatchOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.SensorEventBatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        results = services.sensor_events_apply(events=data.validated_data["events"])
        return Response(s.SensorEventBatchOutput({"results": results}).data)


# --- parking sharing: drivers -------------------------------------------------------------------
def _uuid_path(name: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH)


class PlaceSearchView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Shared (time-window) parking places near a point, for a time",
        description="Nearest first, places with a free space for the whole time before the rest. "
        "`free_slots` is 0 when the place is closed or full for part of the time.",
        parameters=[s.PlaceSearchInput],
        responses={200: s.SharedPlaceSearchOutput(many=True), **errors(400)},
    )
    def get(self, request):
        data = s.PlaceSearchInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        lat, lon = data.validated_data["near"]
        places = selectors.place_search(
            lat=lat,
            lon=lon,
            radius_m=data.validated_data["radius"],
            start=data.validated_data["start"],
            end=data.validated_data["end"],
        )
        return Response(s.SharedPlaceSearchOutput(places, many=True).data)


class VehicleListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My registered cars",
        responses={200: s.ParkingVehicleOutput(many=True), **errors(401)},
    )
    def get(self, request):
        vehicles = selectors.vehicle_list_for_user(user=request.user)
        return Response(s.ParkingVehicleOutput(vehicles, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Register a car by its Korean plate",
        description='Spaces and hyphens are dropped: "12 가 3456" is 12가3456.',
        request=s.ParkingVehicleCreateInput,
        responses={201: s.ParkingVehicleOutput, **errors(400, 401, 409)},
    )
    def post(self, request):
        data = s.ParkingVehicleCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        vehicle = services.vehicle_register(user=request.user, **data.validated_data)
        return Response(s.ParkingVehicleOutput(vehicle).data, status=status.HTTP_201_CREATED)


class VehicleDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Forget a registered car",
        parameters=[_uuid_path("vehicle_id")],
        responses={204: None, **errors(401, 404)},
    )
    def delete(self, request, vehicle_id):
        services.vehicle_delete(user=request.user, vehicle_id=vehicle_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReservationListView(UserApi, generics.GenericAPIView):
    serializer_class = s.ParkingReservationOutput

    @extend_schema(
        tags=TAG,
        summary="My shared-parking bookings, newest first",
        responses={200: s.ParkingReservationOutput(many=True), **errors(401)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.reservation_list_for_user(user=request.user))
        return self.get_paginated_response(s.ParkingReservationOutput(page, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Book a space at a shared place for my car, and pay",
        description="The place must be open for the whole time and have a space free; the price "
        "(`unit_krw` per started `unit_minutes`) is charged through payments. 200 when the same "
        "Idempotency-Key already booked it (never charged twice). `status` is `confirmed` once "
        "paid, `pending` while the phone pays (the space is held "
        "PARKING_SHARING_HOLD_MINUTES, 15 by default).",
        request=s.ParkingReservationCreateInput,
        parameters=[idempotency_key_parameter()],
        responses={
            201: s.ParkingReservationOutput,
            200: s.ParkingReservationOutput,
            **errors(400, 401, 402, 404, 409),
        },
    )
    def post(self, request):
        data = s.ParkingReservationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        reservation, created = services.reservation_create(
            user=request.user,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **data.validated_data,
        )
        reservation = selectors.reservation_get_for_user(
            user=request.user, reservation_id=reservation.id
        )
        return Response(
            s.ParkingReservationOutput(reservation).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReservationDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="One of my bookings",
        parameters=[_uuid_path("reservation_id")],
        responses={200: s.ParkingReservationOutput, **errors(401, 404)},
    )
    def get(self, request, reservation_id):
        reservation = selectors.reservation_get_for_user(
            user=request.user, reservation_id=reservation_id
        )
        return Response(s.ParkingReservationOutput(reservation).data)


class ReservationExtendView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Extend a booking (the extra time is charged)",
        parameters=[_uuid_path("reservation_id"), idempotency_key_parameter()],
        request=s.ParkingReservationExtendInput,
        responses={200: s.ParkingReservationOutput, **errors(400, 401, 402, 404, 409)},
    )
    def post(self, request, reservation_id):
        data = s.ParkingReservationExtendInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.reservation_extend(
            user=request.user,
            reservation_id=reservation_id,
            end_at=data.validated_data["end_at"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        reservation = selectors.reservation_get_for_user(
            user=request.user, reservation_id=reservation_id
        )
        return Response(s.ParkingReservationOutput(reservation).data)


class ReservationCancelView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Cancel a booking before it starts (refund by the place's rule)",
        description="By default all back until an hour before the start, half after that; "
        "`refund_if_cancelled_krw` says how much beforehand. Cancelling again returns the first "
        "cancellation.",
        parameters=[_uuid_path("reservation_id")],
        request=None,
        responses={200: s.ParkingReservationOutput, **errors(401, 404, 409)},
    )
    def post(self, request, reservation_id):
        services.reservation_cancel(user=request.user, reservation_id=reservation_id)
        reservation = selectors.reservation_get_for_user(
            user=request.user, reservation_id=reservation_id
        )
        return Response(s.ParkingReservationOutput(reservation).data)


# --- parking sharing: hosts ---------------------------------------------------------------------
class HostPlaceListView(RoleApi):
    role = Role.PARKING_HOST

    @extend_schema(
        tags=TAG,
        summary="The places I lend (parking host)",
        responses={200: s.HostPlaceOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        places = selectors.place_list_for_host(user=request.user).select_related("host")
        return Response(s.HostPlaceOutput(places, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="List a place with its weekly windows (parking host)",
        description="A window whose end is at or before its start runs past midnight "
        "(22:00–07:00). The host's account must be linked to a parking host in admin.",
        request=s.HostPlaceCreateInput,
        responses={201: s.HostPlaceOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request):
        data = s.HostPlaceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        place = services.place_create(
            user=request.user, windows_spec=values.pop("windows"), **values
        )
        place = selectors.place_get_for_host(user=request.user, place_id=place.id)
        return Response(s.HostPlaceOutput(place).data, status=status.HTTP_201_CREATED)


class HostPlaceExceptionView(RoleApi):
    role = Role.PARKING_HOST

    @extend_schema(
        tags=TAG,
        summary="Close a place on a date (all day or some hours) or open it extra (parking host)",
        parameters=[_uuid_path("place_id")],
        request=s.HostPlaceExceptionInput,
        responses={201: s.HostPlaceOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request, place_id):
        data = s.HostPlaceExceptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.place_exception_add(
            user=request.user, place_id=place_id, day=values.pop("date"), **values
        )
        place = selectors.place_get_for_host(user=request.user, place_id=place_id)
        return Response(s.HostPlaceOutput(place).data, status=status.HTTP_201_CREATED)


class HostReservationListView(RoleApi):
    role = Role.PARKING_HOST

    @extend_schema(
        tags=TAG,
        summary="Bookings at my places (parking host)",
        description="Bookings ending in the last 30 days or later, soonest first; the driver "
        "and the plate are not shown.",
        responses={200: s.HostReservationOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        reservations = selectors.reservation_list_for_host(user=request.user)[:200]
        return Response(s.HostReservationOutput(reservations, many=True).data)


class HostLedgerView(RoleApi):
    role = Role.PARKING_HOST

    @extend_schema(
        tags=TAG,
        summary="My payout ledger per month (parking host)",
        description="The last six calendar months, newest first: takings, refunds, the city's "
        "commission and what the city owes the host.",
        responses={200: s.HostLedgerMonthOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        from apps.parking import payouts
        from apps.parking.models import ParkingHost

        host = ParkingHost.objects.filter(user=request.user).first()
        if host is None:
            raise ParkingError.host_not_linked()
        return Response(s.HostLedgerMonthOutput(payouts.host_ledger(host=host), many=True).data)


# --- enforcement exemption (the city's enforcement system) --------------------------------------
def _device_name(request) -> str:
    return getattr(request.auth, "name", "")


class EnforcementCheckView(DeviceApi):
    """Is this car parked here through the service now? Every question is audit-logged."""

    device_kinds = ("enforcement_system",)

    @extend_schema(
        tags=TAG,
        summary="Enforcement: is plate X legitimately parked at point P now? (signed device)",
        description="`exempt` is true when a confirmed booking for the plate at a place within "
        "`radius` metres is running now, or a parking-sharing operator reported a session for the "
        "plate there. Every query is written to the audit log.",
        parameters=[s.EnforcementCheckInput],
        responses={200: s.EnforcementCheckOutput, **errors(400, 401, 403)},
    )
    def get(self, request):
        data = s.EnforcementCheckInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        plate = plate_normalise(data.validated_data["plate"])
        if plate is None:
            raise ParkingError.plate_invalid()
        lat, lon = data.validated_data["near"]
        radius = data.validated_data["radius"]
        now = timezone.now()
        reservations = [
            r
            for r in selectors.reservations_active_near(at=now, lat=lat, lon=lon, radius_m=radius)
            if r.plate == plate
        ]
        sessions = selectors.operator_sessions_active_near(
            at=now, plate_hash=plate_hash(plate), lat=lat, lon=lon, radius_m=radius
        )
        exempt = bool(reservations or sessions)
        audit_record(
            actor=None,
            action="parking.enforcement_check",
            target=plate,
            device=_device_name(request),
            device_id=str(getattr(request.auth, "id", "")),
            lat=lat,
            lon=lon,
            radius=radius,
            exempt=exempt,
            reservations=[str(r.id) for r in reservations],
        )
        return Response(
            s.EnforcementCheckOutput(
                {
                    "plate": plate,
                    "at": now,
                    "exempt": exempt,
                    "reservations": reservations,
                    "operator_sessions": sessions,
                }
            ).data
        )


class EnforcementAreaView(DeviceApi):
    device_kinds = ("enforcement_system",)

    @extend_schema(
        tags=TAG,
        summary="Enforcement: bookings running now in an area (signed device)",
        description="Give `bbox` (south,west,north,east) or `near` and `radius`. Every query is "
        "written to the audit log.",
        parameters=[s.EnforcementAreaInput],
        responses={200: s.EnforcementAreaOutput, **errors(400, 401, 403)},
    )
    def get(self, request):
        data = s.EnforcementAreaInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        if "box" in data.validated_data:
            south, west, north, east = data.validated_data["box"]
            found = selectors.reservations_active_in_box(
                at=now, south=south, west=west, north=north, east=east
            )
            area = {"bbox": [south, west, north, east]}
        else:
            lat, lon = data.validated_data["point"]
            radius = data.validated_data["radius"]
            found = selectors.reservations_active_near(at=now, lat=lat, lon=lon, radius_m=radius)
            area = {"near": [lat, lon], "radius": radius}
        audit_record(
            actor=None,
            action="parking.enforcement_area",
            target="",
            device=_device_name(request),
            device_id=str(getattr(request.auth, "id", "")),
            count=len(found),
            **area,
        )
        return Response(s.EnforcementAreaOutput({"at": now, "reservations": found}).data)


# --- parking-sharing operators ------------------------------------------------------------------
class ExchangeAvailabilityView(DeviceApi):
    device_kinds = ("parking_sharing_operator",)

    @extend_schema(
        tags=TAG,
        summary="Operators: live availability of public lots and shared places (signed device)",
        responses={200: s.ExchangeAvailabilityOutput, **errors(401, 403)},
    )
    def get(self, request):
        now = timezone.now().replace(second=0, microsecond=0)
        lots = [
            {
                "code": lot.code,
                "name": lot.name,
                "lat": lot.lat,
                "lon": lot.lon,
                "total": lot.num_spaces or lot.capacity,
                "free": lot.num_free,
                "state": "open" if lot.num_spaces > lot.num_unknown else "nodata",
            }
            for lot in selectors.lot_list()
        ]
        places = []
        for place in selectors.place_list_active():
            weekly, dated = selectors.place_schedule(place=place)
            is_open = windows.covers(
                windows=weekly, exceptions=dated, start=now, end=now + timedelta(minutes=1)
            )
            places.append(
                {
                    "id": place.id,
                    "name": place.name,
                    "lat": place.lat,
                    "lon": place.lon,
                    "capacity": place.capacity,
                    "open_now": is_open,
                    "free_now": selectors.place_free_slots(
                        place=place, start=now, end=now + timedelta(minutes=1)
                    ),
                    "windows": place.windows.all(),
                }
            )
        return Response(
            s.ExchangeAvailabilityOutput({"at": now, "lots": lots, "places": places}).data
        )


class ExchangeUsageView(DeviceApi):
    device_kinds = ("parking_sharing_operator",)

    @extend_schema(
        tags=TAG,
        summary="Operators: their parking sessions, in (signed device, idempotent on session_id)",
        description="Send each session when it starts and again when it ends; the same "
        "session_id with the same data is `unchanged`, with new data `updated`. `plate_hash` is "
        "the SHA-256 of the plate without spaces; the enforcement check matches it.",
        request=s.ExchangeUsageInput,
        responses={200: s.ExchangeUsageOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.ExchangeUsageInput(data=request.data)
        data.is_valid(raise_exception=True)
        results = services.operator_usage_record(
            device=request.auth, sessions=data.validated_data["sessions"]
        )
        return Response(s.ExchangeUsageOutput({"results": results}).data)
