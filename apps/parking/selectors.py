"""Reads: lots with live counts, lots near a point, forecasts; shared places, vehicles and
reservations; what the enforcement system may see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from apps.core.geo import haversine_m

from . import forecast, windows
from .errors import ParkingError
from .models import (
    OccupancySnapshot,
    OperatorSession,
    ParkingLot,
    ParkingSpace,
    Reservation,
    ReservationCharge,
    SharedPlace,
    Vehicle,
)
from .windows import SEOUL

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from apps.accounts.models import User


class LotCounts(TypedDict):
    """What :func:`lot_list` counts for each lot, from its sensor-watched spaces."""

    num_free: int
    num_occupied: int
    num_unknown: int
    num_spaces: int


if TYPE_CHECKING:
    CountedLot = WithAnnotations[ParkingLot, LotCounts]

State = ParkingSpace.State


def lot_list(*, active_only: bool = True) -> QuerySet[CountedLot]:
    """Lots with live counts of their spaces: free, occupied, unknown (sensor silent) and all."""
    qs = ParkingLot.objects.annotate(
        num_free=Count("spaces", filter=Q(spaces__state=State.FREE)),
        num_occupied=Count("spaces", filter=Q(spaces__state=State.OCCUPIED)),
        num_unknown=Count("spaces", filter=Q(spaces__state=State.UNKNOWN)),
        num_spaces=Count("spaces"),
    )
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("code")


def lot_get(*, lot_id: UUID | str) -> CountedLot:
    try:
        lot = lot_list().filter(id=lot_id).first()
    except ValidationError:  # not a UUID
        lot = None
    if lot is None:
        raise ParkingError.lot_not_found()
    return lot


def lot_counts(*, lot_id: UUID) -> dict[str, int | str]:
    """The ``lot.status`` payload: one lot's counts now."""
    counts = ParkingSpace.objects.filter(lot_id=lot_id).aggregate(
        num_free=Count("id", filter=Q(state=State.FREE)),
        num_occupied=Count("id", filter=Q(state=State.OCCUPIED)),
        num_unknown=Count("id", filter=Q(state=State.UNKNOWN)),
        num_spaces=Count("id"),
    )
    return {"id": str(lot_id), **counts}


def lot_list_near(*, lat: float, lon: float, radius_m: float, limit: int = 50) -> list[CountedLot]:
    """Active lots within ``radius_m`` of the point, nearest first, each with ``distance_m``."""
    # a box first (one degree of latitude is ~111 km) so the database filters most lots out
    dlat = radius_m / 111_000
    dlon = radius_m / 91_000  # a degree of longitude at Gimhae's latitude (35.2°) is ~91 km
    box = lot_list().filter(
        lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon
    )
    lots = []
    for lot in box:
        distance = haversine_m(lat, lon, lot.lat, lot.lon)
        if distance <= radius_m:
            lot.distance_m = round(distance)
            lots.append(lot)
    lots.sort(key=lambda lot: lot.distance_m)
    return lots[:limit]


def lot_last_event_at() -> datetime | None:
    """The newest sensor event applied anywhere: when the open feed's data last changed."""
    return ParkingSpace.objects.aggregate(latest=Max("last_event_at"))["latest"]


# --- occupancy forecast -------------------------------------------------------------------------

FORECAST_HISTORY_DAYS = 42
FORECAST_CACHE_SECONDS = 15 * 60


def _forecast_model(*, lot_id: UUID) -> forecast.Model:
    key = f"parking:forecast-model:{lot_id}"
    model = cache.get(key)
    if model is None:
        since = timezone.now() - timedelta(days=FORECAST_HISTORY_DAYS)
        rows = OccupancySnapshot.objects.filter(lot_id=lot_id, at__gte=since).order_by("at")
        history = [
            (at, free / (free + occupied))
            for at, free, occupied in rows.values_list("at", "num_free", "num_occupied")
            if free + occupied > 0
        ]
        model = forecast.model_fit(history)
        cache.set(key, model, FORECAST_CACHE_SECONDS)
    return model


class ForecastPoint(TypedDict):
    minutes: int
    at: datetime
    num_free: int


