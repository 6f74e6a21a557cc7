"""Legs from other modes (Tagogaya e-bikes, DRT later), added to the planner through a registry.

A provider is any object with ``access`` and ``egress`` methods (both may return ``[]``)::

    class EbikeLegs:
        def access(self, *, feed: str, lat: float, lon: float, at: datetime) -> list[ExtraLeg]:
            # origin point → stops: ride from the nearest station with a bike to a station by a stop
        def egress(self, *, feed: str, lat: float, lon: float, at: datetime) -> list[ExtraLeg]:
            # stops → destination point

    leg_provider_register(EbikeLegs())   # e.g. in RentalsConfig.ready()

The planner treats an ExtraLeg like walking access/egress: it starts or ends the journey at
``stop_id`` and takes ``duration_s`` (include the time to fetch and park the vehicle). When it is
faster than walking to that stop, the itinerary shows it as its own leg with ``mode``,
``geometry`` and ``details`` (which the fare engine can price through ``details["fare"]``).
Providers must be quick (they run inside each query) and must not raise; errors are logged and
the provider is skipped for that query.

A provider that declares a ``trip`` keyword also sees who asks and both ends of the trip
(:class:`TripContext`: the rider's id and current consents, origin and destination) — DRT needs
them to class the rider and check the location consent; a provider without it (Tagogaya) is called
as before. ``TripContext.modes`` holds the opt-in modes the person asked for in the query (a
provider of such a mode offers nothing without it: ``"park_and_ride"`` is asked with
``park_and_ride=true``), and ``TripContext.return_at`` when the person comes back (the query's
``park_until``: a provider that charges by the stay, like a parking lot, estimates its fee up to
then). A provider may also define ``purchased(*, user_id, ticket_id, legs)``: called after a
trip ticket with its legs is paid, with the ticket's legs of its mode (DRT books the bus then).
"""

from __future__ import annotations

import inspect
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtraLeg:
    stop_id: str  # GTFS stop_id where the leg meets transit
    duration_s: int
    distance_m: float
    mode: str  # e.g. "ebike", "scooter", "drt"
    geometry: list[tuple[float, float]] | None = (
        None  # [(lat, lon), ...], origin → stop or stop → destination
    )
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TripContext:
    """Who plans and where: for providers whose legs depend on the rider or on both ends."""

    origin: tuple[float, float]  # (lat, lon)
    destination: tuple[float, float]
    rider_id: Any = None  # the logged-in rider's user id, or None
    consents: frozenset[str] = frozenset()  # consent kinds in force ("location", …)
    modes: frozenset[str] = frozenset()  # opt-in modes asked for ("park_and_ride", …)
    return_at: datetime | None = None  # when the person comes back (a stay's end), if given


class LegProvider(Protocol):
    def access(self, *, feed: str, lat: float, lon: float, at: datetime) -> list[ExtraLeg]: ...

    def egress(self, *, feed: str, lat: float, lon: float, at: datetime) -> list[ExtraLeg]: ...


_providers: list[LegProvider] = []


def leg_provider_register(provider: LegProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def leg_provider_unregister(provider: LegProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def _wants_trip(method: Any) -> bool:
    try:
        return "trip" in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def extra_legs(
    kind: str,
    *,
    feed: str,
    lat: float,
    lon: float,
    at: datetime,
    trip: TripContext | None = None,
) -> list[ExtraLeg]:
    legs: list[ExtraLeg] = []
    for provider in list(_providers):
        try:
            method = getattr(provider, kind)
            if _wants_trip(method):
                legs.extend(method(feed=feed, lat=lat, lon=lon, at=at, trip=trip))
            else:
                legs.extend(method(feed=feed, lat=lat, lon=lon, at=at))
        except Exception:  # a broken provider must not break trip planning
            log.exception("leg provider %r failed", provider)
    return legs


def legs_purchased(*, user_id: Any, ticket_id: str, legs: list[dict]) -> None:
    """Tell each provider with a ``purchased`` hook that a ticket holding legs was paid."""
    for provider in list(_providers):
        hook = getattr(provider, "purchased", None)
        if hook is None:
            continue
        try:
            hook(user_id=user_id, ticket_id=ticket_id, legs=legs)
        except Exception:  # the ticket is paid: a provider's failure is logged, not raised
            log.exception("leg provider %r failed after a purchase", provider)
