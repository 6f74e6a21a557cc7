"""Writes: addresses, courier intake with atomic locker assignment, missions and their state
machine, machine telemetry, commands, the unclaimed/undeliverable rule, notifications at every step
and the demo simulator."""

from __future__ import annotations

import logging
import math
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts import facade as accounts
from apps.core.events import publish
from apps.core.geo import haversine_m, point_in_geojson
from apps.core.idempotency import idempotent_create, request_fingerprint
from apps.core.travel_time import road_leg
from apps.notifications import facade as notifications

from . import modes, selectors
from .errors import LogisticsError
from .geocoding import geocoder
from .models import (
    SIZE_ORDER,
    DeliveryAddress,
    DeliveryMode,
    Hub,
    Locker,
    Machine,
    MachineCommand,
    MachineEvent,
    Mission,
    Parcel,
    ParcelEvent,
    ParcelSize,
    ServiceArea,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.core.devices.models import Device

logger = logging.getLogger(__name__)

MS = Mission.Status
PS = Parcel.Status
EV = ParcelEvent.Kind

# the mission state machine: planned → loading → departed → en route → arrived → handed over,
# with failed / returned possible from every state a machine can be in once it holds the parcel
TRANSITIONS: dict[str, set[str]] = {
    MS.PLANNED: {MS.LOADING, MS.FAILED},
    MS.LOADING: {MS.DEPARTED, MS.FAILED},
    MS.DEPARTED: {MS.EN_ROUTE, MS.ARRIVED, MS.FAILED, MS.RETURNED},
    MS.EN_ROUTE: {MS.ARRIVED, MS.FAILED, MS.RETURNED},
    MS.ARRIVED: {MS.HANDED_OVER, MS.FAILED, MS.RETURNED},
    MS.HANDED_OVER: set(),
    MS.FAILED: set(),
    MS.RETURNED: set(),
}
ACTIVE = (MS.PLANNED, MS.LOADING, MS.DEPARTED, MS.EN_ROUTE, MS.ARRIVED)
ENDED = (MS.HANDED_OVER, MS.FAILED, MS.RETURNED)

# which travel-time kind each mode moves at (apps.core.travel_time)
TRAVEL_KIND = {
    DeliveryMode.DRONE: "drone",
    DeliveryMode.ROBOT_DOG: "robot",
    DeliveryMode.ROBOT: "robot",
}
BATTERY_RESERVE = 15  # percent kept after the round trip
ARRIVING_WITHIN_M = 300

TEMPERATURE_FOR_KIND: dict[str, str] = {
    Parcel.Kind.FRESH: Locker.Temperature.CHILLED,
    Parcel.Kind.FROZEN: Locker.Temperature.FROZEN,
}


def parcel_group(parcel_id: UUID | str) -> str:
    return f"parcel.{parcel_id}"


def _code(length: int = 6) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(length))


def _tracking_code() -> str:
    alphabet = string.ascii_uppercase.replace("O", "").replace("I", "") + "23456789"
    return "GH" + "".join(secrets.choice(alphabet) for _ in range(10))


# --- addresses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressCheck:
    lat: float
    lon: float
    matched: str  # what the geocoder matched
    area: ServiceArea
    options: list[modes.ModeOption]


def area_for_point(*, lat: float, lon: float) -> ServiceArea | None:
    for area in ServiceArea.objects.filter(is_active=True).select_related("hub"):
        try:
            if point_in_geojson(lat, lon, area.geometry):
                return area
        except Exception:  # a broken polygon in admin must not break everyone's check
            logger.warning("service area %s has an invalid boundary", area.code)
    return None


def location_consent_check(*, user: User) -> None:
    """An address and its point are location information (위치정보법): the location consent first."""
    if not accounts.user_has_consent(user_id=user.id, kind="location"):
        raise LogisticsError.location_consent_required()


def address_check(*, road_address: str, detail: str = "") -> AddressCheck:
    """Geocode, check the service area, list the modes: stores nothing."""
    found = geocoder().geocode(road_address)
    if found is None:
        raise LogisticsError.address_not_found()
    area = area_for_point(lat=found.latitude, lon=found.longitude)
    if area is None:
        raise LogisticsError.outside_service_area()
    return AddressCheck(
        lat=found.latitude,
        lon=found.longitude,
        matched=found.address,
        area=area,
        options=modes.options_for_area(area=area),
    )


