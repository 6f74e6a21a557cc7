"""What other apps may ask transit. Plain functions returning frozen dataclasses.

- ``plan_trip(...)``: the earliest arrival (and alternatives) between two points, e.g. tourism's
  travel times and chat's "how do I get to City Hall".
- ``nearby_stops(...)``: stops near a point.
- Other modes' legs (rentals' Tagogaya e-bikes now, DRT later) plug into the planner through
  ``register_leg_provider``: a provider offers *access* legs (origin point → a stop) and *egress*
  legs (a stop → destination point) as :class:`ExtraLeg` (stop_id, duration_s, distance_m, mode,
  geometry, details). The planner uses such a leg where it beats walking to that stop, and shows it
  as its own leg (``mode`` = "ebike", ...), ``details`` passed through for the fare engine. See
  apps/transit/planner/providers.py for the protocol; register in your AppConfig.ready().
- Predicted delays (the live-bus part): ``set_trip_delays(feed=, service_date=, delays={trip_id:
  seconds})``, or ``register_delay_source(fn)`` to read them from a shared cache when several
  processes serve the API (apps/transit/planner/delays.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from . import selectors
from .errors import TransitError
from .planner import delays
from .planner.plan import Place
from .planner.providers import (
    ExtraLeg,
    LegProvider,
    TripContext,
    leg_provider_register,
    leg_provider_unregister,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

__all__ = [
    "ExtraLeg",
    "LegProvider",
    "TripContext",
    "TripPlan",
    "NearbyStop",
    "plan_trip",
    "nearby_stops",
    "register_leg_provider",
    "unregister_leg_provider",
    "set_trip_delays",
    "register_delay_source",
]

register_leg_provider = leg_provider_register
unregister_leg_provider = leg_provider_unregister
register_delay_source = delays.delay_source_register


@dataclass(frozen=True)
class TripPlan:
    departure: datetime
    arrival: datetime
    duration_s: int
    transfers: int
    walk_m: int
    modes: tuple[str, ...]
    summary: str  # e.g. "walk › bus 14 › tram" for a one-line answer
    legs: tuple[dict, ...]  # as the API returns them


@dataclass(frozen=True)
class NearbyStop:
    stop_id: str
    name: str
    lat: float
    lon: float
    distance_m: float


def plan_trip(
    *,
    from_lat: float,
    from_lon: float,
    to_lat: float,
    to_lon: float,
    depart_at: datetime | None = None,
    feed: str | None = None,
    max_walk_m: int | None = None,
) -> list[TripPlan]:
    """Itineraries sorted by arrival (earliest first); [] when transit cannot do it."""
    try:
        live = selectors.feed_get_live(name=feed)
        itineraries = selectors.trip_plan(
            feed=live,
            origin=Place(lat=from_lat, lon=from_lon),
            destination=Place(lat=to_lat, lon=to_lon),
            when=depart_at or timezone.now(),
            max_walk_m=max_walk_m,
        )
    except TransitError:
        return []
    out = []
    for it in itineraries:
        names = [
            f"{leg['mode']} {leg['route']['short_name']}".strip() if leg["route"] else leg["mode"]
            for leg in it["legs"]
        ]
        out.append(
            TripPlan(
                departure=datetime.fromisoformat(it["departure"]),
                arrival=datetime.fromisoformat(it["arrival"]),
                duration_s=it["duration_s"],
                transfers=it["transfers"],
                walk_m=it["walk_m"],
                modes=tuple(leg["mode"] for leg in it["legs"]),
                summary=" › ".join(names),
                legs=tuple(it["legs"]),
            )
        )
    return out


def nearby_stops(
    *,
    lat: float,
    lon: float,
    radius_m: float = 500,
    feed: str | None = None,
    mode: str | None = None,
) -> list[NearbyStop]:
    """Stops within ``radius_m``, nearest first; with ``mode`` ("tram" for the light rail, "bus")
    only the stops a route of that mode calls at."""
    try:
        live = selectors.feed_get_live(name=feed)
    except TransitError:
        return []
    served = selectors.stop_ids_served_by(feed=live, mode=mode) if mode else None
    return [
        NearbyStop(s.stop_id, s.name, s.lat, s.lon, s.distance_m)
        for s in selectors.stop_list_near(feed=live, lat=lat, lon=lon, radius_m=radius_m)
        if s.lat is not None
        and s.lon is not None  # always: the list only has placed stops
        and (served is None or s.stop_id in served)
    ]


def set_trip_delays(
    *, feed: str | None = None, service_date: date, delays_s: dict[str, int]
) -> None:
    """Known delays (seconds) of trips on a service day; the planner uses them from now on."""
    live = selectors.feed_get_live(name=feed)
    delays.trip_delays_set(feed_id=live.id, day=service_date, delays=delays_s)


# --- PIPA right of access and erasure (registered in TransitConfig.ready()) -----------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    """Favourite stops and trip tickets."""
    from .models import TripTicket
    from .realtime import favourites

    tickets = TripTicket.objects.filter(user=user).order_by("created_at")
    return {
        **favourites.user_data_export(user),
        "trip_tickets": [
            {
                "id": str(t.id),
                "status": t.status,
                "feed": t.feed_name,
                "rider_category": t.rider_category,
                "legs": t.legs,
                "total_krw": t.total_krw,
                "order_id": str(t.order_id) if t.order_id else None,
                "departure_at": t.departure_at.isoformat(),
                "arrival_at": t.arrival_at.isoformat(),
                "bought_at": t.created_at.isoformat(),
            }
            for t in tickets
        ],
    }


def user_data_erase(user: User) -> None:
    """Tickets are payment records and stay (with their amounts and order); where the person
    travelled goes now. Favourites are deleted."""
    from .models import TripTicket
    from .realtime import favourites

    favourites.user_data_erase(user)
    TripTicket.objects.filter(user=user).update(legs=[])
