"""Writes: sensor events onto spaces, silent sensors, the demo simulator; live pushes of counts;
occupancy snapshots; vehicles, reservations (booking, extending, cancelling with refunds,
reminders); hosts' places; operators' usage."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.events import send_now
from apps.core.idempotency import (
    idempotency_check,
    idempotency_key_clean,
    idempotent_create,
    request_fingerprint,
)
from apps.notifications import facade as notifications
from apps.payments import facade as payments

from . import selectors, windows
from .errors import ParkingError
from .models import (
    OccupancySnapshot,
    OperatorSession,
    ParkingHost,
    ParkingLot,
    ParkingSpace,
    PlaceException,
    PlaceWindow,
    Reservation,
    ReservationCharge,
    SharedPlace,
    Vehicle,
)
from .plates import plate_normalise

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.devices.models import Device

State = ParkingSpace.State

# how far a sensor's clock may run ahead of ours: an event dated later would block every real
# event until that time (each event must be newer than the last one applied)
FUTURE_TOLERANCE = timedelta(minutes=5)


class SensorEvent(TypedDict):
    sensor_id: str
    state: str  # "occupied" | "free"
    at: datetime


def lot_group(lot_id: UUID | str) -> str:
    return f"lot.{lot_id}"


def lot_status_publish(*, lot_id: UUID) -> None:
    """Push ``lot.status`` to ``lot.<id>`` after the commit. The counts are read at that moment,
    not now, so two batches committing close together never leave an older count pushed last."""
    transaction.on_commit(
        lambda: send_now(lot_group(lot_id), "lot.status", selectors.lot_counts(lot_id=lot_id))
    )


def _apply_one(*, space: ParkingSpace, state: str, at: datetime) -> str:
    """Apply one event to a locked space, only if it is newer than the last one applied, so
    repeated and late (out-of-order) events leave the space as it is. The update keeps the
    ``last_event_at`` condition (a compare-and-swap) as a second guard."""
    if space.last_event_at is not None and at <= space.last_event_at:
        return "stale"
    newer = Q(last_event_at__isnull=True) | Q(last_event_at__lt=at)
    fields: dict[str, Any] = {"last_event_at": at, "silent_alert_sent_at": None}
    changed = space.state != state
    if changed:
        fields.update(state=state, state_changed_at=at)
    if not ParkingSpace.objects.filter(newer, id=space.id).update(**fields):
        return "stale"
    for name, value in fields.items():
        setattr(space, name, value)  # the next event of the batch for this space sees it
    return "changed" if changed else "unchanged"


@transaction.atomic
def sensor_events_apply(*, events: list[SensorEvent]) -> list[dict[str, Any]]:
    """Apply a batch of sensor readings. Each item gets a result: ``changed``, ``unchanged`` (same
    state, newer time), ``stale`` (not newer than the last event applied: ignored),
    ``unknown_sensor`` or ``future`` (dated too far ahead of the server clock: ignored)."""
    ids = {event["sensor_id"] for event in events}
    # rows locked in primary-key order: two batches naming the same spaces never deadlock, and
    # each decides on the state the other committed (PostgreSQL; SQLite writes one at a time)
    locked = ParkingSpace.objects.select_for_update().filter(sensor_id__in=ids).order_by("pk")
    spaces = {s.sensor_id: s for s in locked}
    latest = timezone.now() + FUTURE_TOLERANCE
    changed_lots: set[UUID] = set()
    results = []
    for event in events:
        space = spaces.get(event["sensor_id"])
        if space is None:
            result = "unknown_sensor"
        elif event["at"] > latest:
            result = "future"
        else:
            result = _apply_one(space=space, state=event["state"], at=event["at"])
            if result == "changed":
                changed_lots.add(space.lot_id)
        results.append({"sensor_id": event["sensor_id"], "result": result})
    for lot_id in sorted(changed_lots):
        lot_status_publish(lot_id=lot_id)
    return results


@transaction.atomic
def space_mark_silent(*, now: datetime | None = None) -> int:
    """Spaces whose sensor has been silent longer than ``PARKING_SENSOR_SILENT_MINUTES`` become
    ``unknown`` (a stale "free" sends drivers to a full lot); parking staff are told once per
    silence, in one message per lot. Returns how many spaces were marked."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PARKING_SENSOR_SILENT_MINUTES)
    silent = ParkingSpace.objects.filter(
        last_event_at__lt=cutoff, silent_alert_sent_at__isnull=True
    )
    by_lot: dict[UUID, list[str]] = {}
    for space in silent.select_related("lot"):
        # the same filter again: an event that arrived since the read keeps its space live
        marked = ParkingSpace.objects.filter(
            id=space.id, last_event_at__lt=cutoff, silent_alert_sent_at__isnull=True
        ).update(state=State.UNKNOWN, state_changed_at=now, silent_alert_sent_at=now)
        if marked:
            by_lot.setdefault(space.lot_id, []).append(space.label)
    if not by_lot:
        return 0
    staff = list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name="parking")
        .distinct()
    )
    lots = {lot.id: lot for lot in selectors.lot_list(active_only=False).filter(id__in=by_lot)}
    minutes = settings.PARKING_SENSOR_SILENT_MINUTES
    for lot_id, labels in sorted(by_lot.items()):
        lot = lots[lot_id]
        lot_status_publish(lot_id=lot_id)
        listed = ", ".join(sorted(labels)[:20]) + (" …" if len(labels) > 20 else "")
        for member in staff:
            notifications.notify(
                user=member,
                kind="parking",
                title_ko="주차 센서 응답 없음",
                title_en="Parking sensors silent",
                body_ko=f"{lot.name_ko or lot.name}: {len(labels)}면의 센서가 {minutes}분 넘게 "
                f"응답하지 않아 '알 수 없음'으로 표시합니다 ({listed}).",
                body_en=f"{lot.name_en or lot.name}: {len(labels)} sensor(s) silent for over "
                f"{minutes} min, shown as unknown ({listed}).",
                data={"lot_id": str(lot_id), "alert": "sensors_silent"},
            )
    return sum(len(labels) for labels in by_lot.values())


