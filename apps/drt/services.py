"""Writes: classify and check a ride, book, accept, cancel, dispatch, live positions, boarding and
alighting, the demo simulator. Every booking state change goes through ``booking_transition``.

Locking: anything that changes a zone's plans first locks the zone's buses (``_lock_zone``, in
primary-key order), then the booking. Two riders accepting the last seat at once therefore plan
one after the other, and the second sees the first one's seat taken.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts import facade as accounts
from apps.core.events import publish
from apps.core.geo import haversine_m, point_in_geojson
from apps.core.travel_time import road_leg
from apps.notifications import facade as notifications

from . import dispatch, selectors
from .errors import DrtError, DrtErrorCode, reason_message
from .models import Booking, BookingEvent, Campus, Hub, RiderClass, ServiceZone, Vehicle

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.devices.models import Device

log = logging.getLogger(__name__)

Status = Booking.Status
Actor = BookingEvent.Actor
Point = tuple[float, float]

TRANSITIONS: dict[str, set[str]] = {
    Status.REQUESTED: {Status.OFFERED, Status.REJECTED, Status.CANCELLED},
    Status.OFFERED: {Status.ACCEPTED, Status.REJECTED, Status.CANCELLED},
    Status.ACCEPTED: {Status.ASSIGNED, Status.REJECTED, Status.CANCELLED},
    Status.ASSIGNED: {Status.ARRIVING, Status.ON_BOARD, Status.CANCELLED, Status.NO_SHOW},
    Status.ARRIVING: {Status.ON_BOARD, Status.CANCELLED, Status.NO_SHOW},
    Status.ON_BOARD: {Status.COMPLETED},
}
ARRIVING_S = 180  # "your bus arrives in 3 minutes"
ARRIVED_M = 60  # a bus this close to the hub has arrived
WALK_MPS = 1.13  # the city plan's walking speed for older walkers


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def booking_group(booking_id: Any) -> str:
    return f"drt.booking.{booking_id}"


# --- classify and check -----------------------------------------------------------------------


def rider_class_for(*, origin: Point, destination: Point) -> str | None:
    """The plan's rule: a destination inside a campus is a student's trip (lifelong learners
    included); a main hub such as City Hall reached from a transport-poor area is a general
    citizen's; anything else is not served."""
    for campus in Campus.objects.filter(is_active=True):
        if point_in_geojson(destination[0], destination[1], campus.geofence):
            return RiderClass.STUDENT
    walk = _setting("DRT_MAX_WALK_M", 800)
    near_main = any(
        haversine_m(destination[0], destination[1], hub.lat, hub.lon) <= walk
        for hub in Hub.objects.filter(is_active=True, is_main=True)
    )
    if near_main:
        for zone in ServiceZone.objects.filter(is_active=True, is_transport_poor=True):
            if point_in_geojson(origin[0], origin[1], zone.geofence):
                return RiderClass.CITIZEN
    return None


@dataclass
class RideCheck:
    rider_class: str | None
    eligible: bool
    reason_code: str
    reason: str
    zone: ServiceZone | None = None
    pickup_hub: Hub | None = None
    dropoff_hub: Hub | None = None
    walk_to_pickup_m: int = 0
    walk_from_dropoff_m: int = 0
    pickup_eta: datetime | None = None
    dropoff_eta: datetime | None = None
    vehicle: Vehicle | None = None
    earliest_pickup_at: datetime | None = None
    latest_pickup_at: datetime | None = None
    max_ride_s: int = 0
    direct_s: int = 0


def _refuse(check: RideCheck, code: DrtErrorCode) -> RideCheck:
    check.eligible = False
    check.reason_code = str(code)
    check.reason = reason_message(code)
    return check


def location_consent_require(*, user: User) -> None:
    if not accounts.user_has_consent(user_id=user.id, kind="location"):
        raise DrtError.location_consent_required()