@transaction.atomic
def address_register(*, user: User, road_address: str, detail: str, mode: str) -> DeliveryAddress:
    """Register or update the resident's address, keyed to the account's verified mobile number.
    Outside the service area, or a mode not possible there: refused, nothing stored."""
    phone = accounts.user_verified_phone(user_id=user.id)
    if not phone:
        raise LogisticsError.phone_not_verified()
    location_consent_check(user=user)
    check = address_check(road_address=road_address, detail=detail)
    if not modes.mode_possible(area=check.area, mode=mode):
        raise LogisticsError.mode_not_possible(mode=mode)
    address = DeliveryAddress.objects.select_for_update().filter(user=user).first()
    if address is None:
        # the number may still be held by an address of an erased or changed account
        DeliveryAddress.objects.filter(phone=phone).delete()
        address = DeliveryAddress(user=user, phone=phone)
    address.phone = phone
    address.road_address = road_address.strip()
    address.detail = detail.strip()
    address.lat, address.lon = check.lat, check.lon
    address.area = check.area
    address.mode = mode
    address.save()
    # parcels already sent to this number (the SMS link) become the resident's, and those still
    # waiting follow the option saved now
    Parcel.objects.filter(recipient_phone=phone, recipient__isnull=True).update(recipient=user)
    Parcel.objects.filter(recipient=user, status=PS.AT_HUB, missions__isnull=True).update(
        mode=mode, area=check.area
    )
    return address


@transaction.atomic
def address_delete(*, user: User) -> None:
    deleted, _rows = DeliveryAddress.objects.filter(user=user).delete()
    if not deleted:
        raise LogisticsError.address_not_registered()


# --- notifications --------------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str, str, str]] = {
    # kind: title_ko, title_en, body_ko, body_en ({hub}, {locker}, {code}, {eta}, {mode_*})
    EV.ARRIVED_AT_HUB: (
        "택배가 거점에 도착했어요",
        "Your parcel is at the hub",
        "{hub}에 도착했어요. {next_ko}",
        "It arrived at {hub_en}. {next_en}",
    ),
    EV.DEPARTED: (
        "택배가 출발했어요",
        "Your parcel is on its way",
        "{mode_ko}이(가) 출발했어요. 도착 예정 {eta}.",
        "The {mode_en} left the hub. Expected at {eta}.",
    ),
    EV.ARRIVING: (
        "곧 도착해요",
        "Arriving soon",
        "{mode_ko}이(가) 곧 도착해요.",
        "The {mode_en} is nearly there.",
    ),
    EV.DELIVERED: (
        "배송 완료",
        "Delivered",
        "택배를 전달했어요. 이용해 주셔서 고마워요.",
        "Your parcel was delivered. Thank you.",
    ),
    EV.COLLECTED: (
        "택배를 찾았어요",
        "Parcel collected",
        "보관함에서 택배를 찾았어요.",
        "You collected your parcel from the locker.",
    ),
    EV.RETRY: (
        "배송을 다시 시도해요",
        "Delivery will be tried again",
        "이번에는 전달하지 못했어요. 곧 다시 배송해요.",
        "We could not deliver it this time and will try again soon.",
    ),
    EV.HELD: (
        "거점 보관함에서 찾아 가세요",
        "Collect it at the hub",
        "배송하지 못해 {hub}에 보관해요. 찾는 코드: {code}",
        "We could not deliver it, so it waits at {hub_en}. Pick-up code: {code}",
    ),
    EV.RETURNED: (
        "택배가 반송됐어요",
        "Parcel returned",
        "찾아가지 않아 보낸 곳으로 돌려보냈어요.",
        "It was not collected in time and went back to the sender.",
    ),
}

MODE_NAMES: dict[str, tuple[str, str]] = {
    DeliveryMode.DRONE: ("드론", "drone"),
    DeliveryMode.ROBOT_DOG: ("로봇 개", "robot dog"),
    DeliveryMode.ROBOT: ("사륜 로봇", "four-wheel robot"),
    DeliveryMode.LOCKER: ("보관함", "locker"),
}


