"""Reads: lots with live counts, lots near a point."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet

from apps.core.geo import haversine_m

from .errors import ParkingError
from .models import ParkingLot, ParkingSpace

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


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
