"""The names of a trip's ends in both languages.

A plan from or to a stop is named by the stop (both languages are in the timetable). A plan to a
point is named by the tourism place it is — given as ``to_place`` or found standing at the point —
and otherwise "Origin"/"Destination" in each language. The names travel on the itinerary's first
and last leg (``names``: {"ko", "en"}) into the purchase token, so the ticket, the order, the
receipt in the inbox and the ticket history say 수로왕릉 / Royal Tomb of King Suro, never "도착지".
"""

from __future__ import annotations

from uuid import UUID

from django.utils import translation
from django.utils.translation import gettext_lazy as _

Names = dict[str, str]  # {"ko": ..., "en": ...}
LANGUAGES = ("ko", "en")


def names_both(message: object) -> Names:
    """A (lazy) translatable message in each language."""
    out: Names = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = str(message)
    return out


def name_pick(names: Names | None, *, fallback: str = "") -> str:
    """The name in the active language (else the other one, else ``fallback``)."""
    if not names:
        return fallback
    english = (translation.get_language() or "ko").startswith("en")
    first, second = ("en", "ko") if english else ("ko", "en")
    return names.get(first) or names.get(second) or fallback


def origin_names() -> Names:
    return names_both(_("Origin"))


def destination_names() -> Names:
    return names_both(_("Destination"))


def endpoint_names(
    *, place_id: UUID | str | None, point: tuple[float, float] | None
) -> Names | None:
    """The tourism place's names for a point end of a plan, or None (a stop, or no place)."""
    from apps.tourism import facade as tourism  # tourism may ask transit to plan: no import cycle

    place = tourism.place_name_get(place_id=place_id) if place_id else None
    if place is None and point is not None:
        place = tourism.place_name_at(lat=point[0], lon=point[1])
    if place is None:
        return None
    return {"ko": place.name_ko, "en": place.name_en}


def itineraries_name_ends(
    *, itineraries: list[dict], origin: Names | None, destination: Names | None
) -> list[dict]:
    """Name the point ends (``id`` null) of each itinerary after the place, in the request's
    language as ``name`` and in both as ``names``. The leg dicts are copied, never changed in place
    (the planner may hand out cached itineraries)."""
    for itinerary in itineraries:
        legs = itinerary.get("legs") or []
        if not legs:
            continue
        legs = list(legs)
        for position, end, names in ((0, "from", origin), (-1, "to", destination)):
            leg = legs[position]
            place = leg.get(end) or {}
            if names is None or place.get("id") is not None:
                continue
            legs[position] = {**leg, end: {**place, "name": name_pick(names), "names": names}}
        itinerary["legs"] = legs
    return itineraries
