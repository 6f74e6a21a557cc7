"""Writes: sensor events onto spaces, silent sensors, the demo simulator; live pushes of counts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.events import send_now
from apps.notifications import facade as notifications

from . import selectors
from .models import ParkingSpace

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
