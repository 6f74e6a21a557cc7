"""DRT legs for the transit trip planner (issue 11, "In the trip planner").

Registered with ``transit.facade.register_leg_provider`` in DrtConfig.ready(). The planner passes
the rider and both ends of the trip (``trip``): the rider is classed by the trip's destination as
on the DRT screen (a campus → student; City Hall from the outskirts → citizen), and needs the
location consent. An access leg walks to a hub near the origin and rides to a hub by a bus or
light-rail stop; an egress leg rides from a hub by a stop to a hub near the destination. Its
duration counts the walk, the wait for the nearest bus of the zone and the ride; its fare is the
labelled demo amount ``DRT_DEMO_FARE_KRW`` (the plan names none), paid in the one trip payment.
When the ticket is paid, ``purchased`` books the bus: a booking made already accepted, planned at
once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from apps.core.geo import haversine_m
from apps.core.travel_time import road_leg
from apps.transit import facade as transit

from .models import Hub, ServiceZone, Vehicle

log = logging.getLogger(__name__)

STOP_NEAR_HUB_M = 300
WALK_MPS = 1.13


def _fare() -> int:
    return int(getattr(settings, "DRT_DEMO_FARE_KRW", 1000))


def _walk_m() -> int:
    return int(getattr(settings, "DRT_MAX_WALK_M", 800))


class DrtLegs:
    def access(self, *, feed: str, lat: float, lon: float, at: datetime, trip=None) -> list:
        return self._legs(feed, (lat, lon), at, trip, from_origin=True)

    def egress(self, *, feed: str, lat: float, lon: float, at: datetime, trip=None) -> list:
        return self._legs(feed, (lat, lon), at, trip, from_origin=False)

    def _legs(self, feed, point, at, trip, *, from_origin: bool) -> list:
        from . import services

        if trip is None or trip.rider_id is None or "location" not in trip.consents:
            return []
        rider_class = services.rider_class_for(origin=trip.origin, destination=trip.destination)
        if rider_class is None:
            return []
        legs: dict[str, transit.ExtraLeg] = {}
        for zone in ServiceZone.objects.filter(is_active=True).prefetch_related("hubs"):
            if rider_class == "student" and not zone.serves_students:
                continue
            if rider_class == "citizen" and not zone.serves_citizens:
                continue
            buses = list(Vehicle.objects.filter(zone=zone, is_active=True, lat__isnull=False))
            if not buses:
                continue
            hubs = [h for h in zone.hubs.all() if h.is_active]
            near = [(haversine_m(*point, h.lat, h.lon), h) for h in hubs]
            ends = sorted([pair for pair in near if pair[0] <= _walk_m()], key=lambda p: p[0])
            if not ends:
                continue
            walk_end, end = ends[0]
            for hub in hubs:
                if hub.pk == end.pk:
                    continue
                for stop in transit.nearby_stops(
                    lat=hub.lat, lon=hub.lon, radius_m=STOP_NEAR_HUB_M, feed=feed
                ):
                    pick, drop = (end, hub) if from_origin else (hub, end)
                    leg = self._leg(rider_class, pick, drop, buses, at, walk_end, stop, from_origin)
                    best = legs.get(stop.stop_id)
                    if best is None or leg.duration_s < best.duration_s:
                        legs[stop.stop_id] = leg
        return list(legs.values())

    def _leg(self, rider_class, pick: Hub, drop: Hub, buses, at, walk_end, stop, from_origin):
        ride = road_leg((pick.lat, pick.lon), (drop.lat, drop.lon), kind="bus")
        wait = min(
            road_leg((b.lat, b.lon), (pick.lat, pick.lon), kind="bus").seconds for b in buses
        )
        walk_before = walk_end if from_origin else stop.distance_m
        walk_after = stop.distance_m if from_origin else walk_end
        walk_to_pick = round(walk_before / WALK_MPS)
        # the bus may come before the rider reaches the hub: the leg waits for the later of both
        start_ride = max(walk_to_pick, wait)
        duration = start_ride + ride.seconds + round(walk_after / WALK_MPS)
        fare = _fare()
        return transit.ExtraLeg(
            stop_id=stop.stop_id,
            duration_s=duration,
            distance_m=ride.metres,
            mode="drt",
            geometry=[(pick.lat, pick.lon), (drop.lat, drop.lon)],
            details={
                "operator": "Gimhae campus DRT",
                "from_hub": {"code": pick.code, "name_ko": pick.name_ko, "name_en": pick.name_en},
                "to_hub": {"code": drop.code, "name_ko": drop.name_ko, "name_en": drop.name_en},
                "rider_class": rider_class,
                "pickup_eta": (at + timedelta(seconds=start_ride)).isoformat(),
                "booking": {
                    "pickup_hub": str(pick.id),
                    "dropoff_hub": str(drop.id),
                    "rider_class": rider_class,
                    "fare_krw": fare,
                },
                "fare": {
                    "mode": "drt",
                    "product": "drt-demo",
                    "amount_krw": fare,
                    "label_ko": "캠퍼스 수요응답형 버스 (데모 요금)",
                    "label_en": "Campus demand-responsive bus (demo fare)",
                },
            },
        )

    def purchased(self, *, user_id: Any, ticket_id: str, legs: list[dict]) -> None:
        """A paid trip ticket with DRT legs: each becomes a booking, already accepted."""
        from django.contrib.auth import get_user_model

        from . import services

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return
        for leg in legs:
            booking = leg.get("booking")
            if leg.get("mode") != "drt" or not isinstance(booking, dict):
                continue
            earliest = datetime.fromisoformat(leg["departure"])
            services.booking_create_accepted(
                user=user,
                pickup_hub_id=booking["pickup_hub"],
                dropoff_hub_id=booking["dropoff_hub"],
                rider_class=booking["rider_class"],
                trip_ref=ticket_id,
                fare_krw=int(booking.get("fare_krw", 0)),
                earliest=earliest,
            )


provider = DrtLegs()