def _clock(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else "—"


def _message_context(parcel: Parcel, eta: datetime | None = None) -> dict[str, str]:
    hub = parcel.hub
    mode_ko, mode_en = MODE_NAMES.get(parcel.mode, ("", ""))
    locker = parcel.locker.code if parcel.locker_id and parcel.locker else ""
    if parcel.mode == DeliveryMode.LOCKER:
        next_ko = f"보관함 {locker}, 찾는 코드 {parcel.pickup_code}" if locker else ""
        next_en = f"Locker {locker}, pick-up code {parcel.pickup_code}" if locker else ""
    else:
        next_ko = f"곧 {mode_ko}(으)로 배송해요."
        next_en = f"It will come by {mode_en} soon."
    return {
        "hub": hub.name_ko or hub.name,
        "hub_en": hub.name_en or hub.name,
        "locker": locker,
        "code": parcel.pickup_code,
        "eta": _clock(eta),
        "mode_ko": mode_ko,
        "mode_en": mode_en,
        "next_ko": next_ko,
        "next_en": next_en,
    }


def parcel_status_payload(*, parcel: Parcel) -> dict[str, Any]:
    return {"id": str(parcel.id), "status": parcel.status, "mode": parcel.mode}


def _sms_text(parcel: Parcel, kind: str, language: str) -> str:
    link = (
        f"{settings.LOGISTICS_PUBLIC_URL.rstrip('/')}/services/parcels/track/{parcel.tracking_code}"
    )
    context = _message_context(parcel)
    with translation.override(language):
        if kind == EV.ARRIVED_AT_HUB:
            return _(
                "[Ieum] A parcel for you is at %(hub)s, locker %(locker)s. Pick-up code "
                "%(code)s. Track it or register a delivery address: %(link)s"
            ) % {
                "hub": context["hub"] if language == "ko" else context["hub_en"],
                "locker": context["locker"] or "-",
                "code": parcel.pickup_code,
                "link": link,
            }
        title_ko, title_en, *_rest = MESSAGES[kind]
        return f"[Ieum] {title_ko if language == 'ko' else title_en}: {link}"


def _tell(parcel: Parcel, kind: str, *, eta: datetime | None = None) -> None:
    """Record a timeline line and tell the recipient: the inbox/WebSocket/phone push for an
    account, an SMS (with the tracking link and the pick-up code) for a number without one."""
    ParcelEvent.objects.create(parcel=parcel, kind=kind)
    publish(parcel_group(parcel.id), "parcel.status", parcel_status_payload(parcel=parcel))
    title_ko, title_en, body_ko, body_en = MESSAGES[kind]
    context = _message_context(parcel, eta)
    if parcel.recipient_id:
        recipient = get_user_model().objects.filter(pk=parcel.recipient_id, is_active=True).first()
        if recipient is not None:
            notifications.notify(
                user=recipient,
                kind="logistics",
                title_ko=title_ko,
                title_en=title_en,
                body_ko=body_ko.format(**context),
                body_en=body_en.format(**context),
                data={"parcel_id": str(parcel.id), "event": kind},
            )
            return
    if kind in (EV.ARRIVED_AT_HUB, EV.DELIVERED, EV.HELD, EV.RETURNED):
        phone, tracking = parcel.recipient_phone, parcel
        transaction.on_commit(
            lambda: accounts.sms_send(phone=phone, text=_sms_text(tracking, kind, "ko"))
        )


# --- courier intake -------------------------------------------------------------------------------


def _locker_take(*, hub: Hub, kind: str, size: str) -> Locker | None:
    """The smallest free locker of the right temperature that fits, locked; rows another
    transaction is taking are skipped (PostgreSQL), so parallel intakes never share a locker."""
    temperature = TEMPERATURE_FOR_KIND.get(kind, Locker.Temperature.AMBIENT)
    for candidate in ParcelSize:
        if SIZE_ORDER[candidate] < SIZE_ORDER[ParcelSize(size)]:
            continue
        locker = (
            Locker.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                bank__hub=hub,
                status=Locker.Status.FREE,
                temperature=temperature,
                size=candidate,
            )
            .order_by("bank__code", "code")
            .first()
        )
        if locker is not None:
            # compare-and-swap as well: SQLite has no row locks
            if Locker.objects.filter(pk=locker.pk, status=Locker.Status.FREE).update(
                status=Locker.Status.OCCUPIED
            ):
                locker.status = Locker.Status.OCCUPIED
                return locker
    return None


def parcel_intake(
    *,
    courier: User | None,
    hub_id: UUID | str,
    kind: str,
    size: str,
    recipient_phone: str,
    weight_g: int = 1000,
    sender: str = "",
    is_demo: bool = False,
    idempotency_key: str = "",
) -> Parcel:
    """A courier stores a parcel: a free suitable locker is assigned atomically, the recipient is
    found by number (or texted), and told. With the courier's ``idempotency_key`` a retried intake
    returns the first parcel (the same key with another parcel: 409 ``idempotency_key_reused``)."""
    phone = accounts.phone_normalized(phone=recipient_phone)
    if phone is None:
        raise LogisticsError.phone_invalid()
    hub = selectors.hub_get(hub_id=hub_id)
    if not idempotency_key or courier is None:
        return _parcel_intake(
            courier=courier,
            hub=hub,
            kind=kind,
            size=size,
            phone=phone,
            weight_g=weight_g,
            sender=sender,
            is_demo=is_demo,
            key="",
            fingerprint="",
        )
    fingerprint = request_fingerprint(
        hub=str(hub.id), kind=kind, size=size, phone=phone, weight_g=weight_g, sender=sender
    )

    def find() -> tuple[Parcel, str] | None:
        found = Parcel.objects.filter(courier=courier, intake_key=idempotency_key).first()
        return (found, found.intake_fingerprint) if found is not None else None

    parcel, _created = idempotent_create(
        fingerprint=fingerprint,
        find=find,
        create=lambda: _parcel_intake(
            courier=courier,
            hub=hub,
            kind=kind,
            size=size,
            phone=phone,
            weight_g=weight_g,
            sender=sender,
            is_demo=is_demo,
            key=idempotency_key,
            fingerprint=fingerprint,
        ),
    )
    return parcel