def ride_check(
    *,
    user: User,
    origin: Point,
    destination: Point,
    passengers: int = 1,
    now: datetime | None = None,
) -> RideCheck:
    """ "Can I call a bus?": the rider class, the best hubs, eligibility (a translated reason when
    not) and the pickup ETA, from a tentative plan with this rider added."""
    location_consent_require(user=user)
    now = now or timezone.now()
    check = RideCheck(
        rider_class=rider_class_for(origin=origin, destination=destination),
        eligible=True,
        reason_code="",
        reason="",
    )
    if check.rider_class is None:
        return _refuse(check, DrtErrorCode.DESTINATION_NOT_SERVED)
    walk = _setting("DRT_MAX_WALK_M", 800)
    best: tuple[int, ServiceZone, Hub, Hub, int, int] | None = None
    zones = selectors.zone_list().prefetch_related("hubs")
    for zone in zones:
        if check.rider_class == RiderClass.STUDENT and not zone.serves_students:
            continue
        if check.rider_class == RiderClass.CITIZEN:
            if not (zone.serves_citizens and point_in_geojson(*origin, zone.geofence)):
                continue
        hubs = [h for h in zone.hubs.all() if h.is_active]
        starts = selectors.hubs_near(hubs=hubs, lat=origin[0], lon=origin[1], radius_m=walk)
        ends = selectors.hubs_near(hubs=hubs, lat=destination[0], lon=destination[1], radius_m=walk)
        for start_m, first in starts:
            last = next(((m, e) for m, e in ends if e.pk != first.pk), None)
            if last is None:
                continue
            total = start_m + last[0]
            if best is None or total < best[0]:
                best = (total, zone, first, last[1], start_m, last[0])
            break
    if best is None:
        return _refuse(check, DrtErrorCode.NO_HUB_NEARBY)
    _total, zone, start, end, walk_to, walk_from = best
    check.zone, check.pickup_hub, check.dropoff_hub = zone, start, end
    check.walk_to_pickup_m, check.walk_from_dropoff_m = walk_to, walk_from
    if not _zone_vehicles(zone).exists():
        return _refuse(check, DrtErrorCode.NO_VEHICLE_IN_SERVICE)
    direct = road_leg((start.lat, start.lon), (end.lat, end.lon), kind="bus").seconds
    check.direct_s = direct
    check.max_ride_s = round(direct * _setting("DRT_MAX_RIDE_FACTOR", 1.5)) + _setting(
        "DRT_MAX_RIDE_EXTRA_S", 600
    )
    check.earliest_pickup_at = now + timedelta(seconds=round(walk_to / WALK_MPS))
    check.latest_pickup_at = check.earliest_pickup_at + timedelta(
        minutes=_setting("DRT_PICKUP_WINDOW_MIN", 15)
    )
    new = dispatch.Request(
        id="new",
        pickup=(start.lat, start.lon),
        dropoff=(end.lat, end.lon),
        earliest=_rel(check.earliest_pickup_at, now),
        latest=_rel(check.latest_pickup_at, now),
        max_ride=check.max_ride_s,
        passengers=passengers,
    )
    solution, vehicles = _solve_zone(zone, now=now, extra=[new])
    found = solution.stop_of("new", "pickup")
    if found is None:
        return _refuse(check, DrtErrorCode.NO_VEHICLE_CAN_SERVE)
    vehicle_id, stop = found
    drop = solution.stop_of("new", "dropoff")
    check.vehicle = vehicles[vehicle_id]
    check.pickup_eta = now + timedelta(seconds=stop.at)
    check.dropoff_eta = now + timedelta(seconds=drop[1].at) if drop else None
    return check


# --- the state machine ------------------------------------------------------------------------


def booking_transition(
    *,
    booking: Booking,
    to: str,
    actor: str,
    user: User | None = None,
    device: Device | None = None,
    at: datetime | None = None,
    note: str = "",
) -> Booking:
    """Move a (locked) booking to ``to``, recording who and when; an illegal move is refused
    with ``drt.illegal_transition`` and nothing changes."""
    if to not in TRANSITIONS.get(booking.status, set()):
        raise DrtError.illegal_transition(
            current=str(Status(booking.status).label), wanted=str(Status(to).label)
        )
    at = at or timezone.now()
    BookingEvent.objects.create(
        booking=booking,
        from_status=booking.status,
        to_status=to,
        actor=actor,
        actor_user=user,
        actor_device=device,
        at=at,
        note=note[:200],
    )
    booking.status = to
    fields = ["status", "updated_at"]
    if to == Status.ON_BOARD:
        booking.boarded_at = at
        fields.append("boarded_at")
    if to == Status.COMPLETED:
        booking.alighted_at = at
        fields.append("alighted_at")
    booking.save(update_fields=fields)
    _publish_status(booking)
    return booking


