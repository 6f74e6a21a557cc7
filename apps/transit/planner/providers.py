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
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

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


def extra_legs(kind: str, *, feed: str, lat: float, lon: float, at: datetime) -> list[ExtraLeg]:
    legs: list[ExtraLeg] = []
    for provider in list(_providers):
        try:
            legs.extend(getattr(provider, kind)(feed=feed, lat=lat, lon=lon, at=at))
        except Exception:  # a broken provider must not break trip planning
            log.exception("leg provider %r failed", provider)
    return legs