def lot_forecast(*, lot: CountedLot, now: datetime | None = None) -> list[ForecastPoint]:
    """Free spaces expected in 15, 30 and 60 minutes; empty when the lot has under
    ``forecast.MIN_HISTORY_DAYS`` of history or no sensor reporting now."""
    now = now or timezone.now()
    known = lot.num_free + lot.num_occupied
    if known == 0:
        return []
    model = _forecast_model(lot_id=lot.id)
    if model.days < forecast.MIN_HISTORY_DAYS:
        return []
    share = lot.num_free / known
    return [
        {
            "minutes": minutes,
            "at": now + timedelta(minutes=minutes),
            "num_free": round(model.predict(now=now, share_now=share, minutes=minutes) * known),
        }
        for minutes in forecast.HORIZONS
    ]


FORECAST_NOW_MINUTES = 7  # an arrival this soon: the live count is the best guess


def lot_free_at(*, lot: CountedLot, at: datetime, now: datetime | None = None) -> int | None:
    """Free spaces expected at ``at``: the live count for an arrival within minutes, the nearest
    of the 15/30/60-minute forecasts up to an hour and a quarter ahead, and the lot's usual share
    for that weekday and time further on. None when the lot has no sensors reporting or too
    little history to say."""
    now = now or timezone.now()
    known = lot.num_free + lot.num_occupied
    if known == 0:
        return None
    ahead = (at - now).total_seconds() / 60
    if ahead <= FORECAST_NOW_MINUTES:
        return lot.num_free
    model = _forecast_model(lot_id=lot.id)
    if model.days < forecast.MIN_HISTORY_DAYS:
        return None
    if ahead <= max(forecast.HORIZONS) + 15:
        minutes = min(forecast.HORIZONS, key=lambda h: abs(h - ahead))
        share = model.predict(now=now, share_now=lot.num_free / known, minutes=minutes)
    else:
        share = model.expected(at)
    return round(share * known)


def lot_occupancy_by_hour(*, lot_id: UUID, days: int = 28) -> list[dict[str, float | int]]:
    """Mean share of spaces occupied per hour of the day over the last ``days`` (admin view)."""
    since = timezone.now() - timedelta(days=days)
    sums: dict[int, list[float]] = {}
    for at, free, occupied in OccupancySnapshot.objects.filter(
        lot_id=lot_id, at__gte=since
    ).values_list("at", "num_free", "num_occupied"):
        if free + occupied:
            sums.setdefault(at.astimezone(SEOUL).hour, []).append(occupied / (free + occupied))
    return [
        {"hour": hour, "occupied_percent": round(100 * sum(v) / len(v)), "samples": len(v)}
        for hour, v in sorted(sums.items())
    ]


# --- parking sharing ----------------------------------------------------------------------------

ACTIVE = (Reservation.Status.PENDING, Reservation.Status.CONFIRMED)


def place_get(*, place_id: UUID | str, lock: bool = False) -> SharedPlace:
    qs = SharedPlace.objects.filter(is_active=True)
    if lock:
        qs = qs.select_for_update()
    try:
        place = qs.filter(id=place_id).first()
    except ValidationError:
        place = None
    if place is None:
        raise ParkingError.place_not_found()
    return place


def place_schedule(*, place: SharedPlace) -> tuple[list[windows.Window], list[windows.Exception_]]:
    weekly = [
        windows.Window(weekday=w.weekday, start=w.start, end=w.end) for w in place.windows.all()
    ]
    dated = [
        windows.Exception_(date=e.date, closed=e.closed, start=e.start, end=e.end)
        for e in place.exceptions.all()
    ]
    return weekly, dated


def place_busy(
    *, place_id: UUID, start: datetime, end: datetime, exclude: UUID | None = None
) -> list[windows.Interval]:
    """Bookings holding a space at the place for part of start–end."""
    qs = Reservation.objects.filter(
        place_id=place_id, status__in=ACTIVE, start_at__lt=end, end_at__gt=start
    )
    if exclude is not None:
        qs = qs.exclude(id=exclude)
    return list(qs.values_list("start_at", "end_at"))