def _publish_status(booking: Booking) -> None:
    publish(booking_group(booking.id), "booking.status", booking_snapshot(booking=booking))


def booking_snapshot(*, booking: Booking) -> dict[str, Any]:
    vehicle = booking.vehicle
    return {
        "id": str(booking.id),
        "status": booking.status,
        "pickup_eta": booking.pickup_eta.isoformat() if booking.pickup_eta else None,
        "dropoff_eta": booking.dropoff_eta.isoformat() if booking.dropoff_eta else None,
        "vehicle": (
            {
                "code": vehicle.code,
                "plate": vehicle.plate,
                "lat": vehicle.lat,
                "lon": vehicle.lon,
            }
            if vehicle is not None
            else None
        ),
    }


# --- booking ----------------------------------------------------------------------------------


@transaction.atomic
def booking_request(
    *, user: User, origin: Point, destination: Point, passengers: int = 1
) -> Booking:
    """A rider asks for a bus: checked, then offered with its ETA (``offered``), or refused with
    the reason (nothing is stored)."""
    if selectors.booking_open_for_user(user=user) is not None:
        raise DrtError.booking_open()
    check = ride_check(user=user, origin=origin, destination=destination, passengers=passengers)
    if not check.eligible:
        raise DrtError.not_eligible(DrtErrorCode(check.reason_code))
    assert check.zone and check.pickup_hub and check.dropoff_hub and check.rider_class
    assert check.earliest_pickup_at and check.latest_pickup_at
    booking = Booking.objects.create(
        user=user,
        rider_class=check.rider_class,
        passengers=passengers,
        origin_lat=round(origin[0], 4),
        origin_lon=round(origin[1], 4),
        destination_lat=round(destination[0], 4),
        destination_lon=round(destination[1], 4),
        pickup_hub=check.pickup_hub,
        dropoff_hub=check.dropoff_hub,
        zone=check.zone,
        earliest_pickup_at=check.earliest_pickup_at,
        latest_pickup_at=check.latest_pickup_at,
        max_ride_s=check.max_ride_s,
        direct_s=check.direct_s,
        pickup_eta=check.pickup_eta,
        dropoff_eta=check.dropoff_eta,
        fare_krw=0,  # the plan names no fare; a DRT leg bought in a trip carries its demo fare
    )
    BookingEvent.objects.create(
        booking=booking, to_status=Status.REQUESTED, actor=Actor.RIDER, actor_user=user,
        at=timezone.now(),
    )  # fmt: skip
    booking_transition(booking=booking, to=Status.OFFERED, actor=Actor.DISPATCH)
    return booking


def _planned_or_rejected(booking: Booking) -> Booking:
    """Dispatch the accepted booking's zone; a booking left out of every plan is ``rejected``
    with the reason (the seat went to someone else, or no bus can reach it in time)."""
    zone_dispatch(zone_id=booking.zone_id)
    booking.refresh_from_db()
    if booking.status == Status.ACCEPTED:
        booking.reason_code = str(DrtErrorCode.NO_VEHICLE_CAN_SERVE)
        booking.save(update_fields=["reason_code", "updated_at"])
        booking_transition(booking=booking, to=Status.REJECTED, actor=Actor.DISPATCH)
    return booking


@transaction.atomic
def booking_accept(*, user: User, booking_id: Any) -> Booking:
    """The rider takes the offer: planned now, under the zone's locks. If the seat went to
    someone else meanwhile the booking is ``rejected`` with the reason."""
    zone_id = selectors.booking_get_for_user(user=user, booking_id=booking_id).zone_id
    _lock_zone(zone_id)
    booking = selectors.booking_get_for_user(user=user, booking_id=booking_id, lock=True)
    booking_transition(booking=booking, to=Status.ACCEPTED, actor=Actor.RIDER, user=user)
    return _planned_or_rejected(booking)


