"""Reads: hubs and lockers, the resident's address, a recipient's parcels, what hub staff may see
(masked, no address), a machine's current mission (the only place the address is released), and
the KPI statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from apps.core.roles import Role, role_targets

from .errors import LogisticsError
from .models import DeliveryAddress, Hub, Locker, Machine, Mission, Parcel, ServiceArea

if TYPE_CHECKING:
    from apps.accounts.models import User

ACTIVE_MISSION = ("planned", "loading", "departed", "en_route", "arrived")


def phone_masked(phone: str) -> str:
    """+821012345678 → 010-****-5678: enough for staff to match a label, not to call."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("82"):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return "****"
    return f"{digits[:3]}-****-{digits[-4:]}"


def hub_list() -> QuerySet[Hub]:
    return Hub.objects.annotate(
        free_lockers=Count("banks__lockers", filter=Q(banks__lockers__status=Locker.Status.FREE)),
        lockers=Count("banks__lockers"),
    ).order_by("code")


def hub_get(*, hub_id: UUID | str) -> Hub:
    try:
        hub = Hub.objects.filter(pk=hub_id).first()
    except (ValueError, ValidationError):
        hub = None
    if hub is None:
        raise LogisticsError.hub_not_found()
    return hub


def area_list(*, active_only: bool = True) -> QuerySet[ServiceArea]:
    qs = ServiceArea.objects.select_related("hub")
    return qs.filter(is_active=True) if active_only else qs


def address_get_for_user(*, user: User) -> DeliveryAddress:
    address = DeliveryAddress.objects.select_related("area__hub").filter(user=user).first()
    if address is None:
        raise LogisticsError.address_not_registered()
    return address


# --- the recipient's parcels ----------------------------------------------------------------------


def parcel_list_for_user(*, user: User) -> QuerySet[Parcel]:
    return (
        Parcel.objects.filter(recipient=user)
        .select_related("hub", "locker")
        .order_by("-arrived_at", "-id")
    )


def parcel_get_for_user(*, user: User, parcel_id: UUID | str, lock: bool = False) -> Parcel:
    """The recipient's own parcel; anyone else's is "not found"."""
    queryset = (
        Parcel.objects.filter(recipient=user).select_for_update()
        if lock
        else parcel_list_for_user(user=user)
    )
    try:
        parcel = queryset.filter(pk=parcel_id).first()
    except (ValueError, ValidationError):
        parcel = None
    if parcel is None:
        raise LogisticsError.parcel_not_found()
    return parcel


def parcel_get_by_tracking_code(*, tracking_code: str) -> Parcel:
    parcel = (
        Parcel.objects.select_related("hub")
        .filter(tracking_code=tracking_code.strip().upper())
        .first()
    )
    if parcel is None:
        raise LogisticsError.parcel_not_found()
    return parcel


def parcel_mission(*, parcel: Parcel) -> Mission | None:
    """The parcel's mission now (active), else its latest."""
    missions = parcel.missions.select_related("machine").order_by("-created_at")
    return missions.filter(status__in=ACTIVE_MISSION).first() or missions.first()


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float
    at: datetime | None
    machine_kind: str


def parcel_position(*, parcel: Parcel) -> Position | None:
    """Where the machine carrying the parcel is, only while it is on its way."""
    mission = parcel_mission(parcel=parcel)
    if mission is None or mission.status not in ("departed", "en_route", "arrived"):
        return None
    machine = mission.machine
    if machine.lat is None or machine.lon is None:
        return None
    return Position(machine.lat, machine.lon, machine.last_seen_at, machine.kind)


# --- hub staff and couriers: no address, masked numbers -------------------------------------------


def staff_hubs(*, user: User) -> QuerySet[Hub]:
    """The hubs a member of hub staff is assigned to (Core → Role assignments)."""
    return role_targets(user=user, role=Role.HUB_STAFF, model=Hub)


