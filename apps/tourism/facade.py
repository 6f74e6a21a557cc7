"""What other apps may ask tourism (plain functions returning frozen dataclasses).

- ``place_name_get(place_id=)``: a place's name in Korean and English, e.g. transit naming the end
  of a trip planned to 수로왕릉 on the ticket, the receipt and the inbox in both languages.
- ``place_name_at(lat=, lon=)``: the place standing at a point (the web client plans a trip to a
  place by its coordinates), or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from . import selectors
from .models import Place

__all__ = ["PlaceName", "place_name_at", "place_name_get"]

# a point this close to a place is that place (clients send its coordinates, rounded to 1e-6°)
SAME_PLACE_M = 30


@dataclass(frozen=True)
class PlaceName:
    id: UUID
    name_ko: str
    name_en: str  # the Korean name when no English one is known
    lat: float
    lon: float


def _name(place: Place) -> PlaceName:
    ko = place.name_ko or place.name_en or ""  # type: ignore[attr-defined]
    en = place.name_en or ko  # type: ignore[attr-defined]
    return PlaceName(id=place.id, name_ko=ko, name_en=en, lat=place.lat, lon=place.lon)


def place_name_get(*, place_id: UUID | str) -> PlaceName | None:
    try:
        place = Place.objects.filter(id=place_id).first()
    except (ValueError, TypeError):
        return None
    return _name(place) if place is not None else None


def place_name_at(*, lat: float, lon: float, within_m: float = SAME_PLACE_M) -> PlaceName | None:
    near = selectors.place_list_near(lat=lat, lon=lon, radius_m=within_m, limit=1)
    return _name(near[0][0]) if near else None