def _parcel_intake(
    *,
    courier: User | None,
    hub: Hub,
    kind: str,
    size: str,
    phone: str,
    weight_g: int,
    sender: str,
    is_demo: bool,
    key: str,
    fingerprint: str,
) -> Parcel:
    with transaction.atomic():
        locker = _locker_take(hub=hub, kind=kind, size=size)
        if locker is None:
            raise LogisticsError.no_free_locker()
        recipient_id = accounts.user_id_for_phone(phone=phone)
        address = (
            DeliveryAddress.objects.filter(user_id=recipient_id).select_related("area").first()
            if recipient_id
            else None
        )
        mode = DeliveryMode.LOCKER
        area = None
        if address is not None:
            area = address.area
            if address.area.hub_id == hub.id:
                mode = DeliveryMode(address.mode)
        parcel = Parcel.objects.create(
            tracking_code=_tracking_code(),
            recipient_phone=phone,
            recipient_id=recipient_id,
            courier=courier,
            sender=sender,
            kind=kind,
            size=size,
            weight_g=weight_g,
            hub=hub,
            locker=locker,
            mode=mode,
            area=area,
            pickup_code=_code(),
            handover_code=_code(),
            is_demo=is_demo,
            intake_key=key,
            intake_fingerprint=fingerprint,
        )
        _tell(parcel, EV.ARRIVED_AT_HUB)
    return parcel


@transaction.atomic
def parcel_collect(*, hub_ids: list[UUID] | None, tracking_code: str, pickup_code: str) -> Parcel:
    """The recipient opens the locker with the pick-up code (at the hub's kiosk or with staff)."""
    parcel = (
        Parcel.objects.select_for_update()
        .filter(tracking_code=tracking_code.strip().upper())
        .first()
    )
    if parcel is None or (hub_ids is not None and parcel.hub_id not in hub_ids):
        raise LogisticsError.parcel_not_found()
    if parcel.status not in (PS.AT_HUB, PS.HELD):
        raise LogisticsError.parcel_not_waiting()
    if not secrets.compare_digest(parcel.pickup_code, pickup_code.strip()):
        raise LogisticsError.pickup_code_invalid()
    _locker_release(parcel)
    parcel.status = PS.COLLECTED
    parcel.finished_at = timezone.now()
    parcel.save(update_fields=["status", "finished_at", "locker", "updated_at"])
    _tell(parcel, EV.COLLECTED)
    return parcel


def _locker_release(parcel: Parcel) -> None:
    if parcel.locker_id:
        Locker.objects.filter(pk=parcel.locker_id, status=Locker.Status.OCCUPIED).update(
            status=Locker.Status.FREE
        )
        parcel.locker = None


# --- missions -------------------------------------------------------------------------------------


def _battery_needed(*, metres: int, range_m: int) -> int:
    return math.ceil(2 * metres / max(range_m, 1) * 100) + BATTERY_RESERVE