def staff_parcel_list(*, user: User) -> QuerySet[Parcel]:
    return (
        Parcel.objects.filter(hub__in=staff_hubs(user=user))
        .select_related("hub", "locker")
        .prefetch_related("missions__machine")
        .order_by("-arrived_at", "-id")
    )


def staff_locker_list(*, user: User) -> QuerySet[Locker]:
    return (
        Locker.objects.filter(bank__hub__in=staff_hubs(user=user))
        .select_related("bank__hub")
        .prefetch_related("parcels")
        .order_by("bank__hub__code", "bank__code", "code")
    )


def staff_mission_get(*, user: User, mission_id: UUID | str) -> Mission:
    try:
        mission = Mission.objects.filter(pk=mission_id, hub__in=staff_hubs(user=user)).first()
    except (ValueError, ValidationError):
        mission = None
    if mission is None:
        raise LogisticsError.mission_not_found()
    return mission


def staff_machine_get(*, user: User, machine_id: UUID | str) -> Machine:
    try:
        machine = Machine.objects.filter(pk=machine_id, hub__in=staff_hubs(user=user)).first()
    except (ValueError, ValidationError):
        machine = None
    if machine is None:
        raise LogisticsError.machine_not_found()
    return machine


def staff_machine_list(*, user: User) -> QuerySet[Machine]:
    return Machine.objects.filter(hub__in=staff_hubs(user=user)).select_related("hub")


# --- the machine: its current mission with the destination ---------------------------------------


@dataclass(frozen=True)
class MissionDestination:
    mission: Mission
    lat: float
    lon: float
    road_address: str
    detail: str
    parcels: list[Parcel]


def mission_destination_for_device(*, machine: Machine) -> MissionDestination:
    """The machine's active mission and where to take it: the only read that decrypts a
    recipient's address, for the machine assigned to that mission alone."""
    mission = machine.missions.filter(status__in=ACTIVE_MISSION).order_by("created_at").first()
    if mission is None:
        raise LogisticsError.mission_not_found()
    parcels = list(mission.parcels.all())
    recipient_ids = {p.recipient_id for p in parcels if p.recipient_id}
    address = DeliveryAddress.objects.filter(user_id__in=recipient_ids).first()
    return MissionDestination(
        mission=mission,
        lat=mission.dest_lat,
        lon=mission.dest_lon,
        road_address=address.road_address if address else "",
        detail=address.detail if address else "",
        parcels=parcels,
    )


# --- statistics for the city (KPI) ----------------------------------------------------------------


def delivery_stats(
    *, start: datetime | None = None, end: datetime | None = None
) -> list[dict[str, Any]]:
    """Finished missions by mode and area: deliveries, failures, success rate (%)."""
    missions = Mission.objects.filter(status__in=("handed_over", "failed", "returned"))
    if start:
        missions = missions.filter(ended_at__gte=start)
    if end:
        missions = missions.filter(ended_at__lt=end)
    rows = (
        missions.values("mode", "area__code", "area__name")
        .annotate(
            delivered=Count("id", filter=Q(status="handed_over")),
            failed=Count("id", filter=Q(status="failed")),
            returned=Count("id", filter=Q(status="returned")),
            total=Count("id"),
        )
        .order_by("area__code", "mode")
    )
    collected = Parcel.objects.filter(status="collected")
    if start:
        collected = collected.filter(finished_at__gte=start)
    if end:
        collected = collected.filter(finished_at__lt=end)
    out = [
        {
            "area": row["area__code"] or "",
            "area_name": row["area__name"] or "",
            "mode": row["mode"],
            "delivered": row["delivered"],
            "failed": row["failed"],
            "returned": row["returned"],
            "success_rate": round(100 * row["delivered"] / row["total"], 1)
            if row["total"]
            else 0.0,
        }
        for row in rows
    ]
    for row in collected.values("area__code", "area__name").annotate(n=Count("id")):
        out.append(
            {
                "area": row["area__code"] or "",
                "area_name": row["area__name"] or "",
                "mode": "locker",
                "delivered": row["n"],
                "failed": 0,
                "returned": 0,
                "success_rate": 100.0,
            }
        )
    return out
