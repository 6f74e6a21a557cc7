"""Park and ride in the transit trip planner (issue 10, "Park and ride").

Registered with ``transit.facade.register_leg_provider`` in ParkingConfig.ready(). Only when the
person asks for it (the plan query's ``park_and_ride=true``, seen here as ``"park_and_ride"`` in
``trip.modes``) an access leg drives from the origin to a public lot within a short walk of a
light-rail station, parks, and walks to the station. A lot is offered only when its forecast
(selectors.lot_free_at) shows free spaces at the arrival time. The drive's time and distance come
from core's road model (``road_leg(kind="car")``), the one DRT uses too.

The parking fee is estimated from the lot's tariff for the stay from arrival until the return time
the driver gave (``park_until`` → ``trip.return_at``). It is shown inside the trip's fare as an
estimate settled on exit (``details["fare"]["settled_on_exit"]``): the fare engine shows it but
does not charge it with the ticket.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from apps.core.geo import haversine_m
from apps.core.travel_time import road_leg
from apps.transit import facade as transit

from . import selectors, tariffs

log = logging.getLogger(__name__)

MODE = "park_and_ride"
MAX_DRIVE_M = 15_000  # straight-line reach of the drive (Gimhae's built-up area and more)
MIN_DRIVE_M = 800  # a shorter hop is quicker on foot than parking
LOT_TO_STOP_M = 400  # a short walk from the lot to the light-rail stop
STOP_MODE = "tram"  # light rail (the Busan–Gimhae LRT is a GTFS tram route)
PARKING_S = 180  # finding the space, parking and locking
WALK_MPS = 1.13  # the city plan's walking speed for older walkers
MAX_LOTS = 12


def _name(lot: Any) -> dict[str, str]:
    return {"id": str(lot.id), "code": lot.code, "name_ko": lot.name_ko or lot.name,
            "name_en": lot.name_en or lot.name}  # fmt: skip


def fee_estimate_krw(lot: Any, *, arrive_at: datetime, return_at: datetime | None) -> int | None:
    """The fee for parking from ``arrive_at`` until ``return_at`` by the lot's tariff; None when
    no return time is given or the tariff does not say."""
    if return_at is None or return_at <= arrive_at:
        return None
    return tariffs.fee_krw(lot.tariff or {}, minutes=(return_at - arrive_at).total_seconds() / 60)


class ParkAndRideLegs:
    def access(self, *, feed: str, lat: float, lon: float, at: datetime, trip=None) -> list:
        if trip is None or MODE not in trip.modes:
            return []
        legs: dict[str, transit.ExtraLeg] = {}
        lots = selectors.lot_list_near(lat=lat, lon=lon, radius_m=MAX_DRIVE_M, limit=MAX_LOTS)
        for lot in lots:
            if haversine_m(lat, lon, lot.lat, lot.lon) < MIN_DRIVE_M:
                continue
            stops = transit.nearby_stops(
                lat=lot.lat, lon=lot.lon, radius_m=LOT_TO_STOP_M, feed=feed, mode=STOP_MODE
            )
            if not stops:
                continue
            drive = road_leg((lat, lon), (lot.lat, lot.lon), kind="car")
            arrive_at = at + timedelta(seconds=drive.seconds)
            free = selectors.lot_free_at(lot=lot, at=arrive_at)
            if not free or free < 1:
                continue  # full at arrival, or no forecast to promise a space
            for stop in stops:
                leg = self._leg(lot, stop, drive, arrive_at, free, (lat, lon), trip.return_at)
                best = legs.get(stop.stop_id)
                if best is None or leg.duration_s < best.duration_s:
                    legs[stop.stop_id] = leg
        return list(legs.values())

    def egress(self, *, feed: str, lat: float, lon: float, at: datetime, trip=None) -> list:
        return []  # the car is parked at the start of the trip

    def _leg(self, lot, stop, drive, arrive_at, free, origin, return_at) -> transit.ExtraLeg:
        walk_s = round(stop.distance_m / WALK_MPS)
        fee = fee_estimate_krw(lot, arrive_at=arrive_at, return_at=return_at)
        names = _name(lot)
        return transit.ExtraLeg(
            stop_id=stop.stop_id,
            duration_s=drive.seconds + PARKING_S + walk_s,
            distance_m=drive.metres + round(stop.distance_m),
            mode=MODE,
            geometry=[origin, (lot.lat, lot.lon), (stop.lat, stop.lon)],
            details={
                "operator": lot.operator,
                "lot": {**names, "lat": lot.lat, "lon": lot.lon},
                "drive_s": drive.seconds,
                "drive_m": drive.metres,
                "walk_m": round(stop.distance_m),
                "arrive_at_lot": arrive_at.isoformat(),
                "free_spaces_expected": free,
                "park_until": return_at.isoformat() if return_at else None,
                "fee_estimate_krw": fee,
                "settled_on_exit": True,
                "fare": {
                    "mode": MODE,
                    "product": f"parking:{lot.code}",
                    "amount_krw": fee or 0,
                    "estimate": fee is not None,
                    "settled_on_exit": True,
                    "label_ko": f"{names['name_ko']} 주차요금",
                    "label_en": f"{names['name_en']} parking fee",
                },
            },
        )


provider = ParkAndRideLegs()