@transaction.atomic
def booking_create_accepted(
    *, user: User, pickup_hub_id: Any, dropoff_hub_id: Any, rider_class: str, trip_ref: str,
    fare_krw: int, earliest: datetime,
) -> Booking | None:  # fmt: skip
    """A DRT leg bought inside a trip (the trip planner): made already accepted and planned.
    Returns None when no bus can take it any more."""
    pickup = Hub.objects.get(pk=pickup_hub_id)
    dropoff = Hub.objects.get(pk=dropoff_hub_id)
    # two separate filters: a zone holding both hubs (one filter would ask one hub to be both)
    zone = ServiceZone.objects.filter(is_active=True, hubs=pickup).filter(hubs=dropoff).first()
    if zone is None:
        return None
    _lock_zone(zone.id)
    direct = road_leg((pickup.lat, pickup.lon), (dropoff.lat, dropoff.lon), kind="bus").seconds
    booking = Booking.objects.create(
        user=user,
        rider_class=rider_class,
        source=Booking.Source.TRIP,
        pickup_hub=pickup,
        dropoff_hub=dropoff,
        zone=zone,
        earliest_pickup_at=earliest,
        latest_pickup_at=earliest + timedelta(minutes=_setting("DRT_PICKUP_WINDOW_MIN", 15)),
        max_ride_s=round(direct * _setting("DRT_MAX_RIDE_FACTOR", 1.5))
        + _setting("DRT_MAX_RIDE_EXTRA_S", 600),
        direct_s=direct,
        fare_krw=fare_krw,
        trip_ref=trip_ref,
        status=Status.ACCEPTED,
    )
    BookingEvent.objects.create(
        booking=booking, to_status=Status.ACCEPTED, actor=Actor.RIDER, actor_user=user,
        at=timezone.now(), note="bought in a trip",
    )  # fmt: skip
    return _planned_or_rejected(booking)


@transaction.atomic
def booking_cancel(*, user: User, booking_id: Any) -> Booking:
    zone_id = selectors.booking_get_for_user(user=user, booking_id=booking_id).zone_id
    _lock_zone(zone_id)
    booking = selectors.booking_get_for_user(user=user, booking_id=booking_id, lock=True)
    was_planned = booking.vehicle_id is not None
    booking_transition(booking=booking, to=Status.CANCELLED, actor=Actor.RIDER, user=user)
    if was_planned:
        zone_dispatch(zone_id=zone_id)
    return booking


# --- dispatch ---------------------------------------------------------------------------------


def _rel(value: datetime | None, now: datetime) -> int:
    return round((value - now).total_seconds()) if value else 0


def _zone_vehicles(zone: ServiceZone) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(zone=zone, is_active=True, lat__isnull=False)


def _lock_zone(zone_id: Any) -> list[Vehicle]:
    """Lock the zone's buses in key order: the plans of a zone change one writer at a time."""
    return list(
        Vehicle.objects.select_for_update().filter(zone_id=zone_id, is_active=True).order_by("pk")
    )


def _as_request(booking: Booking, now: datetime) -> dispatch.Request:
    on_board = booking.status == Status.ON_BOARD
    kept = booking.status in (Status.ASSIGNED, Status.ARRIVING, Status.ON_BOARD)
    return dispatch.Request(
        id=str(booking.id),
        pickup=(booking.pickup_hub.lat, booking.pickup_hub.lon),
        dropoff=(booking.dropoff_hub.lat, booking.dropoff_hub.lon),
        earliest=_rel(booking.earliest_pickup_at, now),
        latest=_rel(booking.latest_pickup_at, now),
        max_ride=booking.max_ride_s,
        passengers=booking.passengers,
        vehicle=str(booking.vehicle_id) if kept and booking.vehicle_id else None,
        on_board=on_board,
        boarded_at=_rel(booking.boarded_at, now) if on_board else 0,
    )


def _solve_zone(
    zone: ServiceZone, *, now: datetime, extra: list[dispatch.Request] | None = None
) -> tuple[dispatch.Solution, dict[str, Vehicle]]:
    vehicles = {str(v.id): v for v in _zone_vehicles(zone)}
    bookings = (
        Booking.objects.filter(zone=zone, status__in=selectors.PLANNED_STATUSES)
        .select_related("pickup_hub", "dropoff_hub")
        .order_by("created_at")
    )
    requests = [_as_request(b, now) for b in bookings] + list(extra or [])
    states = [
        dispatch.VehicleState(id=key, position=(v.lat or 0.0, v.lon or 0.0), capacity=v.capacity)
        for key, v in vehicles.items()
    ]
    hint = {
        key: [(stop["booking_id"], stop["action"]) for stop in v.plan]
        for key, v in vehicles.items()
    }
    solution = dispatch.solve(
        states,
        requests,
        time_limit_s=_setting("DRT_SOLVER_TIME_LIMIT_S", 1.0),
        hint=hint,
    )
    return solution, vehicles


