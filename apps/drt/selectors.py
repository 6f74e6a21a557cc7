"""Reads: hubs, campuses, live buses, a rider's bookings, a driver's bus, the trip log."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.core.geo import haversine_m
from apps.core.roles import Role, role_targets

from .errors import DrtError
from .models import Booking, Campus, Hub, ServiceZone, Vehicle

if TYPE_CHECKING:
    from apps.accounts.models import User

Status = Booking.Status
OPEN_STATUSES = (
    Status.REQUESTED,
    Status.OFFERED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.ARRIVING,
    Status.ON_BOARD,
)
PLANNED_STATUSES = (Status.ACCEPTED, Status.ASSIGNED, Status.ARRIVING, Status.ON_BOARD)


def hub_list() -> QuerySet[Hub]:
    return Hub.objects.filter(is_active=True).prefetch_related("zones").order_by("code")


def campus_list() -> QuerySet[Campus]:
    return Campus.objects.filter(is_active=True).order_by("code")


def zone_list() -> QuerySet[ServiceZone]:
    return ServiceZone.objects.filter(is_active=True).order_by("phase", "code")


def hubs_near(*, hubs: list[Hub], lat: float, lon: float, radius_m: float) -> list[tuple[int, Hub]]:
    """(metres, hub) for ``hubs`` within ``radius_m`` of the point, nearest first."""
    near = []
    for hub in hubs:
        distance = haversine_m(lat, lon, hub.lat, hub.lon)
        if distance <= radius_m:
            near.append((round(distance), hub))
    near.sort(key=lambda pair: pair[0])
    return near


def vehicle_list_live() -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(is_active=True).select_related("zone").order_by("code")


def booking_get_for_user(*, user: User, booking_id: UUID | str, lock: bool = False) -> Booking:
    """The rider's own booking; someone else's is "not found". ``lock=True`` inside a transaction
    takes the row lock a state change needs."""
    qs = Booking.objects.filter(user=user)
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        booking = qs.select_related("pickup_hub", "dropoff_hub", "vehicle").get(id=booking_id)
    except (Booking.DoesNotExist, ValidationError, ValueError):
        raise DrtError.booking_not_found() from None
    return booking


def booking_list_for_user(*, user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(user=user)
        .select_related("pickup_hub", "dropoff_hub", "vehicle")
        .order_by("-created_at")
    )


def booking_open_for_user(*, user: User) -> Booking | None:
    return booking_list_for_user(user=user).filter(status__in=OPEN_STATUSES).first()


def driver_vehicle_get(*, user: User) -> Vehicle:
    """The bus the driver is assigned to (Core → Role assignments), or "not found"."""
    vehicle = (
        role_targets(user=user, role=Role.DRIVER, model=Vehicle)
        .filter(is_active=True)
        .order_by("code")
        .first()
    )
    if vehicle is None:
        raise DrtError.vehicle_not_found()
    return vehicle


def booking_get_for_driver(
    *, user: User, booking_id: UUID | str, lock: bool = False
) -> tuple[Vehicle, Booking]:
    """A booking on the driver's own bus; any other is "not found"."""
    vehicle = driver_vehicle_get(user=user)
    qs = Booking.objects.filter(vehicle=vehicle)
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return vehicle, qs.get(id=booking_id)
    except (Booking.DoesNotExist, ValidationError, ValueError):
        raise DrtError.booking_not_found() from None


def plan_bookings(*, vehicle: Vehicle) -> dict[str, Booking]:
    ids = {stop["booking_id"] for stop in vehicle.plan}
    bookings = Booking.objects.filter(id__in=ids).select_related("pickup_hub", "dropoff_hub")
    return {str(b.id): b for b in bookings}


def trip_log() -> QuerySet[Booking]:
    """Finished rides for the city's platform: boarding and alighting stop and time, rider
    class, vehicle."""
    return (
        Booking.objects.filter(status=Status.COMPLETED)
        .select_related("pickup_hub", "dropoff_hub", "vehicle")
        .order_by("boarded_at")
    )


def open_requests() -> QuerySet[Booking]:
    return (
        Booking.objects.filter(status__in=OPEN_STATUSES)
        .select_related("pickup_hub", "dropoff_hub", "vehicle")
        .order_by("created_at")
    )
