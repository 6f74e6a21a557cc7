"""Trips that end on an e-scooter show the PM niche spots near the destination (issue 10).

A personal-mobility scooter may be left where its rider gets off, but the city's painted niche
spots (틈새 주차장, apps/rentals) are where it should go: when an itinerary's last leg is a scooter
leg, that leg's ``details["pm_spots"]`` lists the nearest spots with room left around its end
(id, code, name_ko, name_en, kind, lat, lon, distance_m, capacity, free), from rentals' facade.
"""

from __future__ import annotations

from dataclasses import asdict

PM_MODES = frozenset({"scooter"})
SPOTS_RADIUS_M = 500
SPOTS_LIMIT = 3


def itineraries_pm_spots(*, itineraries: list[dict]) -> list[dict]:
    from apps.rentals import facade as rentals  # rentals plugs legs into transit: import late

    for itinerary in itineraries:
        legs = itinerary.get("legs") or []
        if not legs or legs[-1].get("mode") not in PM_MODES:
            continue
        last = legs[-1]
        end = last["to"]
        spots = rentals.niche_spots_near(
            lat=end["lat"], lon=end["lon"], radius_m=SPOTS_RADIUS_M, limit=SPOTS_LIMIT
        )
        # a copy: the provider's details may be shared between itineraries
        last["details"] = {
            **(last.get("details") or {}),
            "pm_spots": [{**asdict(s), "id": str(s.id)} for s in spots],
        }
    return itineraries