def zone_dispatch(*, zone_id: Any, now: datetime | None = None) -> dispatch.Solution:
    """Re-optimise a zone's plans (caller holds ``_lock_zone``): every accepted, assigned and
    on-board booking; newly planned ones become ``assigned`` (and the rider is told)."""
    now = now or timezone.now()
    zone = ServiceZone.objects.get(pk=zone_id)
    solution, vehicles = _solve_zone(zone, now=now)
    bookings = {
        str(b.id): b
        for b in Booking.objects.select_for_update()
        .filter(zone=zone, status__in=selectors.PLANNED_STATUSES)
        .order_by("pk")
    }
    hubs: dict[str, str] = {}
    for b in bookings.values():
        hubs[f"{b.id}:pickup"] = str(b.pickup_hub_id)
        hubs[f"{b.id}:dropoff"] = str(b.dropoff_hub_id)
    for key, stops in solution.routes.items():
        vehicle = vehicles[key]
        vehicle.plan = [
            {
                "booking_id": stop.request_id,
                "action": stop.action,
                "hub_id": hubs.get(f"{stop.request_id}:{stop.action}", ""),
                "eta": (now + timedelta(seconds=stop.at)).isoformat(),
            }
            for stop in stops
        ]
        vehicle.plan_updated_at = now
        vehicle.save(update_fields=["plan", "plan_updated_at", "updated_at"])
        for stop in stops:
            booking = bookings.get(stop.request_id)
            if booking is None:
                continue
            eta = now + timedelta(seconds=stop.at)
            if stop.action == "pickup":
                booking.pickup_eta = eta
            else:
                booking.dropoff_eta = eta
            booking.vehicle = vehicle
    for booking in bookings.values():
        if booking.vehicle_id is None:
            continue
        booking.save(update_fields=["vehicle", "pickup_eta", "dropoff_eta", "updated_at"])
        if booking.status == Status.ACCEPTED:
            booking_transition(booking=booking, to=Status.ASSIGNED, actor=Actor.DISPATCH)
            _notify_assigned(booking)
        else:
            _publish_status(booking)
    if solution.dropped:
        log.info("drt dispatch: zone %s left out %s", zone.code, solution.dropped)
    return solution


# --- notifications ----------------------------------------------------------------------------


def _tell(booking: Booking, event: str, title: tuple[str, str], body: tuple[str, str]) -> None:
    if booking.user is None:
        return
    notifications.notify(
        user=booking.user,
        kind="drt",
        title_ko=title[0],
        title_en=title[1],
        body_ko=body[0],
        body_en=body[1],
        data={"booking_id": str(booking.id), "event": event},
    )