@transaction.atomic
def mission_plan(*, parcel_id: UUID | str) -> Mission:
    """Assign a machine to a parcel waiting at its hub: the machine kind its saved mode needs, at
    that hub, free, carrying the weight, with battery and range for the round trip."""
    parcel = Parcel.objects.select_for_update().filter(pk=parcel_id).first()
    if parcel is None:
        raise LogisticsError.parcel_not_found()
    if parcel.status != PS.AT_HUB or parcel.mode == DeliveryMode.LOCKER:
        raise LogisticsError.parcel_not_waiting()
    if Mission.objects.filter(parcels=parcel, status__in=ACTIVE).exists():
        raise LogisticsError.parcel_not_waiting()
    address = (
        DeliveryAddress.objects.filter(user_id=parcel.recipient_id).first()
        if parcel.recipient_id
        else None
    )
    if address is None:
        raise LogisticsError.address_not_registered()
    if not modes.mode_possible(area=address.area, mode=parcel.mode):
        raise LogisticsError.mode_not_possible(mode=parcel.mode)
    hub = parcel.hub
    kind = TRAVEL_KIND[DeliveryMode(parcel.mode)]
    leg = road_leg((hub.lat, hub.lon), (address.lat, address.lon), kind=kind)
    candidates = (
        Machine.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            hub=hub,
            kind=modes.MACHINE_KIND[DeliveryMode(parcel.mode)],
            status=Machine.Status.AVAILABLE,
            payload_g__gte=parcel.weight_g,
            range_m__gte=2 * leg.metres,
        )
        .order_by("-battery_percent", "code")
    )
    machine = next(
        (
            m
            for m in candidates
            if m.battery_percent >= _battery_needed(metres=leg.metres, range_m=m.range_m)
            and not m.missions.filter(status__in=ACTIVE).exists()
        ),
        None,
    )
    if machine is None:
        raise LogisticsError.no_machine_available()
    mission = Mission.objects.create(
        machine=machine,
        mode=parcel.mode,
        hub=hub,
        area=address.area,
        dest_lat=address.lat,
        dest_lon=address.lon,
        distance_m=leg.metres,
        planned_seconds=leg.seconds,
    )
    mission.parcels.add(parcel)
    Machine.objects.filter(pk=machine.pk).update(status=Machine.Status.ON_TRIP)
    return mission


def missions_dispatch() -> int:
    """Plan missions for parcels waiting for a machine (periodic). Returns how many were planned."""
    now = timezone.now()
    waiting = (
        Parcel.objects.filter(status=PS.AT_HUB, recipient__isnull=False)
        .exclude(mode=DeliveryMode.LOCKER)
        .exclude(next_attempt_at__gt=now)
        .exclude(missions__status__in=ACTIVE)
        .values_list("id", flat=True)
    )
    planned = 0
    for parcel_id in list(waiting):
        try:
            mission_plan(parcel_id=parcel_id)
            planned += 1
        except LogisticsError:
            continue
    return planned


def _mission_locked(mission_id: UUID | str) -> Mission:
    mission = Mission.objects.select_for_update().filter(pk=mission_id).first()
    if mission is None:
        raise LogisticsError.mission_not_found()
    return mission


@transaction.atomic
def mission_advance(
    *, mission_id: UUID | str, to: str, reason: str = "", now: datetime | None = None
) -> Mission:
    """Move a mission along its state machine (illegal moves are refused, nothing changes) and
    apply what each step means for the parcels, the lockers, the machine and the recipient."""
    now = now or timezone.now()
    mission = _mission_locked(mission_id)
    if to not in TRANSITIONS.get(mission.status, set()):
        raise LogisticsError.transition_not_allowed(current=mission.status, wanted=to)
    mission.status = to
    parcels = list(mission.parcels.select_for_update(of=("self",)).select_related("hub", "locker"))
    fields = ["status", "updated_at"]
    if to == MS.DEPARTED:
        mission.departed_at = now
        mission.eta = now + timedelta(seconds=mission.planned_seconds)
        fields += ["departed_at", "eta"]
        for parcel in parcels:
            _locker_release(parcel)
            parcel.status = PS.OUT_FOR_DELIVERY
            parcel.attempts += 1
            parcel.save(update_fields=["status", "locker", "attempts", "updated_at"])
            _tell(parcel, EV.DEPARTED, eta=mission.eta)
    elif to == MS.HANDED_OVER:
        mission.ended_at = now
        fields.append("ended_at")
        for parcel in parcels:
            parcel.status = PS.DELIVERED
            parcel.finished_at = now
            parcel.save(update_fields=["status", "finished_at", "updated_at"])
            _tell(parcel, EV.DELIVERED)
    elif to in (MS.FAILED, MS.RETURNED):
        mission.ended_at = now
        mission.failure_reason = reason[:200]
        fields += ["ended_at", "failure_reason"]
        for parcel in parcels:
            _parcel_back_at_hub(parcel, now=now)
    mission.save(update_fields=fields)
    if to in ENDED:
        Machine.objects.filter(pk=mission.machine_id).exclude(
            status=Machine.Status.NON_OPERATIONAL
        ).update(status=Machine.Status.AVAILABLE)
    for parcel in parcels:
        publish(parcel_group(parcel.id), "parcel.status", parcel_status_payload(parcel=parcel))
    return mission


