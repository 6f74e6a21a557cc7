"""What other apps (and core's registries) may ask the DRT app."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from apps.core.search import SearchHit

from .models import Booking, Campus, DemandSurveyResponse, Hub

if TYPE_CHECKING:
    from apps.accounts.models import User

# Boarding and alighting records are the city's travel statistics (plan E1 §12): the rider's own
# points go when the account is erased, and every booking loses its rider after this many days.
RETENTION_DAYS = getattr(settings, "DRT_BOOKING_RETENTION_DAYS", 365)


def _name(obj: Any, language: str) -> str:
    return (obj.name_en if language == "en" else obj.name_ko) or obj.name


def search(query: str, language: str) -> list[SearchHit]:
    """Hubs and campuses whose Korean or English name contains the query."""
    q = query.strip().lower()
    if not q:
        return []
    hits: list[SearchHit] = []
    for campus in Campus.objects.filter(is_active=True):
        names = [n.lower() for n in (campus.name_ko, campus.name_en, campus.name) if n]
        if any(q in n for n in names):
            hits.append(
                SearchHit(
                    service="drt",
                    kind="campus",
                    title=_name(campus, language),
                    subtitle="캠퍼스 버스" if language != "en" else "Campus bus",
                    path=f"/services/drt?to={campus.lat:.5f},{campus.lon:.5f}",
                    score=0.9 if any(n.startswith(q) for n in names) else 0.7,
                )
            )
    for hub in Hub.objects.filter(is_active=True):
        names = [n.lower() for n in (hub.name_ko, hub.name_en, hub.name) if n]
        if any(q in n for n in names):
            hits.append(
                SearchHit(
                    service="drt",
                    kind="hub",
                    title=_name(hub, language),
                    subtitle="캠퍼스 버스 정류 거점" if language != "en" else "Campus bus hub",
                    path=f"/services/drt?to={hub.lat:.5f},{hub.lon:.5f}",
                    score=0.8 if any(n.startswith(q) for n in names) else 0.6,
                )
            )
    return hits


# PIPA access and erasure, registered in DrtConfig.ready()
def user_data_export(user: User) -> dict[str, Any]:
    rows = Booking.objects.filter(user=user).select_related("pickup_hub", "dropoff_hub")
    return {
        "bookings": [
            {
                "id": str(b.id),
                "status": b.status,
                "rider_class": b.rider_class,
                "created_at": b.created_at.isoformat(),
                "origin": [b.origin_lat, b.origin_lon],
                "destination": [b.destination_lat, b.destination_lon],
                "pickup_hub": b.pickup_hub.name,
                "dropoff_hub": b.dropoff_hub.name,
                "boarded_at": b.boarded_at.isoformat() if b.boarded_at else None,
                "alighted_at": b.alighted_at.isoformat() if b.alighted_at else None,
                "fare_krw": b.fare_krw,
            }
            for b in rows.order_by("created_at")
        ],
        "survey_responses": [
            {
                "term": r.term,
                "campus": r.campus.code,
                "weekday": r.weekday,
                "arrive_by": r.arrive_by.isoformat(),
                "origin": [r.origin_lat, r.origin_lon],
            }
            for r in DemandSurveyResponse.objects.filter(user=user).select_related("campus")
        ],
    }


def user_data_erase(user: User) -> None:
    """The rider's own points go; the hub-to-hub trip stays, without the rider, for the city's
    statistics (the trip log has no personal data)."""
    Booking.objects.filter(user=user).update(
        user=None, origin_lat=None, origin_lon=None, destination_lat=None, destination_lon=None
    )
    DemandSurveyResponse.objects.filter(user=user).update(user=None)


def bookings_purge_old() -> int:
    """Retention: bookings older than ``DRT_BOOKING_RETENTION_DAYS`` lose their rider."""
    cutoff = timezone.now() - timedelta(days=RETENTION_DAYS)
    return Booking.objects.filter(created_at__lt=cutoff, user__isnull=False).update(
        user=None, origin_lat=None, origin_lon=None, destination_lat=None, destination_lon=None
    )