def _hhmm(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else "-"


def _notify_assigned(booking: Booking) -> None:
    hub = booking.pickup_hub
    plate = booking.vehicle.plate if booking.vehicle else ""
    _tell(
        booking,
        "assigned",
        ("버스가 배차되었습니다", "Your bus is assigned"),
        (
            f"{plate} 버스가 {_hhmm(booking.pickup_eta)}쯤 {hub.name_ko or hub.name}에 도착합니다.",
            f"Bus {plate} reaches {hub.name_en or hub.name} at about {_hhmm(booking.pickup_eta)}.",
        ),
    )


def _notify_arriving(booking: Booking) -> None:
    hub = booking.pickup_hub
    _tell(
        booking,
        "arriving",
        ("버스가 곧 도착합니다", "Your bus arrives in 3 minutes"),
        (
            f"3분 안에 {hub.name_ko or hub.name}에 도착합니다.",
            f"It reaches {hub.name_en or hub.name} within 3 minutes.",
        ),
    )


def _notify_arrived(booking: Booking) -> None:
    hub = booking.pickup_hub
    _tell(
        booking,
        "arrived",
        ("버스가 도착했습니다", "Your bus has arrived"),
        (
            f"{hub.name_ko or hub.name}에서 기다리고 있습니다.",
            f"It is waiting at {hub.name_en or hub.name}.",
        ),
    )


def _notify_completed(booking: Booking) -> None:
    hub = booking.dropoff_hub
    _tell(
        booking,
        "completed",
        ("이용해 주셔서 감사합니다", "Trip completed"),
        (
            f"{hub.name_ko or hub.name}에서 내리셨습니다.",
            f"You got off at {hub.name_en or hub.name}.",
        ),
    )


# --- the bus: positions, boarding, alighting --------------------------------------------------

BOARDING_EVENTS = {
    "boarded": Status.ON_BOARD,
    "no_show": Status.NO_SHOW,
    "alighted": Status.COMPLETED,
}


@transaction.atomic
def vehicle_position_update(
    *, vehicle_id: Any, lat: float, lon: float, at: datetime | None = None
) -> Vehicle:
    """A new position: plan ETAs recomputed along the road model; riders whose bus is within
    3 minutes are told (``arriving``), and again when it reaches their hub; every open booking on
    the bus gets ``booking.position`` over its socket."""
    at = at or timezone.now()
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle_id)
    vehicle.lat, vehicle.lon, vehicle.position_at = lat, lon, at
    bookings = selectors.plan_bookings(vehicle=vehicle)
    hubs = {str(h.id): h for h in Hub.objects.filter(id__in={s["hub_id"] for s in vehicle.plan})}
    clock, here = 0, (lat, lon)
    for stop in vehicle.plan:
        hub = hubs.get(stop["hub_id"])
        if hub is None:
            continue
        clock += road_leg(here, (hub.lat, hub.lon), kind="bus").seconds
        here = (hub.lat, hub.lon)
        stop["eta"] = (at + timedelta(seconds=clock)).isoformat()
        booking = bookings.get(stop["booking_id"])
        if booking is None:
            continue
        if stop["action"] == "pickup":
            booking.pickup_eta = at + timedelta(seconds=clock)
            if booking.status == Status.ASSIGNED and clock <= ARRIVING_S:
                booking_transition(booking=booking, to=Status.ARRIVING, actor=Actor.DISPATCH)
                _notify_arriving(booking)
            near = haversine_m(lat, lon, hub.lat, hub.lon) <= ARRIVED_M
            if near and booking.arrival_notified_at is None and booking.status == Status.ARRIVING:
                booking.arrival_notified_at = at
                _notify_arrived(booking)
        else:
            booking.dropoff_eta = at + timedelta(seconds=clock)
        clock += dispatch.DWELL_S
        booking.save(update_fields=["pickup_eta", "dropoff_eta", "arrival_notified_at"])
    vehicle.save(update_fields=["lat", "lon", "position_at", "plan", "updated_at"])
    for booking in bookings.values():
        booking.vehicle = vehicle
        publish(booking_group(booking.id), "booking.position", booking_snapshot(booking=booking))
    return vehicle


def _board_or_alight(
    *,
    vehicle: Vehicle,
    booking: Booking,
    event: str,
    actor: str,
    user: User | None = None,
    device: Device | None = None,
    at: datetime | None = None,
) -> Booking:
    to = BOARDING_EVENTS.get(event)
    if to is None:
        raise DrtError.unknown_booking_event()
    booking_transition(
        booking=booking, to=to, actor=actor, user=user, device=device, at=at, note=event
    )
    action = "pickup" if event in ("boarded", "no_show") else "dropoff"
    drop_both = event == "no_show"
    vehicle.plan = [
        stop
        for stop in vehicle.plan
        if not (stop["booking_id"] == str(booking.id) and (stop["action"] == action or drop_both))
    ]
    vehicle.save(update_fields=["plan", "updated_at"])
    if to == Status.COMPLETED:
        _notify_completed(booking)
    return booking


@transaction.atomic
def driver_booking_event(*, user: User, booking_id: Any, event: str) -> Booking:
    """The driver (own login, driver role) marks a rider boarded, a no-show, or alighted."""
    vehicle = selectors.driver_vehicle_get(user=user)
    _lock_zone(vehicle.zone_id)
    vehicle.refresh_from_db()
    _v, booking = selectors.booking_get_for_driver(user=user, booking_id=booking_id, lock=True)
    return _board_or_alight(
        vehicle=vehicle, booking=booking, event=event, actor=Actor.DRIVER, user=user
    )


