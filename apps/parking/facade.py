"""What other apps (and core's registries) may call in parking.

- ``search(query, language)``: the home search box (lots and shared places by name or address);
- ``user_data_export`` / ``user_data_erase``: the driver's vehicles and bookings (apps.core.privacy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from apps.core.search import SearchHit

from .models import ParkingLot, Reservation, SharedPlace, Vehicle

if TYPE_CHECKING:
    from apps.accounts.models import User

SEARCH_LIMIT = 8


def _score(query: str, *texts: str) -> float:
    q = query.casefold()
    best = 0.0
    for text in texts:
        t = (text or "").casefold()
        if not t:
            continue
        if t == q:
            best = max(best, 1.0)
        elif t.startswith(q):
            best = max(best, 0.8)
        elif q in t:
            best = max(best, 0.6)
    return best


def search(query: str, language: str) -> list[SearchHit]:
    """Public lots and shared places whose name or address holds the query, in ``language``."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    en = language == "en"
    hits: list[SearchHit] = []
    match = (
        Q(name_ko__icontains=query)
        | Q(name_en__icontains=query)
        | Q(address_ko__icontains=query)
        | Q(address_en__icontains=query)
    )
    for lot in ParkingLot.objects.filter(match, is_active=True)[:SEARCH_LIMIT]:
        name = (lot.name_en if en else lot.name_ko) or lot.name
        address = (lot.address_en if en else lot.address_ko) or lot.address
        hits.append(
            SearchHit(
                service="parking",
                kind="lot",
                title=name,
                subtitle=address or ("Public parking lot" if en else "공영주차장"),
                path=f"/services/parking?lot={lot.id}",
                score=_score(query, lot.name_ko or "", lot.name_en or "", lot.address or ""),
            )
        )
    for place in SharedPlace.objects.filter(match, is_active=True)[:SEARCH_LIMIT]:
        name = (place.name_en if en else place.name_ko) or place.name
        address = (place.address_en if en else place.address_ko) or place.address
        hits.append(
            SearchHit(
                service="parking",
                kind="shared_place",
                title=name,
                subtitle=address or ("Shared parking" if en else "공유주차"),
                path="/services/parking/share",
                score=_score(query, place.name_ko or "", place.name_en or "", place.address or ""),
            )
        )
    return hits


# --- privacy (registered in AppConfig.ready) ----------------------------------------------------


def user_data_export(user: User) -> dict[str, Any]:
    return {
        "vehicles": [
            {
                "id": str(v.id),
                "plate": v.plate,
                "nickname": v.nickname,
                "created_at": v.created_at.isoformat(),
            }
            for v in Vehicle.objects.filter(user=user)
        ],
        "reservations": [
            {
                "id": str(r.id),
                "place": r.place.name,
                "plate": r.plate,
                "start_at": r.start_at.isoformat(),
                "end_at": r.end_at.isoformat(),
                "status": r.status,
                "price_krw": r.price_krw,
                "refunded_krw": r.refunded_krw,
            }
            for r in Reservation.objects.filter(user=user).select_related("place")
        ],
    }


def user_data_erase(user: User) -> None:
    """Vehicles go. Bookings that moved money stay for the hosts' settlements and the accounts
    (payments keeps the orders for 5 years) but lose the driver and the plate; bookings that
    never moved money go."""
    paid = Reservation.objects.filter(user=user, charges__paid_at__isnull=False).distinct()
    Reservation.objects.filter(id__in=paid.values("id")).update(
        user=None, vehicle=None, plate="", updated_at=timezone.now()
    )
    Reservation.objects.filter(user=user).delete()
    Vehicle.objects.filter(user=user).delete()