def _parcel_back_at_hub(parcel: Parcel, *, now: datetime) -> None:
    """The undeliverable rule: try again later, up to LOGISTICS_MAX_ATTEMPTS; then hold it in a
    locker for collection with the pick-up code."""
    if parcel.status not in (PS.OUT_FOR_DELIVERY, PS.AT_HUB):
        return
    if parcel.locker_id is None:
        parcel.locker = _locker_take(hub=parcel.hub, kind=parcel.kind, size=parcel.size)
    if parcel.attempts < settings.LOGISTICS_MAX_ATTEMPTS:
        parcel.status = PS.AT_HUB
        parcel.next_attempt_at = now + timedelta(minutes=settings.LOGISTICS_RETRY_MINUTES)
        parcel.save(update_fields=["status", "locker", "next_attempt_at", "updated_at"])
        _tell(parcel, EV.RETRY)
        return
    parcel.status = PS.HELD
    parcel.mode = DeliveryMode.LOCKER
    parcel.next_attempt_at = None
    parcel.save(update_fields=["status", "mode", "locker", "next_attempt_at", "updated_at"])
    _tell(parcel, EV.HELD)


@transaction.atomic
def parcels_unclaimed_return(*, now: datetime | None = None) -> int:
    """The unclaimed rule (periodic): a parcel waiting in a locker longer than LOGISTICS_HOLD_DAYS
    goes back to the sender; its locker is freed and the recipient told."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.LOGISTICS_HOLD_DAYS)
    due = Parcel.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        status__in=(PS.AT_HUB, PS.HELD), arrived_at__lt=cutoff
    )
    returned = 0
    for parcel in due.select_related("hub", "locker"):
        if parcel.missions.filter(status__in=ACTIVE).exists():
            continue
        _locker_release(parcel)
        parcel.status = PS.RETURNED
        parcel.finished_at = now
        parcel.save(update_fields=["status", "locker", "finished_at", "updated_at"])
        _tell(parcel, EV.RETURNED)
        returned += 1
    return returned


@transaction.atomic
def logistics_retention_apply(*, now: datetime | None = None) -> int:
    """The retention rule (daily): parcels finished more than LOGISTICS_RETENTION_DAYS ago keep
    their delivery record for the statistics but lose the person (account, number, codes); machine
    positions older than that are deleted (a trail of positions shows where people live)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.LOGISTICS_RETENTION_DAYS)
    stripped = (
        Parcel.objects.filter(finished_at__lt=cutoff)
        .exclude(recipient_phone="", recipient__isnull=True)
        .update(recipient=None, recipient_phone="", pickup_code="", handover_code="")
    )
    MachineEvent.objects.filter(at__lt=cutoff).delete()
    return stripped


# --- machines: telemetry, events, commands --------------------------------------------------------

# MDS 2.0 event types a delivery machine reports, and the mission step each one means
EVENT_STEP = {
    "trip_start": MS.DEPARTED,
    "trip_end": MS.ARRIVED,
    "order_drop_off": MS.HANDED_OVER,
    "customer_cancellation": MS.RETURNED,  # nobody took it: the machine brings it back
    "provider_cancellation": MS.FAILED,  # the machine cannot go on
}
EVENT_TYPES = (
    "located",
    "trip_start",
    "trip_pause",
    "trip_resume",
    "trip_end",
    "order_drop_off",
    "customer_cancellation",
    "provider_cancellation",
    "battery_low",
    "battery_charged",
    "charging_start",
    "charging_end",
    "comms_lost",
    "comms_restored",
    "maintenance_start",
    "maintenance_end",
)
VEHICLE_STATES = ("available", "non_operational", "reserved", "on_trip", "stopped", "elsewhere")
MACHINE_STATUS_FOR_STATE = {
    "available": Machine.Status.AVAILABLE,
    "non_operational": Machine.Status.NON_OPERATIONAL,
    "on_trip": Machine.Status.ON_TRIP,
    "stopped": Machine.Status.PAUSED,
}


def machine_for_device(*, device: Device) -> Machine:
    machine = Machine.objects.filter(device=device).first()
    if machine is None:
        raise LogisticsError.machine_not_found()
    return machine


def machine_active_mission(*, machine: Machine) -> Mission | None:
    return machine.missions.filter(status__in=ACTIVE).order_by("created_at").first()