@transaction.atomic
def terminal_report(
    *, device: Device, lat: float, lon: float, at: datetime | None, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """The bus's signed terminal: its position and any boarding/alighting events. Each event gets
    a result (``ok``, ``not_on_plan``, ``illegal_transition``); the position is always kept."""
    try:
        vehicle = Vehicle.objects.get(terminal=device, is_active=True)
    except Vehicle.DoesNotExist:
        raise DrtError.vehicle_not_found() from None
    _lock_zone(vehicle.zone_id)
    vehicle.refresh_from_db()
    results = []
    for event in events:
        booking = (
            Booking.objects.select_for_update()
            .filter(vehicle=vehicle, id=event["booking_id"])
            .first()
        )
        if booking is None:
            results.append({"booking_id": str(event["booking_id"]), "result": "not_on_plan"})
            continue
        try:
            with transaction.atomic():
                _board_or_alight(
                    vehicle=vehicle,
                    booking=booking,
                    event=event["event"],
                    actor=Actor.TERMINAL,
                    device=device,
                    at=event.get("at"),
                )
            results.append({"booking_id": str(booking.id), "result": "ok"})
        except DrtError as error:
            results.append({"booking_id": str(booking.id), "result": error.code.split(".")[-1]})
    vehicle_position_update(vehicle_id=vehicle.id, lat=lat, lon=lon, at=at)
    return {"vehicle": vehicle.code, "results": results}


# --- the demo simulator -----------------------------------------------------------------------


def simulate_step(*, seconds: float = 10.0) -> int:
    """The embedded default's stand-in for real buses: each demo bus with a plan drives towards its
    next hub at the road model's bus speed and, on arrival, boards or sets down that rider through
    the same path a terminal's events take. Returns how many buses moved."""
    moved = 0
    for vehicle in Vehicle.objects.filter(is_demo=True, is_active=True, lat__isnull=False):
        with transaction.atomic():
            _lock_zone(vehicle.zone_id)
            vehicle.refresh_from_db()
            if not vehicle.plan or vehicle.lat is None or vehicle.lon is None:
                continue
            stop = vehicle.plan[0]
            hub = Hub.objects.filter(pk=stop["hub_id"]).first() if stop["hub_id"] else None
            if hub is None:
                continue
            here = (vehicle.lat, vehicle.lon)
            leg = road_leg(here, (hub.lat, hub.lon), kind="bus")
            if leg.seconds <= seconds:
                lat, lon = hub.lat, hub.lon
                booking = Booking.objects.select_for_update().filter(pk=stop["booking_id"]).first()
                if booking is not None:
                    event = "boarded" if stop["action"] == "pickup" else "alighted"
                    if stop["action"] == "pickup" and booking.status == Status.ASSIGNED:
                        booking_transition(
                            booking=booking, to=Status.ARRIVING, actor=Actor.DISPATCH
                        )
                    try:
                        _board_or_alight(
                            vehicle=vehicle, booking=booking, event=event, actor=Actor.TERMINAL
                        )
                    except DrtError:
                        vehicle.plan = vehicle.plan[1:]
                        vehicle.save(update_fields=["plan", "updated_at"])
            else:
                share = seconds / leg.seconds
                lat = here[0] + (hub.lat - here[0]) * share
                lon = here[1] + (hub.lon - here[1]) * share
            vehicle_position_update(vehicle_id=vehicle.id, lat=lat, lon=lon)
            moved += 1
    return moved


# --- satisfaction -----------------------------------------------------------------------------


@transaction.atomic
def booking_rate(*, user: User, booking_id: Any, rating: int) -> Booking:
    """The rider rates a completed ride (1–5), once."""
    booking = selectors.booking_get_for_user(user=user, booking_id=booking_id, lock=True)
    if booking.status != Status.COMPLETED or booking.rating is not None:
        raise DrtError.not_rateable()
    booking.rating, booking.rated_at = rating, timezone.now()
    booking.save(update_fields=["rating", "rated_at", "updated_at"])
    return booking


def satisfaction_summary() -> dict[str, Any]:
    """Satisfaction survey results: responses, mean and the count per score, overall and per
    rider class."""
    rows = Booking.objects.filter(rating__isnull=False).values_list("rider_class", "rating")
    groups: dict[str, list[int]] = {"all": []}
    for rider_class, rating in rows:
        if rating is None:  # excluded by the query; the column is nullable
            continue
        groups["all"].append(rating)
        groups.setdefault(rider_class, []).append(rating)
    return {
        "groups": [
            {
                "group": name,
                "responses": len(values),
                "mean": round(sum(values) / len(values), 2) if values else None,
                "counts": [values.count(score) for score in range(1, 6)],
            }
            for name, values in groups.items()
        ]
    }


# --- the demand survey ------------------------------------------------------------------------


def survey_response_create(*, user: User, data: dict[str, Any]) -> Any:
    """One answer to the course-registration survey; the origin is kept as an area (~100 m)."""
    from .models import DemandSurveyResponse

    location_consent_require(user=user)
    return DemandSurveyResponse.objects.create(
        user=user,
        term=data["term"],
        campus=data["campus"],
        weekday=data["weekday"],
        arrive_by=data["arrive_by"],
        origin_lat=round(data["origin_lat"], 3),
        origin_lon=round(data["origin_lon"], 3),
        wants_drt=data.get("wants_drt", True),
    )


def _metres(a: Point, b: Point) -> float:
    return haversine_m(a[0], a[1], b[0], b[1])


def _kmeans(points: list[Point], k: int, *, rounds: int = 25) -> list[tuple[Point, int]]:
    """Plain Lloyd's k-means with a deterministic farthest-point start: (centre, members)."""
    centres = [points[0]]
    while len(centres) < k:
        far = max(points, key=lambda p: min(_metres(p, c) for c in centres))
        if far in centres:
            break
        centres.append(far)
    members: list[list[Point]] = []
    for _ in range(rounds):
        members = [[] for _ in centres]
        for p in points:
            nearest = min(range(len(centres)), key=lambda i: _metres(p, centres[i]))
            members[nearest].append(p)
        moved = [
            (sum(p[0] for p in m) / len(m), sum(p[1] for p in m) / len(m)) if m else c
            for m, c in zip(members, centres, strict=True)
        ]
        if moved == centres:
            break
        centres = moved
    return [(c, len(m)) for c, m in zip(centres, members, strict=True) if m]


def survey_summary(*, term: str | None = None) -> dict[str, Any]:
    """Demand by area (a ~1 km cell) and time slot (the half hour to arrive by), and hubs proposed
    where the origins cluster (k-means; about one hub per 15 riders, at most 8)."""
    from .models import DemandSurveyResponse

    rows = DemandSurveyResponse.objects.filter(wants_drt=True).select_related("campus")
    if term:
        rows = rows.filter(term=term)
    cells: dict[tuple[str, str, int, str], int] = {}
    points: list[Point] = []
    for r in rows:
        area = f"{round(r.origin_lat, 2):.2f},{round(r.origin_lon, 2):.2f}"
        slot = f"{r.arrive_by.hour:02d}:{30 if r.arrive_by.minute >= 30 else 0:02d}"
        key = (area, r.campus.code, r.weekday, slot)
        cells[key] = cells.get(key, 0) + 1
        points.append((r.origin_lat, r.origin_lon))
    proposed = []
    if points:
        hubs = list(Hub.objects.filter(is_active=True))
        k = max(1, min(8, len(points) // 15 or 1))
        for (lat, lon), count in sorted(_kmeans(points, k), key=lambda pair: -pair[1]):
            near = selectors.hubs_near(hubs=hubs, lat=lat, lon=lon, radius_m=50_000)
            proposed.append(
                {
                    "lat": round(lat, 5),
                    "lon": round(lon, 5),
                    "responses": count,
                    "nearest_hub": near[0][1].code if near else None,
                    "nearest_hub_m": near[0][0] if near else None,
                }
            )
    return {
        "responses": len(points),
        "cells": [
            {"area": a, "campus": c, "weekday": w, "time_slot": s, "responses": n}
            for (a, c, w, s), n in sorted(cells.items(), key=lambda item: -item[1])
        ],
        "proposed_hubs": proposed,
    }
