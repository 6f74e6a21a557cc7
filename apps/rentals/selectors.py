"""Reads: map data with live counts, nearby vehicles, a rider's own rentals."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q, QuerySet

from apps.core.geo import haversine_m

from .errors import RentalError
from .models import (
    GeofenceZone,
    NicheSpot,
    Rental,
    Station,
    TourCourse,
    TourCourseStop,
    Vehicle,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import WithAnnotations

    from apps.accounts.models import User


class StationCounts(TypedDict):
    """What :func:`station_list` counts for each station."""

    num_bikes_available: int
    num_docked: int
    num_docks_available: int


class SpotCounts(TypedDict):
    """What :func:`spot_list` counts for each niche spot."""

    num_vehicles_available: int
    num_parked: int
    occupancy: int


if TYPE_CHECKING:
    CountedStation = WithAnnotations[Station, StationCounts]
    CountedSpot = WithAnnotations[NicheSpot, SpotCounts]


PRESENT = (Vehicle.Status.AVAILABLE, Vehicle.Status.RESERVED, Vehicle.Status.MAINTENANCE)


def distance_m(*, lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; precise enough for sorting places a few km apart."""
    return haversine_m(lat1, lon1, lat2, lon2)


def station_list(*, active_only: bool = True) -> QuerySet[CountedStation]:
    """Stations with live counts: ``num_bikes_available`` (rentable now), ``num_docked`` (every
    vehicle in a dock, whatever its status) and ``num_docks_available``."""
    qs = Station.objects.select_related("operator").annotate(
        num_bikes_available=Count("vehicles", filter=Q(vehicles__status=Vehicle.Status.AVAILABLE)),
        num_docked=Count("vehicles", filter=Q(vehicles__status__in=PRESENT)),
    )
    if active_only:
        qs = qs.filter(is_installed=True)
    return qs.annotate(num_docks_available=F("capacity") - F("num_docked")).order_by("code")


def station_get(*, station_id: UUID) -> CountedStation:
    station = station_list(active_only=False).filter(id=station_id).first()
    if station is None:
        raise RentalError.station_not_found()
    return station


def spot_list(*, active_only: bool = True) -> QuerySet[CountedSpot]:
    qs = NicheSpot.objects.annotate(
        num_vehicles_available=Count(
            "vehicles", filter=Q(vehicles__status=Vehicle.Status.AVAILABLE)
        ),
        num_parked=Count("vehicles", filter=Q(vehicles__status__in=PRESENT)),
    ).annotate(occupancy=F("num_parked") + F("other_operators_occupancy"))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("code")


def spot_get(*, spot_id: UUID) -> CountedSpot:
    spot = spot_list(active_only=False).filter(id=spot_id).first()
    if spot is None:
        raise RentalError.spot_not_found()
    return spot


def station_counts(*, station_id: UUID) -> dict[str, Any]:
    s = station_get(station_id=station_id)
    return {
        "kind": "station",
        "id": str(s.id),
        "code": s.code,
        "num_bikes_available": s.num_bikes_available,
        "num_docks_available": max(0, s.num_docks_available),
        "is_renting": s.is_renting,
        "is_returning": s.is_returning,
    }


def spot_counts(*, spot_id: UUID) -> dict[str, Any]:
    s = spot_get(spot_id=spot_id)
    return {
        "kind": "spot",
        "id": str(s.id),
        "code": s.code,
        "num_vehicles_available": s.num_vehicles_available,
        "capacity": s.capacity,
        "occupancy": s.occupancy,
        "free": max(0, s.capacity - s.occupancy),
    }