def machine_events_record(*, device: Device, events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Telemetry and events from a signed machine. Each event is applied once (its event_id);
    positions go to the parcel's live socket; mission steps follow the event types."""
    machine = machine_for_device(device=device)
    results = []
    for event in sorted(events, key=lambda e: e["timestamp"]):
        results.append({"event_id": str(event["event_id"]), "result": _event_apply(machine, event)})
    return results


@transaction.atomic
def _event_apply(machine: Machine, event: dict[str, Any]) -> str:
    machine = Machine.objects.select_for_update().get(pk=machine.pk)
    mission = machine_active_mission(machine=machine)
    location = event.get("location") or {}
    lat, lon = location.get("lat"), location.get("lng")
    try:
        with transaction.atomic():
            MachineEvent.objects.create(
                machine=machine,
                mission=mission,
                event_id=event["event_id"],
                event_types=list(event["event_types"]),
                vehicle_state=event["vehicle_state"],
                lat=lat,
                lon=lon,
                battery_percent=event.get("battery_percent"),
                at=event["timestamp"],
            )
    except IntegrityError:
        return "duplicate"
    fields = ["last_seen_at"]
    machine.last_seen_at = event["timestamp"]
    if lat is not None and lon is not None:
        machine.lat, machine.lon = lat, lon
        fields += ["lat", "lon"]
    if event.get("battery_percent") is not None:
        machine.battery_percent = event["battery_percent"]
        fields.append("battery_percent")
    status = MACHINE_STATUS_FOR_STATE.get(event["vehicle_state"])
    if status and not (status == Machine.Status.AVAILABLE and mission is not None):
        machine.status = status
        fields.append("status")
    machine.save(update_fields=fields)
    result = "recorded"
    if mission is None:
        return result
    for kind in event["event_types"]:
        step = EVENT_STEP.get(kind)
        if step == MS.HANDED_OVER and mission.mode == DeliveryMode.ROBOT:
            # the four-wheel robot hands over face to face: the recipient's code must match
            codes = set(mission.parcels.values_list("handover_code", flat=True))
            if str(event.get("handover_code") or "") not in codes:
                raise LogisticsError.handover_code_invalid()
        if step == MS.DEPARTED and mission.status == MS.PLANNED:
            mission_advance(mission_id=mission.id, to=MS.LOADING)
        if step == MS.HANDED_OVER and mission.status in (MS.DEPARTED, MS.EN_ROUTE):
            mission_advance(mission_id=mission.id, to=MS.ARRIVED)
        if step:
            mission.refresh_from_db()
            if step not in TRANSITIONS[mission.status]:
                raise LogisticsError.event_not_allowed(event=kind)
            mission_advance(mission_id=mission.id, to=step, reason=kind)
            result = "applied"
    mission.refresh_from_db()
    if lat is not None and lon is not None and mission.status in (MS.DEPARTED, MS.EN_ROUTE):
        if mission.status == MS.DEPARTED:
            mission_advance(mission_id=mission.id, to=MS.EN_ROUTE)
            mission.refresh_from_db()
        _position_publish(mission, machine, lat, lon, event["timestamp"])
    return result


def _position_publish(
    mission: Mission, machine: Machine, lat: float, lon: float, at: datetime
) -> None:
    remaining = haversine_m(lat, lon, mission.dest_lat, mission.dest_lon)
    kind = TRAVEL_KIND[DeliveryMode(mission.mode)]
    seconds = road_leg((lat, lon), (mission.dest_lat, mission.dest_lon), kind=kind).seconds
    mission.eta = timezone.now() + timedelta(seconds=seconds)
    mission.save(update_fields=["eta", "updated_at"])
    for parcel in mission.parcels.select_related("hub", "locker"):
        publish(
            parcel_group(parcel.id),
            "parcel.position",
            {
                "id": str(parcel.id),
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "machine_kind": machine.kind,
                "eta": mission.eta.isoformat(),
                "at": at.isoformat(),
            },
        )
        if (
            remaining <= ARRIVING_WITHIN_M
            and not parcel.events.filter(
                kind=EV.ARRIVING, at__gte=mission.departed_at or mission.created_at
            ).exists()
        ):
            _tell(parcel, EV.ARRIVING, eta=mission.eta)


@transaction.atomic
def machine_command_issue(
    *, user: User | None, machine_id: UUID | str, kind: str
) -> MachineCommand:
    """Log a command for a machine (it fetches pending ones with its mission). Pausing shows the
    machine paused; returning to the hub ends its mission as returned (the parcels go back)."""
    machine = Machine.objects.select_for_update().filter(pk=machine_id).first()
    if machine is None:
        raise LogisticsError.machine_not_found()
    mission = machine_active_mission(machine=machine)
    command = MachineCommand.objects.create(
        machine=machine, mission=mission, kind=kind, issued_by=user
    )
    if kind == MachineCommand.Kind.PAUSE:
        machine.status = Machine.Status.PAUSED
    elif kind == MachineCommand.Kind.RESUME:
        machine.status = Machine.Status.ON_TRIP if mission else Machine.Status.AVAILABLE
    machine.save(update_fields=["status", "updated_at"])
    if kind == MachineCommand.Kind.RETURN_TO_HUB and mission is not None:
        if MS.RETURNED in TRANSITIONS[mission.status]:
            mission_advance(mission_id=mission.id, to=MS.RETURNED, reason="return_to_hub")
        elif mission.status in (MS.PLANNED, MS.LOADING):
            mission_advance(mission_id=mission.id, to=MS.FAILED, reason="return_to_hub")
    return command


def machine_commands_pending(*, machine: Machine) -> list[MachineCommand]:
    """Commands not yet fetched by the machine; fetching acknowledges them."""
    pending = list(machine.commands.filter(acknowledged_at__isnull=True).order_by("created_at"))
    MachineCommand.objects.filter(pk__in=[c.pk for c in pending]).update(
        acknowledged_at=timezone.now()
    )
    return pending


# --- the demo simulator (embedded default only) ---------------------------------------------------

SIM_STEP_SECONDS = 5


def simulate(*, now: datetime | None = None) -> int:
    """Drive the demo: plan missions, load and send machines, move them along the straight line
    towards the door (sped up ``LOGISTICS_SIMULATOR_SPEEDUP`` times), hand over; and keep one demo
    parcel on its way to the most recently registered address. Events go through the same path a
    real machine's events take. Returns how many missions moved."""
    now = now or timezone.now()
    _demo_parcel_ensure()
    missions_dispatch()
    moved = 0
    for mission in Mission.objects.filter(status__in=ACTIVE).select_related("machine", "hub"):
        machine = mission.machine
        if machine.device_id is None or machine.status == Machine.Status.PAUSED:
            continue
        try:
            _simulate_one(mission, machine, now)
            moved += 1
        except LogisticsError:
            logger.info("simulator: mission %s could not move", mission.id)
    return moved


def _sim_event(
    machine: Machine, types: list[str], state: str, lat: float, lon: float, **extra: Any
) -> None:
    _event_apply(
        machine,
        {
            "event_id": uuid.uuid4(),
            "event_types": types,
            "vehicle_state": state,
            "timestamp": timezone.now(),
            "location": {"lat": lat, "lng": lon},
            "battery_percent": max(machine.battery_percent - 1, 20),
            **extra,
        },
    )


def _simulate_one(mission: Mission, machine: Machine, now: datetime) -> None:
    hub = mission.hub
    if mission.status == MS.PLANNED:
        mission_advance(mission_id=mission.id, to=MS.LOADING)
        return
    if mission.status == MS.LOADING:
        _sim_event(machine, ["trip_start"], "on_trip", hub.lat, hub.lon)
        return
    if mission.status in (MS.DEPARTED, MS.EN_ROUTE):
        lat = machine.lat if machine.lat is not None else hub.lat
        lon = machine.lon if machine.lon is not None else hub.lon
        kind = TRAVEL_KIND[DeliveryMode(mission.mode)]
        left = road_leg((lat, lon), (mission.dest_lat, mission.dest_lon), kind=kind).seconds
        step = SIM_STEP_SECONDS * settings.LOGISTICS_SIMULATOR_SPEEDUP
        if left <= step:
            _sim_event(
                machine, ["located", "trip_end"], "on_trip", mission.dest_lat, mission.dest_lon
            )
            return
        share = step / left
        lat += (mission.dest_lat - lat) * share
        lon += (mission.dest_lon - lon) * share
        _sim_event(machine, ["located"], "on_trip", lat, lon)
        return
    if mission.status == MS.ARRIVED:
        code = mission.parcels.values_list("handover_code", flat=True).first() or ""
        _sim_event(
            machine,
            ["order_drop_off"],
            "available",
            mission.dest_lat,
            mission.dest_lon,
            handover_code=code,
        )
        Machine.objects.filter(pk=machine.pk).update(lat=hub.lat, lon=hub.lon, battery_percent=100)


def _demo_parcel_ensure() -> None:
    """One demo parcel at a time, for the most recently registered address (so whoever registers
    an address in `make run` sees a machine bring them one). Invented: labelled is_demo."""
    if Parcel.objects.filter(is_demo=True, status__in=(PS.AT_HUB, PS.OUT_FOR_DELIVERY)).exists():
        return
    last = Parcel.objects.filter(is_demo=True).order_by("-arrived_at").first()
    if last and last.arrived_at > timezone.now() - timedelta(
        seconds=settings.LOGISTICS_DEMO_PARCEL_EVERY
    ):
        return
    address = (
        DeliveryAddress.objects.exclude(mode=DeliveryMode.LOCKER)
        .select_related("area__hub")
        .order_by("-updated_at")
        .first()
    )
    if address is None or address.area.hub is None:
        return
    try:
        parcel_intake(
            courier=None,
            hub_id=address.area.hub.id,
            kind=Parcel.Kind.GENERAL,
            size=ParcelSize.S,
            recipient_phone=address.phone,
            weight_g=800,
            sender="이음 데모 (demo)",
            is_demo=True,
        )
    except LogisticsError:
        return