def place_free_slots(
    *, place: SharedPlace, start: datetime, end: datetime, exclude: UUID | None = None
) -> int:
    """Spaces free for the whole of start–end (0 when closed for part of it)."""
    weekly, dated = place_schedule(place=place)
    if not windows.covers(windows=weekly, exceptions=dated, start=start, end=end):
        return 0
    busy = place_busy(place_id=place.id, start=start, end=end, exclude=exclude)
    return max(0, place.capacity - windows.max_overlap(busy, start, end))


def price_krw(*, place: SharedPlace, start: datetime, end: datetime) -> int:
    minutes = (end - start).total_seconds() / 60
    units = -(-int(minutes) // place.unit_minutes)  # a started unit is a whole unit
    return units * place.unit_krw


def place_search(
    *, lat: float, lon: float, radius_m: float, start: datetime, end: datetime, limit: int = 30
) -> list[SharedPlace]:
    """Listed places within ``radius_m``, nearest first; each carries ``distance_m``,
    ``free_slots`` (0 when closed or full for part of the time) and ``price_krw``."""
    dlat = radius_m / 111_000
    dlon = radius_m / 91_000
    box = (
        SharedPlace.objects.filter(
            is_active=True,
            lat__gte=lat - dlat,
            lat__lte=lat + dlat,
            lon__gte=lon - dlon,
            lon__lte=lon + dlon,
        )
        .select_related("host")
        .prefetch_related("windows", "exceptions")
    )
    found = []
    for place in box:
        distance = haversine_m(lat, lon, place.lat, place.lon)
        if distance > radius_m:
            continue
        place.distance_m = round(distance)
        place.free_slots = place_free_slots(place=place, start=start, end=end)
        place.price_krw = price_krw(place=place, start=start, end=end)
        found.append(place)
    found.sort(key=lambda p: (p.free_slots == 0, p.distance_m))
    return found[:limit]


def place_list_for_host(*, user: User) -> QuerySet[SharedPlace]:
    return SharedPlace.objects.filter(host__user=user).prefetch_related("windows", "exceptions")


def place_get_for_host(*, user: User, place_id: UUID | str) -> SharedPlace:
    try:
        place = place_list_for_host(user=user).filter(id=place_id).first()
    except ValidationError:
        place = None
    if place is None:
        raise ParkingError.place_not_found()
    return place


HOST_BOOKINGS_DAYS = 30  # how far back a host sees its bookings


def reservation_list_for_host(*, user: User, now: datetime | None = None) -> QuerySet[Reservation]:
    """Bookings at the host's places that end in the last 30 days or later, soonest first."""
    since = (now or timezone.now()) - timedelta(days=HOST_BOOKINGS_DAYS)
    return (
        Reservation.objects.filter(place__host__user=user, end_at__gte=since)
        .select_related("place")
        .order_by("start_at")
    )


def vehicle_list_for_user(*, user: User) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(user=user)


def vehicle_get_for_user(*, user: User, vehicle_id: UUID | str, lock: bool = False) -> Vehicle:
    qs = vehicle_list_for_user(user=user)
    if lock:
        qs = qs.select_for_update()
    try:
        vehicle = qs.filter(id=vehicle_id).first()
    except ValidationError:
        vehicle = None
    if vehicle is None:
        raise ParkingError.vehicle_not_found()
    return vehicle


def reservation_list_for_user(*, user: User) -> QuerySet[Reservation]:
    return (
        Reservation.objects.filter(user=user)
        .select_related("place")
        .prefetch_related("charges")
        .order_by("-start_at")
    )


def reservation_get_for_user(
    *, user: User, reservation_id: UUID | str, lock: bool = False
) -> Reservation:
    qs = Reservation.objects.filter(user=user).select_related("place")
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        reservation = qs.filter(id=reservation_id).first()
    except ValidationError:
        reservation = None
    if reservation is None:
        raise ParkingError.reservation_not_found()
    return reservation


def refund_percent(*, rule: list[dict[str, int]], minutes_before_start: float) -> int:
    """The share (0–100) of the price a cancellation gets back under ``rule``: the first step
    whose ``minutes_before_start`` the cancellation meets, steps taken from the earliest."""
    for step in sorted(rule, key=lambda s: -int(s["minutes_before_start"])):
        if minutes_before_start >= int(step["minutes_before_start"]):
            return max(0, min(100, int(step["percent"])))
    return 0


def reservation_refund_krw(*, reservation: Reservation, now: datetime | None = None) -> int:
    """What cancelling now would give back (paid charges only)."""
    now = now or timezone.now()
    if reservation.status != Reservation.Status.CONFIRMED or now >= reservation.start_at:
        return 0
    percent = refund_percent(
        rule=reservation.place.refund_rule or settings.PARKING_SHARING_REFUND_RULE,
        minutes_before_start=(reservation.start_at - now).total_seconds() / 60,
    )
    paid = [c for c in reservation.charges.all() if c.status == ReservationCharge.Status.PAID]
    return sum(c.amount_krw * percent // 100 - c.refunded_krw for c in paid if c.amount_krw)


# --- enforcement exemption ----------------------------------------------------------------------


def reservations_active(*, at: datetime) -> QuerySet[Reservation]:
    return Reservation.objects.filter(
        status=Reservation.Status.CONFIRMED, start_at__lte=at, end_at__gt=at
    ).select_related("place")


def reservations_active_in_box(
    *, at: datetime, south: float, west: float, north: float, east: float
) -> list[Reservation]:
    return list(
        reservations_active(at=at)
        .filter(
            place__lat__gte=south,
            place__lat__lte=north,
            place__lon__gte=west,
            place__lon__lte=east,
        )
        .order_by("place__name", "start_at")
    )


def reservations_active_near(
    *, at: datetime, lat: float, lon: float, radius_m: float
) -> list[Reservation]:
    dlat, dlon = radius_m / 111_000, radius_m / 91_000
    boxed = reservations_active_in_box(
        at=at, south=lat - dlat, west=lon - dlon, north=lat + dlat, east=lon + dlon
    )
    return [r for r in boxed if haversine_m(lat, lon, r.place.lat, r.place.lon) <= radius_m]


def operator_sessions_active_near(
    *, at: datetime, plate_hash: str, lat: float, lon: float, radius_m: float
) -> list[OperatorSession]:
    sessions = (
        OperatorSession.objects.filter(plate_hash=plate_hash, start_at__lte=at)
        .filter(Q(end_at__isnull=True) | Q(end_at__gt=at))
        .select_related("lot", "place")
    )
    found = []
    for session in sessions:
        where = session.place or session.lot
        if where is not None and haversine_m(lat, lon, where.lat, where.lon) <= radius_m:
            found.append(session)
    return found


def place_list_active() -> QuerySet[SharedPlace]:
    return SharedPlace.objects.filter(is_active=True).prefetch_related("windows", "exceptions")


def place_use_seconds(
    *, place: SharedPlace, days: int = 30, now: datetime | None = None
) -> tuple[float, float]:
    """(offered, booked) car-seconds of a shared place in the last ``days``: its open hours ×
    capacity, and the confirmed reservations' time inside that span."""
    end = now or timezone.now()
    start = end - timedelta(days=days)
    weekly, dated = place_schedule(place=place)
    spans = windows.open_intervals(windows=weekly, exceptions=dated, start=start, end=end)
    offered = sum((e - s).total_seconds() for s, e in spans) * place.capacity
    booked = 0.0
    for s, e in Reservation.objects.filter(
        place=place, status=Reservation.Status.CONFIRMED, start_at__lt=end, end_at__gt=start
    ).values_list("start_at", "end_at"):
        booked += (min(e, end) - max(s, start)).total_seconds()
    return offered, booked


def place_use_rate(
    *, place: SharedPlace, days: int = 30, now: datetime | None = None
) -> float | None:
    """The plan's KPI for shared places: booked car-hours over offered car-hours (open hours ×
    capacity) in the last ``days``; None when the place offered nothing."""
    offered, booked = place_use_seconds(place=place, days=days, now=now)
    if not offered:
        return None
    return booked / offered