def vehicle_list_near(*, lat: float, lon: float, radius_m: float, limit: int = 50) -> list[Vehicle]:
    """Rentable vehicles within ``radius_m``, nearest first (position: its station, spot or own)."""
    vehicles = Vehicle.objects.filter(status=Vehicle.Status.AVAILABLE).select_related(
        "vehicle_type", "station", "spot"
    )
    # a bounding box first so the database does the coarse work
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * max(0.1, math.cos(math.radians(lat))))
    box = Q(lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
    vehicles = vehicles.filter(
        Q(
            station__isnull=False,
            station__lat__range=(lat - dlat, lat + dlat),
            station__lon__range=(lon - dlon, lon + dlon),
        )
        | Q(
            spot__isnull=False,
            spot__lat__range=(lat - dlat, lat + dlat),
            spot__lon__range=(lon - dlon, lon + dlon),
        )
        | (Q(station__isnull=True, spot__isnull=True) & box)
    )
    found = []
    for vehicle in vehicles:
        vlat, vlon = vehicle_position(vehicle=vehicle)
        if vlat is None or vlon is None:
            continue
        d = distance_m(lat1=lat, lon1=lon, lat2=vlat, lon2=vlon)
        if d <= radius_m:
            vehicle.distance_m = round(d)
            found.append(vehicle)
    found.sort(key=lambda v: v.distance_m)
    return found[:limit]


def vehicle_position(*, vehicle: Vehicle) -> tuple[float | None, float | None]:
    if vehicle.station_id and vehicle.station is not None:
        return vehicle.station.lat, vehicle.station.lon
    if vehicle.spot_id and vehicle.spot is not None:
        return vehicle.spot.lat, vehicle.spot.lon
    return vehicle.lat, vehicle.lon


def return_suggestions(
    *, lat: float, lon: float, limit: int = 3, stations: bool = True, spots: bool = True
) -> list[dict[str, Any]]:
    """Nearest places that can take a vehicle now: "where to go instead" in a refusal."""
    places: list[tuple[str, Station | NicheSpot, int]] = []
    if stations:
        for station in station_list().filter(is_returning=True):
            if station.num_docks_available > 0:
                places.append(("station", station, station.num_docks_available))
    if spots:
        for spot in spot_list():
            free = spot.capacity - spot.occupancy
            if free > 0:
                places.append(("spot", spot, free))
    out: list[dict[str, Any]] = [
        {
            "kind": kind,
            "id": str(place.id),
            "name": place.name,
            "lat": place.lat,
            "lon": place.lon,
            "free": free,
            "distance_m": round(distance_m(lat1=lat, lon1=lon, lat2=place.lat, lon2=place.lon)),
        }
        for kind, place, free in places
    ]
    out.sort(key=lambda p: p["distance_m"])
    return out[:limit]


def zone_list(*, active_only: bool = True) -> QuerySet[GeofenceZone]:
    qs = GeofenceZone.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def rental_list_for_user(*, user: User, open_only: bool = False) -> QuerySet[Rental]:
    qs = Rental.objects.filter(user=user).select_related(
        "vehicle",
        "vehicle__vehicle_type",
        "start_station",
        "start_spot",
        "return_station",
        "return_spot",
        "end_station",
        "end_spot",
        "coupon",
    )
    if open_only:
        qs = qs.filter(status__in=Rental.OPEN_STATUSES)
    return qs


def rental_get_for_user(*, user: User, rental_id: UUID | str, lock: bool = False) -> Rental:
    """The rider's own rental; someone else's is "not found", never "forbidden". ``lock=True``
    (inside a transaction) takes the row lock every change to the ride needs first."""
    queryset = (
        Rental.objects.filter(user=user).select_for_update()
        if lock
        else rental_list_for_user(user=user)
    )
    try:
        rental = queryset.filter(id=rental_id).first()
    except (ValueError, ValidationError):
        rental = None
    if rental is None:
        raise RentalError.rental_not_found()
    return rental


def ride_quote(
    *,
    user: User | AnonymousUser | None,
    vehicle_type_code: str,
    minutes: int,
    coupon_code: str = "",
) -> dict[str, Any]:
    """What a ride of ``minutes`` would cost this rider today (before the daily cap)."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from . import pricing
    from .models import Coupon, CouponRedemption, FreeRideDay, VehicleType

    vehicle_type = (
        VehicleType.objects.select_related("pricing_plan").filter(code=vehicle_type_code).first()
    )
    if vehicle_type is None:
        raise RentalError.vehicle_type_not_found()
    plan = vehicle_type.pricing_plan
    category = "general"
    rider = None if user is None or isinstance(user, AnonymousUser) else user
    if rider is not None:
        from .services import rider_profile

        category, _band = rider_profile(user=rider)
    coupon = None
    if coupon_code:
        now = timezone.now()
        coupon = Coupon.objects.filter(code__iexact=coupon_code.strip(), is_active=True).first()
        if (
            coupon is None
            or (coupon.valid_from and coupon.valid_from > now)
            or (coupon.valid_until and coupon.valid_until < now)
        ):
            raise RentalError.coupon_invalid()
        used = (
            rider is not None
            and CouponRedemption.objects.filter(coupon=coupon, user=rider).exists()
        )
        if used or (
            coupon.max_redemptions is not None and coupon.redeemed_count >= coupon.max_redemptions
        ):
            raise RentalError.coupon_used()
    free_day = FreeRideDay.objects.filter(date=timezone.localdate()).first()
    breakdown = pricing.quote(
        base_price_krw=plan.base_price_krw,
        segments=plan.segments,
        minutes=minutes,
        ride_cap_krw=plan.ride_cap_krw,
        discounts=plan.discounts,
        rider_category=category,
        coupon_kind=coupon.kind if coupon else None,
        coupon_value=coupon.value if coupon else 0,
        free_day=free_day.name if free_day else "",
    )
    return {"pricing_plan": plan.code, "rider_category": category, **breakdown.as_dict()}


def tour_course_list() -> QuerySet[TourCourse]:
    """Active heritage tour courses with their number of stops (one query)."""
    return (
        TourCourse.objects.filter(is_active=True)
        .annotate(num_stops=Count("stops"))
        .order_by("code")
    )


def tour_course_get(*, course_id: UUID) -> TourCourse:
    """One active course with its stops in order; a station stop carries the station's live
    counts (``num_bikes_available``, ``num_docks_available``). Two queries."""
    stops = (
        TourCourseStop.objects.select_related("station")
        .annotate(
            num_bikes_available=Count(
                "station__vehicles",
                filter=Q(
                    station__vehicles__status=Vehicle.Status.AVAILABLE,
                    station__is_installed=True,
                ),
            ),
            num_docked=Count("station__vehicles", filter=Q(station__vehicles__status__in=PRESENT)),
        )
        .order_by("position")
    )
    course = (
        tour_course_list()
        .prefetch_related(Prefetch("stops", queryset=stops, to_attr="ordered_stops"))
        .filter(id=course_id)
        .first()
    )
    if course is None:
        raise RentalError.course_not_found()
    return course