def sensor_simulate(*, changes: int = 6, rng: random.Random | None = None) -> int:
    """The demo's stand-in for real sensors (embedded default only): a few demo spaces flip, through
    the same path a sensor's events take. Returns how many spaces changed."""
    rng = rng or random.Random()
    pool = list(
        ParkingSpace.objects.filter(lot__is_demo=True, sensor_id__isnull=False).values_list(
            "sensor_id", "state"
        )
    )
    if not pool:
        return 0
    now = timezone.now()
    events: list[SensorEvent] = []
    for sensor_id, state in rng.sample(pool, min(changes, len(pool))):
        if sensor_id is None:  # excluded by the query; the column is nullable
            continue
        # lots fill up by day (about 70 %); an unknown space comes back to life
        if state == State.UNKNOWN:
            new = State.OCCUPIED if rng.random() < 0.7 else State.FREE
        else:
            new = State.FREE if state == State.OCCUPIED else State.OCCUPIED
        events.append({"sensor_id": sensor_id, "state": new, "at": now})
    results = sensor_events_apply(events=events)
    return sum(1 for r in results if r["result"] == "changed")


# --- occupancy history (the forecast's input) --------------------------------------------------


def snapshot_record(*, now: datetime | None = None) -> int:
    """Every active lot with sensors: its counts now, on the 5-minute grid (a second run in the same
    5 minutes adds nothing). Returns how many lots were recorded."""
    now = now or timezone.now()
    at = now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
    rows = [
        OccupancySnapshot(
            lot_id=lot.id,
            at=at,
            num_free=lot.num_free,
            num_occupied=lot.num_occupied,
            num_unknown=lot.num_unknown,
        )
        for lot in selectors.lot_list()
        if lot.num_spaces
    ]
    return len(OccupancySnapshot.objects.bulk_create(rows, ignore_conflicts=True))


# --- vehicles -----------------------------------------------------------------------------------


def vehicle_register(*, user: User, plate: str, nickname: str = "") -> Vehicle:
    normal = plate_normalise(plate)
    if normal is None:
        raise ParkingError.plate_invalid()
    try:
        with transaction.atomic():
            return Vehicle.objects.create(user=user, plate=normal, nickname=nickname.strip()[:40])
    except IntegrityError:
        raise ParkingError.vehicle_exists() from None


def vehicle_delete(*, user: User, vehicle_id: UUID | str) -> None:
    """Forget a car; its past bookings keep the plate they were made with."""
    selectors.vehicle_get_for_user(user=user, vehicle_id=vehicle_id).delete()


# --- reservations -------------------------------------------------------------------------------

MAX_RESERVATION = timedelta(hours=24)
MAX_AHEAD = timedelta(days=30)
START_GRACE = timedelta(minutes=5)  # "from now" as the phone sent it a moment ago
RESERVATION_PURPOSE = "parking.reservation"


