"""The road travel-time model shared by everything that drives: DRT dispatch, park-and-ride's drive
legs, robots on the pavement.

One question — how long does a vehicle of this kind take from A to B, and how far does it go — with
one answer for every app, so a DRT bus's ETA and a park-and-ride drive leg never disagree.

The default router is the straight line stretched by a detour factor, at a speed per vehicle kind
(settings ``IEUM_ROAD_SPEEDS_KPH`` and ``IEUM_ROAD_DETOUR_FACTOR``): no network data to load, the
same answer offline. A real routing engine (OSRM, Valhalla, GraphHopper) plugs in later through
``IEUM_ROAD_ROUTER``, a dotted path to a class with the same two methods.

    from apps.core.travel_time import road_leg, road_matrix
    leg = road_leg((35.2285, 128.8894), (35.2452, 128.9020), kind="bus")
    leg.seconds, leg.metres
    seconds = road_matrix(points, kind="bus")   # list of lists, for OR-Tools
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from apps.core.geo import haversine_m

Point = tuple[float, float]  # (lat, lon)

# City driving in Gimhae, door to door, averaged over lights and junctions (km/h). A deployment
# sets its own in IEUM_ROAD_SPEEDS_KPH; kinds it leaves out keep these.
DEFAULT_SPEEDS_KPH = {
    "car": 30.0,
    "bus": 25.0,  # a DRT minibus: slower starts, kerbside stops
    "robot": 5.0,  # a delivery robot on the pavement
    "drone": 40.0,  # no detour applies (see AIRBORNE)
}
# Roads are longer than the straight line: 1.3 is the usual urban circuity (Ballou et al. 2002;
# Boeing 2019 measures 1.1–1.4 for Korean cities' drive networks).
DEFAULT_DETOUR_FACTOR = 1.3
AIRBORNE = frozenset({"drone"})


@dataclass(frozen=True)
class RoadLeg:
    seconds: int
    metres: int


class Router(Protocol):
    def leg(self, origin: Point, destination: Point, *, kind: str) -> RoadLeg: ...

    def matrix(self, points: list[Point], *, kind: str) -> list[list[int]]: ...


class StraightLineRouter:
    """Great-circle distance × detour factor, at the kind's speed."""

    def __init__(self) -> None:
        self.speeds = {**DEFAULT_SPEEDS_KPH, **getattr(settings, "IEUM_ROAD_SPEEDS_KPH", {})}
        self.detour = float(getattr(settings, "IEUM_ROAD_DETOUR_FACTOR", DEFAULT_DETOUR_FACTOR))

    def _speed_mps(self, kind: str) -> float:
        try:
            return self.speeds[kind] * 1000 / 3600
        except KeyError:
            raise ValueError(f"no road speed for vehicle kind {kind!r}") from None

    def leg(self, origin: Point, destination: Point, *, kind: str) -> RoadLeg:
        straight = haversine_m(origin[0], origin[1], destination[0], destination[1])
        metres = straight if kind in AIRBORNE else straight * self.detour
        return RoadLeg(seconds=round(metres / self._speed_mps(kind)), metres=round(metres))

    def matrix(self, points: list[Point], *, kind: str) -> list[list[int]]:
        return [[self.leg(a, b, kind=kind).seconds for b in points] for a in points]


@functools.cache
def _router(path: str) -> Router:
    return import_string(path)()


def router() -> Router:
    return _router(
        getattr(settings, "IEUM_ROAD_ROUTER", "apps.core.travel_time.StraightLineRouter")
    )


def road_leg(origin: Point, destination: Point, *, kind: str = "car") -> RoadLeg:
    """Driving time (whole seconds) and road distance (metres) from origin to destination."""
    return router().leg(origin, destination, kind=kind)


def road_matrix(points: list[Point], *, kind: str = "car") -> list[list[int]]:
    """Seconds between every pair of points (row: from, column: to), for dispatch solvers."""
    return router().matrix(points, kind=kind)


def router_reset() -> None:
    """Forget the configured router (tests that change the settings call this)."""
    _router.cache_clear()
