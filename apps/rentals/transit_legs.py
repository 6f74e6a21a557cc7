"""Tagogaya e-bike legs for the transit trip planner (issue 4, "In the trip planner").

Registered with ``transit.facade.register_leg_provider`` in RentalsConfig.ready(). An access leg
takes the rider from the origin on foot to a station with an available bike, rides to a station
with a free dock near a bus or light-rail stop, and walks to that stop; an egress leg does the same
from a stop to the destination. The planner uses such a leg only where it beats walking, and the fare
engine prices it from ``details["fare"]`` (the pricing plan's price for the ride's minutes).

The planner calls providers inside every query, so station positions and the stops near each
station are kept for a short while in this process; bike and dock counts are read fresh.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from apps.core.geo import distance_m
from apps.transit import facade as transit

from . import facade as rentals

logger = logging.getLogger(__name__)

WALK_TO_BIKE_M = 500  # how far a rider walks to fetch a bike
DOCK_TO_STOP_M = 300  # how far from the dock to the bus or light-rail stop
MIN_RIDE_M = 800  # a shorter hop is quicker on foot than unlocking and docking a bike
MAX_RIDE_M = 6000  # longer rides are not offered as a leg of a transit trip
HANDLING_S = 120  # unlocking and docking
WALK_MPS = 1.13  # the city plan's walking speed for older walkers
STOPS_TTL_S = 300


@dataclass(frozen=True)
class _Ride:
    stop_id: str
    duration_s: int
    distance_m: float
    geometry: list[tuple[float, float]]
    details: dict


class TagogayaLegs:
    def __init__(self) -> None:
        self._stops: dict[tuple[str, str], tuple[float, list[transit.NearbyStop]]] = {}

    def _stops_near(self, feed: str, station: rentals.StationAvailability):
        key = (feed, station.code)
        cached = self._stops.get(key)
        if cached and time.monotonic() - cached[0] < STOPS_TTL_S:
            return cached[1]
        stops = transit.nearby_stops(
            lat=station.lat, lon=station.lon, radius_m=DOCK_TO_STOP_M, feed=feed
        )
        self._stops[key] = (time.monotonic(), stops)
        return stops

    def _ride(self, pick, drop, *, walk_before_m: float, walk_after_m: float, stop_id: str):
        ride_m = distance_m((pick.lat, pick.lon), (drop.lat, drop.lon))
        if not MIN_RIDE_M <= ride_m <= MAX_RIDE_M:
            return None
        minutes = rentals.ebike_ride_minutes(distance_m=ride_m)
        price = rentals.ride_price_krw(minutes=minutes)
        if price is None:
            return None
        walk_s = (walk_before_m + walk_after_m) / WALK_MPS
        duration = round(walk_s + HANDLING_S + minutes * 60)
        line = [(pick.lat, pick.lon), (drop.lat, drop.lon)]
        return _Ride(
            stop_id=stop_id,
            duration_s=duration,
            distance_m=round(ride_m),
            geometry=line,
            details={
                "operator": "Tagogaya",
                "from_station": {
                    "code": pick.code,
                    "name_ko": pick.name_ko,
                    "name_en": pick.name_en,
                },
                "to_station": {"code": drop.code, "name_ko": drop.name_ko, "name_en": drop.name_en},
                "ride_minutes": minutes,
                "fare": {
                    "mode": "ebike",
                    "product": price.pricing_plan_code,
                    "amount_krw": price.total_krw,
                    "label_ko": f"타고가야 전기자전거 {minutes}분",
                    "label_en": f"Tagogaya e-bike, {minutes} min",
                },
            },
        )

    def access(self, *, feed: str, lat: float, lon: float, at: datetime) -> list:
        """Origin → walk to a bike → ride to a dock → walk to a stop."""
        return self._legs(feed, lat, lon, from_origin=True)

    def egress(self, *, feed: str, lat: float, lon: float, at: datetime) -> list:
        """Stop → walk to a bike → ride to a dock → walk to the destination."""
        return self._legs(feed, lat, lon, from_origin=False)

    def _legs(self, feed: str, lat: float, lon: float, *, from_origin: bool) -> list:
        # The station next to the point (a bike to take, or a dock to leave it in) is within a
        # short walk; the station at the transit end may be a ride away.
        if from_origin:
            ends = rentals.stations_with_available_bikes_near(
                lat=lat, lon=lon, radius_m=WALK_TO_BIKE_M, limit=2
            )
            far = rentals.stations_with_free_docks_near
        else:
            ends = rentals.stations_with_free_docks_near(
                lat=lat, lon=lon, radius_m=WALK_TO_BIKE_M, limit=2
            )
            far = rentals.stations_with_available_bikes_near
        if not ends:
            return []
        legs: dict[str, _Ride] = {}
        for end in ends:
            for station in far(lat=lat, lon=lon, radius_m=MAX_RIDE_M, limit=50):
                for stop in self._stops_near(feed, station):
                    pick, drop = (end, station) if from_origin else (station, end)
                    ride = self._ride(
                        pick,
                        drop,
                        walk_before_m=pick.distance_m if from_origin else stop.distance_m,
                        walk_after_m=stop.distance_m if from_origin else drop.distance_m,
                        stop_id=stop.stop_id,
                    )
                    best = legs.get(stop.stop_id)
                    if ride and (best is None or ride.duration_s < best.duration_s):
                        legs[stop.stop_id] = ride
        return [_as_leg(ride) for ride in legs.values()]


def _as_leg(ride: _Ride) -> transit.ExtraLeg:
    return transit.ExtraLeg(
        stop_id=ride.stop_id,
        duration_s=ride.duration_s,
        distance_m=ride.distance_m,
        mode="ebike",
        geometry=ride.geometry,
        details=ride.details,
    )


provider = TagogayaLegs()