def _check_times(*, start: datetime, end: datetime, now: datetime) -> None:
    if start.second or start.microsecond or end.second or end.microsecond:
        raise ParkingError.time_invalid(_("Give the times in whole minutes."))
    if end <= start:
        raise ParkingError.time_invalid(_("The end must be after the start."))
    if end - start > MAX_RESERVATION:
        raise ParkingError.time_invalid(_("A booking can be at most 24 hours long."))
    if start < now - START_GRACE:
        raise ParkingError.time_invalid(_("The start is in the past."))
    if start > now + MAX_AHEAD:
        raise ParkingError.time_invalid(_("You can book at most 30 days ahead."))


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime("%m-%d %H:%M")


def _charge_texts(place: SharedPlace, start: datetime, end: datetime, *, extension: bool) -> dict:
    name_ko = place.name_ko or place.name
    name_en = place.name_en or place.name
    when = f"{_local(start)}–{_local(end)}"
    return {
        "description_ko": f"공유주차 {name_ko} {when}" + (" 연장" if extension else ""),
        "description_en": f"Shared parking {name_en} {when}" + (" extension" if extension else ""),
    }


def _charge(
    *, reservation: Reservation, charge: ReservationCharge, start: datetime, end: datetime
) -> None:
    """Charge through payments; paid at once (a card on file) or pending (the phone pays)."""
    assert reservation.user_id is not None
    extension = charge.kind == ReservationCharge.Kind.EXTENSION
    texts = _charge_texts(reservation.place, start, end, extension=extension)
    result = payments.charge(
        user_id=reservation.user_id,
        purpose=RESERVATION_PURPOSE,
        reference=str(charge.id),
        lines=[
            payments.ChargeLine(texts["description_ko"], texts["description_en"], charge.amount_krw)
        ],
        idempotency_key=f"parking-charge:{charge.id}",
        **texts,
    )
    charge.order_id = result.order_id
    if result.paid:
        charge.status = ReservationCharge.Status.PAID
        charge.paid_at = timezone.now()
    charge.save(update_fields=["order_id", "status", "paid_at", "updated_at"])


def reservation_create(
    *,
    user: User,
    place_id: UUID | str,
    vehicle_id: UUID | str,
    start_at: datetime,
    end_at: datetime,
    idempotency_key: str | None,
    now: datetime | None = None,
) -> tuple[Reservation, bool]:
    """Book a space for the car from start to end and charge for it. Returns (reservation,
    created). The place's row is locked while the free spaces are counted, so two drivers never
    get the last space; the same Idempotency-Key returns the first booking and never charges
    again."""
    key = idempotency_key_clean(raw=idempotency_key)
    now = now or timezone.now()
    fingerprint = request_fingerprint(
        place=str(place_id),
        vehicle=str(vehicle_id),
        start=start_at.isoformat(),
        end=end_at.isoformat(),
    )

    def find() -> tuple[Reservation, str] | None:
        found = Reservation.objects.filter(user=user, idempotency_key=key).first()
        return (found, found.fingerprint) if found is not None else None

    def create() -> Reservation:
        _check_times(start=start_at, end=end_at, now=now)
        # the car first, then the place: every booking takes the locks in this order
        vehicle = selectors.vehicle_get_for_user(user=user, vehicle_id=vehicle_id, lock=True)
        place = selectors.place_get(place_id=place_id, lock=True)
        if selectors.place_free_slots(place=place, start=start_at, end=end_at) < 1:
            weekly, dated = selectors.place_schedule(place=place)
            if not windows.covers(windows=weekly, exceptions=dated, start=start_at, end=end_at):
                raise ParkingError.place_closed()
            raise ParkingError.place_full()
        if Reservation.objects.filter(
            vehicle=vehicle, status__in=selectors.ACTIVE, start_at__lt=end_at, end_at__gt=start_at
        ).exists():
            raise ParkingError.vehicle_busy()
        price = selectors.price_krw(place=place, start=start_at, end=end_at)
        reservation = Reservation.objects.create(
            user=user,
            vehicle=vehicle,
            plate=vehicle.plate,
            place=place,
            start_at=start_at,
            end_at=end_at,
            price_krw=price,
            idempotency_key=key,
            fingerprint=fingerprint,
            status=Reservation.Status.PENDING if price else Reservation.Status.CONFIRMED,
        )
        if price:
            charge = ReservationCharge.objects.create(
                reservation=reservation,
                kind=ReservationCharge.Kind.BOOKING,
                amount_krw=price,
                idempotency_key=key,
                new_end_at=end_at,
            )
            _charge(reservation=reservation, charge=charge, start=start_at, end=end_at)
            if charge.status == ReservationCharge.Status.PAID:
                reservation.status = Reservation.Status.CONFIRMED
                reservation.save(update_fields=["status", "updated_at"])
        return reservation

    return idempotent_create(fingerprint=fingerprint, find=find, create=create)


