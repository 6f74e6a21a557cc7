"""What other apps (and core's registries) may call: the home search and the privacy pair."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from apps.core.search import SearchHit

from .models import DeliveryAddress, Hub, Parcel, ParcelEvent, ServiceArea

if TYPE_CHECKING:
    from apps.accounts.models import User


def search(query: str, language: str) -> list[SearchHit]:
    """Hubs and service areas by name (Korean or English), for the home search box."""
    # Positional: apps.core.search calls every searcher as search(query, language).
    text = query.strip()
    if not text:
        return []
    hits: list[SearchHit] = []
    match = Q(name_ko__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text)
    for hub in Hub.objects.filter(match)[:5]:
        name = (hub.name_en if language == "en" else hub.name_ko) or hub.name
        hits.append(
            SearchHit(
                service="parcels",
                kind="hub",
                title=name,
                subtitle="Parcel hub and lockers" if language == "en" else "택배 거점과 보관함",
                path="/services/parcels",
                score=0.9 if text.lower() in name.lower() else 0.6,
            )
        )
    for area in ServiceArea.objects.filter(match, is_active=True)[:5]:
        name = (area.name_en if language == "en" else area.name_ko) or area.name
        hits.append(
            SearchHit(
                service="parcels",
                kind="area",
                title=name,
                subtitle="Robot and drone delivery area"
                if language == "en"
                else "로봇·드론 배송 지역",
                path="/services/parcels/address",
                score=0.8 if text.lower() in name.lower() else 0.5,
            )
        )
    return hits


# --- Privacy (registered with apps.core.privacy in AppConfig.ready) -------------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    address = DeliveryAddress.objects.filter(user=user).select_related("area").first()
    parcels = Parcel.objects.filter(recipient=user).select_related("hub").order_by("arrived_at")
    return {
        "address": {
            "phone": address.phone,
            "road_address": address.road_address,
            "detail": address.detail,
            "lat": address.lat,
            "lon": address.lon,
            "area": address.area.code,
            "mode": address.mode,
            "updated_at": address.updated_at.isoformat(),
        }
        if address
        else None,
        "parcels": [
            {
                "tracking_code": p.tracking_code,
                "hub": p.hub.code,
                "kind": p.kind,
                "size": p.size,
                "status": p.status,
                "mode": p.mode,
                "arrived_at": p.arrived_at.isoformat(),
                "finished_at": p.finished_at.isoformat() if p.finished_at else None,
                "events": [
                    {"kind": e.kind, "at": e.at.isoformat()}
                    for e in ParcelEvent.objects.filter(parcel=p)
                ],
            }
            for p in parcels
        ],
    }


@transaction.atomic
def user_data_erase(user: User) -> None:
    """The address goes at once. Parcel records stay for the delivery statistics (and the
    courier's proof of delivery) but lose the person: no account, no number, no codes. A parcel
    still on its way keeps its number until it is finished (then the next erase clears it)."""
    DeliveryAddress.objects.filter(user=user).delete()
    finished = Parcel.objects.filter(recipient=user).exclude(
        status__in=(Parcel.Status.AT_HUB, Parcel.Status.OUT_FOR_DELIVERY, Parcel.Status.HELD)
    )
    finished.update(recipient=None, recipient_phone="", pickup_code="", handover_code="")
    Parcel.objects.filter(recipient=user).update(recipient=None)