def reservation_extend(
    *,
    user: User,
    reservation_id: UUID | str,
    end_at: datetime,
    idempotency_key: str | None,
    now: datetime | None = None,
) -> Reservation:
    """Move the end later, if the place stays open and a space stays free, and charge the extra
    time. The same key returns the reservation as extended the first time."""
    key = idempotency_key_clean(raw=idempotency_key)
    now = now or timezone.now()
    fingerprint = request_fingerprint(end=end_at.isoformat())
    with transaction.atomic():
        reservation = selectors.reservation_get_for_user(
            user=user, reservation_id=reservation_id, lock=True
        )
        done = reservation.charges.filter(idempotency_key=key).first()
        if done is not None:
            idempotency_check(stored=done.fingerprint, fingerprint=fingerprint)
            return reservation
        if reservation.status != Reservation.Status.CONFIRMED:
            raise ParkingError.reservation_wrong_state(status=reservation.status)
        if now >= reservation.end_at:
            raise ParkingError.reservation_ended()
        old_end = reservation.end_at
        if end_at.second or end_at.microsecond or end_at <= old_end:
            raise ParkingError.time_invalid(_("The new end must be later than the current end."))
        if end_at - reservation.start_at > MAX_RESERVATION:
            raise ParkingError.time_invalid(_("A booking can be at most 24 hours long."))
        place = selectors.place_get(place_id=reservation.place_id, lock=True)
        if (
            selectors.place_free_slots(
                place=place, start=old_end, end=end_at, exclude=reservation.id
            )
            < 1
        ):
            weekly, dated = selectors.place_schedule(place=place)
            if not windows.covers(windows=weekly, exceptions=dated, start=old_end, end=end_at):
                raise ParkingError.place_closed()
            raise ParkingError.place_full()
        total = selectors.price_krw(place=place, start=reservation.start_at, end=end_at)
        extra = max(0, total - reservation.price_krw)
        reservation.end_at = end_at
        reservation.price_krw = reservation.price_krw + extra
        reservation.reminder_sent_at = None
        reservation.save(update_fields=["end_at", "price_krw", "reminder_sent_at", "updated_at"])
        charge = ReservationCharge.objects.create(
            reservation=reservation,
            kind=ReservationCharge.Kind.EXTENSION,
            amount_krw=extra,
            idempotency_key=key,
            fingerprint=fingerprint,
            previous_end_at=old_end,
            new_end_at=end_at,
            status=ReservationCharge.Status.PENDING if extra else ReservationCharge.Status.PAID,
        )
        if extra:
            _charge(reservation=reservation, charge=charge, start=old_end, end=end_at)
    return reservation


def reservation_cancel(
    *, user: User, reservation_id: UUID | str, now: datetime | None = None
) -> Reservation:
    """Cancel before the start: paid charges come back by the place's refund rule (data: e.g. all
    until an hour before, half after); an unpaid booking is simply dropped. Cancelling twice
    returns the first cancellation."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = selectors.reservation_get_for_user(
            user=user, reservation_id=reservation_id, lock=True
        )
        if reservation.status == Reservation.Status.CANCELLED:
            return reservation
        if reservation.status not in selectors.ACTIVE:
            raise ParkingError.reservation_wrong_state(status=reservation.status)
        if now >= reservation.start_at:
            raise ParkingError.reservation_started()
        percent = selectors.refund_percent(
            rule=reservation.place.refund_rule or settings.PARKING_SHARING_REFUND_RULE,
            minutes_before_start=(reservation.start_at - now).total_seconds() / 60,
        )
        refunded = 0
        for charge in reservation.charges.select_for_update().order_by("created_at"):
            if charge.status == ReservationCharge.Status.PENDING and charge.order_id:
                payments.cancel(order_id=charge.order_id)
                charge.status = ReservationCharge.Status.CANCELLED
                charge.save(update_fields=["status", "updated_at"])
            elif charge.status == ReservationCharge.Status.PAID and charge.order_id:
                amount = charge.amount_krw * percent // 100 - charge.refunded_krw
                if amount > 0:
                    payments.refund(
                        order_id=charge.order_id,
                        amount_krw=amount,
                        reason=f"parking: booking cancelled {percent}% refund",
                        idempotency_key=f"parking-refund:{charge.id}",
                    )
                    charge.refunded_krw += amount
                    charge.refunded_at = now
                    charge.save(update_fields=["refunded_krw", "refunded_at", "updated_at"])
                    refunded += amount
        reservation.status = Reservation.Status.CANCELLED
        reservation.cancelled_at = now
        reservation.refunded_krw += refunded
        reservation.save(update_fields=["status", "cancelled_at", "refunded_krw", "updated_at"])
    return reservation


def reservation_charge_paid(order_id: UUID, reference: str) -> None:
    """payments' paid hook (a booking paid later, on the phone): the charge is paid, the booking
    confirmed. A booking that expired meanwhile is refunded in full."""
    with transaction.atomic():
        charge = (
            ReservationCharge.objects.select_for_update()
            .select_related("reservation")
            .filter(id=reference, order_id=order_id)
            .first()
        )
        if charge is None or charge.status == ReservationCharge.Status.PAID:
            return
        late = charge.status == ReservationCharge.Status.CANCELLED
        charge.status = ReservationCharge.Status.PAID
        charge.paid_at = timezone.now()
        charge.save(update_fields=["status", "paid_at", "updated_at"])
        reservation = charge.reservation
        if late:
            payments.refund(
                order_id=order_id,
                reason="parking: paid after the booking had expired",
                idempotency_key=f"parking-refund:{charge.id}",
            )
            charge.refunded_krw = charge.amount_krw
            charge.refunded_at = timezone.now()
            charge.save(update_fields=["refunded_krw", "refunded_at", "updated_at"])
        elif reservation.status == Reservation.Status.PENDING:
            reservation.status = Reservation.Status.CONFIRMED
            reservation.save(update_fields=["status", "updated_at"])


def reservation_expire_unpaid(*, now: datetime | None = None) -> int:
    """Charges left unpaid longer than ``PARKING_SHARING_HOLD_MINUTES`` give their time back: an
    unpaid booking expires, an unpaid extension's end moves back. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PARKING_SHARING_HOLD_MINUTES)
    count = 0
    stale = ReservationCharge.objects.filter(
        status=ReservationCharge.Status.PENDING, created_at__lt=cutoff
    ).values_list("id", flat=True)
    for charge_id in list(stale):
        with transaction.atomic():
            charge = (
                ReservationCharge.objects.select_for_update()
                .select_related("reservation")
                .filter(id=charge_id, status=ReservationCharge.Status.PENDING)
                .first()
            )
            if charge is None:
                continue
            if charge.order_id:
                try:
                    payments.cancel(order_id=charge.order_id)
                except ApplicationError:
                    continue  # paid in the meantime: the paid hook confirms it
            charge.status = ReservationCharge.Status.CANCELLED
            charge.save(update_fields=["status", "updated_at"])
            reservation = Reservation.objects.select_for_update().get(id=charge.reservation_id)
            if charge.kind == ReservationCharge.Kind.BOOKING:
                if reservation.status == Reservation.Status.PENDING:
                    reservation.status = Reservation.Status.EXPIRED
                    reservation.save(update_fields=["status", "updated_at"])
            elif charge.previous_end_at and reservation.end_at == charge.new_end_at:
                reservation.end_at = charge.previous_end_at
                reservation.price_krw -= charge.amount_krw
                reservation.save(update_fields=["end_at", "price_krw", "updated_at"])
            count += 1
    return count


def reservation_remind(*, now: datetime | None = None) -> int:
    """Tell drivers ``PARKING_SHARING_REMINDER_MINUTES`` before their time ends (once per end:
    an extension earns a new reminder). Returns how many were told."""
    now = now or timezone.now()
    soon = now + timedelta(minutes=settings.PARKING_SHARING_REMINDER_MINUTES)
    due = Reservation.objects.filter(
        status=Reservation.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        user__isnull=False,
        start_at__lte=now,
        end_at__gt=now,
        end_at__lte=soon,
    ).select_related("place", "user")
    told = 0
    for reservation in due:
        # claim it first: two job runs never send the same reminder twice
        if not Reservation.objects.filter(id=reservation.id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            continue
        assert reservation.user is not None
        place = reservation.place
        minutes = max(1, round((reservation.end_at - now).total_seconds() / 60))
        ends = timezone.localtime(reservation.end_at).strftime("%H:%M")
        notifications.notify(
            user=reservation.user,
            kind="parking",
            title_ko="공유주차 종료 예정",
            title_en="Shared parking ends soon",
            body_ko=f"{place.name_ko or place.name}: {minutes}분 뒤({ends})에 예약 시간이 "
            f"끝나요. 앱에서 연장할 수 있어요.",
            body_en=f"{place.name_en or place.name}: your booking ends in {minutes} min "
            f"({ends}). You can extend it in the app.",
            data={"reservation_id": str(reservation.id), "path": "/services/parking/bookings"},
        )
        told += 1
    return told


# --- hosts list their places --------------------------------------------------------------------


def place_create(
    *,
    user: User,
    name_ko: str,
    name_en: str,
    address: str,
    lat: float,
    lon: float,
    capacity: int,
    unit_minutes: int,
    unit_krw: int,
    windows_spec: list[dict[str, Any]],
) -> SharedPlace:
    """A host (role parking_host, linked to a ParkingHost in admin) lists a place with its weekly
    windows."""
    host = ParkingHost.objects.filter(user=user).first()
    if host is None:
        raise ParkingError.host_not_linked()
    with transaction.atomic():
        place = SharedPlace.objects.create(
            host=host,
            name=name_ko,
            name_ko=name_ko,
            name_en=name_en or name_ko,
            address=address,
            lat=lat,
            lon=lon,
            capacity=capacity,
            unit_minutes=unit_minutes,
            unit_krw=unit_krw,
        )
        PlaceWindow.objects.bulk_create(
            PlaceWindow(place=place, weekday=w["weekday"], start=w["start"], end=w["end"])
            for w in windows_spec
        )
    return place


def place_exception_add(
    *,
    user: User,
    place_id: UUID | str,
    day: date,
    closed: bool,
    start: time | None,
    end: time | None,
    note: str = "",
) -> PlaceException:
    """A closed day (or hours) or an extra opening. Bookings already made are kept: the host
    cancels with the driver if needed."""
    place = selectors.place_get_for_host(user=user, place_id=place_id)
    if not closed and (start is None or end is None):
        raise ParkingError.time_invalid(_("An extra opening needs its hours."))
    return PlaceException.objects.create(
        place=place, date=day, closed=closed, start=start, end=end, note=note[:200]
    )


# --- parking-sharing operators: their usage, in -------------------------------------------------


class OperatorUsage(TypedDict):
    session_id: str
    lot_code: str
    place_id: UUID | None
    plate_hash: str
    start_at: datetime
    end_at: datetime | None


def operator_usage_record(*, device: Device, sessions: list[OperatorUsage]) -> list[dict[str, str]]:
    """Store an operator's sessions, keyed by their session id: the same session sent again is
    ``unchanged``; with a new end (or other change) ``updated``; else ``created``. A session at a
    lot or place we do not know is ``unknown_place``."""
    lots = {
        lot.code: lot.id
        for lot in ParkingLot.objects.filter(
            code__in={s["lot_code"] for s in sessions if s["lot_code"]}
        )
    }
    places = set(
        SharedPlace.objects.filter(
            id__in={s["place_id"] for s in sessions if s["place_id"]}
        ).values_list("id", flat=True)
    )
    results = []
    for item in sessions:
        lot_id = lots.get(item["lot_code"]) if item["lot_code"] else None
        place_id = item["place_id"] if item["place_id"] in places else None
        if lot_id is None and place_id is None:
            results.append({"session_id": item["session_id"], "result": "unknown_place"})
            continue
        fingerprint = request_fingerprint(
            lot=str(lot_id or ""),
            place=str(place_id or ""),
            plate_hash=item["plate_hash"],
            start=item["start_at"].isoformat(),
            end=item["end_at"].isoformat() if item["end_at"] else None,
        )
        fields = {
            "lot_id": lot_id,
            "place_id": place_id,
            "plate_hash": item["plate_hash"],
            "start_at": item["start_at"],
            "end_at": item["end_at"],
            "fingerprint": fingerprint,
        }
        with transaction.atomic():
            session, created = OperatorSession.objects.select_for_update().get_or_create(
                device=device, session_id=item["session_id"], defaults=fields
            )
            if created:
                result = "created"
            elif session.fingerprint == fingerprint:
                result = "unchanged"
            else:
                OperatorSession.objects.filter(id=session.id).update(**fields)
                result = "updated"
        results.append({"session_id": item["session_id"], "result": result})
    return results
