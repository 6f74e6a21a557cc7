"""Reads: feeds, stops, routes, departures, trip plans (the planner runs in memory), service
alerts, and each person's favourite stops and trip tickets (access checked where they are fetched)."""

from __future__ import annotations

import math
from bisect import bisect_left
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from .errors import TransitError
from .fares.errors import TicketError
from .models import (
    FavouriteStop,
    Feed,
    Route,
    ServiceAlert,
    ServiceAlertEntity,
    ServiceAlertPeriod,
    Shape,
    Stop,
    Trip,
    TripTicket,
)
from .planner import plan as planner
from .planner.providers import TripContext
from .planner.timetable import Timetable, haversine_m, timetable_for

if TYPE_CHECKING:
    from apps.accounts.models import User


def feed_get_live(*, name: str | None = None) -> Feed:
    """The live feed called ``name``; without a name, the default feed (TRANSIT_DEFAULT_FEED) when
    it is live, else the most recently imported live feed."""
    if name:
        feed = Feed.objects.filter(is_live=True, name=name).first()
    else:
        default = getattr(settings, "TRANSIT_DEFAULT_FEED", "gimhae-demo")
        live = list(Feed.objects.filter(is_live=True).order_by("-imported_at", "-id"))  # a handful
        feed = next((f for f in live if f.name == default), live[0] if live else None)
    if feed is None:
        raise TransitError.feed_not_found(name=name)
    return feed


def timetable_get(*, feed: Feed) -> Timetable:
    return timetable_for(feed)


def stop_list_near(
    *, feed: Feed, lat: float, lon: float, radius_m: float, limit: int = 50
) -> list[Stop]:
    """Stops within radius_m of a point, nearest first, each with ``distance_m``."""
    box = radius_m / 111_000 * 1.2
    wide = box / max(math.cos(math.radians(lat)), 0.05)
    candidates = Stop.objects.filter(
        feed=feed, lat__range=(lat - box, lat + box), lon__range=(lon - wide, lon + wide)
    ).exclude(location_type__in=[Stop.LocationType.GENERIC_NODE, Stop.LocationType.BOARDING_AREA])
    near = []
    candidates = candidates.select_related("parent")
    for stop in candidates:
        if stop.lat is None or stop.lon is None:  # the box above leaves out stops without one
            continue
        stop.distance_m = round(haversine_m(lat, lon, stop.lat, stop.lon), 1)
        if stop.distance_m <= radius_m:
            near.append(stop)
    near.sort(key=lambda s: s.distance_m)
    return near[:limit]


def stop_list(*, feed: Feed, q: str | None = None, limit: int = 100) -> QuerySet[Stop]:
    stops = Stop.objects.filter(feed=feed).exclude(
        location_type__in=[Stop.LocationType.GENERIC_NODE, Stop.LocationType.BOARDING_AREA]
    )
    if q:
        stops = stops.filter(
            Q(name_ko__icontains=q) | Q(name_en__icontains=q) | Q(stop_id=q) | Q(code=q)
        )
    return stops.select_related("parent").order_by("stop_id")[:limit]


def stop_get(*, feed: Feed, stop_id: str) -> Stop:
    stop = Stop.objects.filter(feed=feed, stop_id=stop_id).select_related("parent").first()
    if stop is None:
        raise TransitError.stop_not_found(stop_id=stop_id)
    return stop


def stop_departures(
    *, feed: Feed, stop_id: str, at: datetime | None = None, limit: int = 10
) -> list[dict]:
    """The next scheduled departures from a stop (a station: from its platforms), from ``at``."""
    tt = timetable_for(feed)
    index = tt.stop_index.get(stop_id)
    if index is None:
        raise TransitError.stop_not_found(stop_id=stop_id)
    at = at or timezone.now()
    day_date, t0 = tt.to_seconds(at)
    day = tt.day_table(day_date)
    lang = 1 if (get_language() or "ko").startswith("en") else 0
    found: list[tuple[int, int, int, int]] = []
    for s in tt.boarding_stops(index):
        for dpi, pos in day.stop_patterns[s]:
            dp = day.patterns[dpi]
            if pos == len(dp.stops) - 1 or not dp.pickup[pos]:
                continue
            col = dp.dep_at[pos]
            start = bisect_left(col, t0)
            for inst in range(start, min(start + limit, len(col))):
                found.append((col[inst], dpi, inst, s))
    found.sort()
    out = []
    for seconds, dpi, inst, s in found[:limit]:
        dp = day.patterns[dpi]
        trip = dp.trips[inst]
        route = tt.routes[tt.trip_route[trip]]
        out.append(
            {
                "trip_id": tt.trip_ids[trip],
                "stop_id": tt.stop_ids[s],
                "route": {
                    "id": route["id"],
                    "short_name": route["short_name"][lang],
                    "long_name": route["long_name"][lang],
                    "color": route["color"],
                    "text_color": route["text_color"],
                    "agency": route["agency"][lang],
                },
                "mode": route["mode"],
                "headsign": tt.trip_headsign[trip][lang],
                "scheduled": tt.to_datetime(day_date, seconds),
                # the live-bus part fills predictions (see planner/delays.py)
                "predicted": None,
            }
        )
    return out


def route_list(*, feed: Feed) -> QuerySet[Route]:
    return (
        Route.objects.filter(feed=feed)
        .select_related("agency")
        .order_by("sort_order", "short_name", "route_id")
    )


def route_get(*, feed: Feed, route_id: str) -> Route:
    route = Route.objects.filter(feed=feed, route_id=route_id).select_related("agency").first()
    if route is None:
        raise TransitError.route_not_found(route_id=route_id)
    return route


def route_geometry(*, route: Route) -> dict:
    """The route's shapes as a GeoJSON MultiLineString (stop to stop when the feed has no shapes)."""
    shape_ids = sorted(
        set(
            Trip.objects.filter(route=route).exclude(shape_id="").values_list("shape_id", flat=True)
        )
    )
    lines = []
    for points in Shape.objects.filter(feed_id=route.feed_id, shape_id__in=shape_ids).values_list(
        "points", flat=True
    ):
        lines.append([[round(lon, 6), round(lat, 6)] for lat, lon in points])
    if not lines:
        tt = timetable_for(route.feed)
        r = tt.route_index.get(route.route_id)
        seen = set()
        for pattern in tt.patterns:
            key = tuple(pattern.stops)
            if pattern.route == r and key not in seen:
                seen.add(key)
                lines.append([[tt.stop_lon[s], tt.stop_lat[s]] for s in pattern.stops])
    return {"type": "MultiLineString", "coordinates": lines}


def stop_ids_served_by(*, feed: Feed, mode: str) -> frozenset[str]:
    """GTFS stop_ids a route of ``mode`` (tram, bus, …) calls at, from the cached timetable."""
    tt = timetable_for(feed)
    return frozenset(
        tt.stop_ids[s]
        for pattern in tt.patterns
        if tt.routes[pattern.route]["mode"] == mode
        for s in pattern.stops
    )


def route_stops(*, route: Route) -> list[dict]:
    """Stops the route serves, in the order of its longest stop pattern."""
    tt = timetable_for(route.feed)
    r = tt.route_index.get(route.route_id)
    patterns = [p for p in tt.patterns if p.route == r]
    if not patterns:
        return []
    lang = 1 if (get_language() or "ko").startswith("en") else 0
    longest = max(patterns, key=lambda p: len(p.stops))
    return [
        {
            "id": tt.stop_ids[s],
            "name": tt.stop_names[s][lang],
            "lat": tt.stop_lat[s],
            "lon": tt.stop_lon[s],
        }
        for s in longest.stops
    ]


def trip_plan(
    *,
    feed: Feed,
    origin: planner.Place,
    destination: planner.Place,
    when: datetime,
    arrive_by: bool = False,
    max_transfers: int | None = None,
    max_walk_m: float | None = None,
    min_transfer_s: int | None = None,
    rider_id: UUID | str | None = None,
    consents: frozenset[str] = frozenset(),
    modes: frozenset[str] = frozenset(),
    return_at: datetime | None = None,
) -> list[dict]:
    """Itineraries sorted by arrival: the earliest arrival plus Pareto alternatives. Leg providers
    that ask for it see the rider (``rider_id``, ``consents``), both ends of the trip, the opt-in
    ``modes`` asked for and the return time (``return_at``)."""
    tt = timetable_for(feed)
    options = planner.default_options(
        max_transfers=max_transfers, max_walk_m=max_walk_m, min_transfer_s=min_transfer_s
    )
    day, _seconds = tt.to_seconds(when)
    if tt.first_day and tt.last_day and not (tt.first_day <= day <= tt.last_day):
        raise TransitError.outside_service_dates()
    try:
        return planner.plan(
            tt,
            origin=origin,
            destination=destination,
            when=when,
            arrive_by=arrive_by,
            options=options,
            trip=_trip_context(tt, origin, destination, rider_id, consents, modes, return_at),
        )
    except planner.UnknownStop as exc:
        raise TransitError.stop_not_found(stop_id=exc.stop_id) from None
    except planner.WalkingNeeded as exc:
        raise TransitError.stop_required_without_walking(which=exc.which) from None
    except planner.NoStopsNearby as exc:
        raise TransitError.no_stops_nearby(
            which=exc.which, max_walk_m=int(max(options.max_walk_m, options.access_m))
        ) from None


def _place_point(tt: Timetable, place: planner.Place) -> tuple[float, float] | None:
    if place.lat is not None and place.lon is not None:
        return (place.lat, place.lon)
    index = tt.stop_index.get(place.stop_id or "")
    return (tt.stop_lat[index], tt.stop_lon[index]) if index is not None else None


def _trip_context(
    tt: Timetable,
    origin: planner.Place,
    destination: planner.Place,
    rider_id: UUID | str | None,
    consents: frozenset[str],
    modes: frozenset[str] = frozenset(),
    return_at: datetime | None = None,
) -> TripContext | None:
    start, end = _place_point(tt, origin), _place_point(tt, destination)
    if start is None or end is None:
        return None
    return TripContext(
        origin=start,
        destination=end,
        rider_id=rider_id,
        consents=consents,
        modes=modes,
        return_at=return_at,
    )


# --- service alerts -----------------------------------------------------------------------------


def alert_list_active(*, now: datetime | None = None) -> list[ServiceAlert]:
    """Published alerts active at ``now``: in one of their periods, or without periods."""
    now = now or timezone.now()
    in_period = ServiceAlertPeriod.objects.filter(
        Q(start__isnull=True) | Q(start__lte=now), Q(end__isnull=True) | Q(end__gt=now)
    )
    return list(
        ServiceAlert.objects.filter(is_published=True)
        .filter(Q(periods__isnull=True) | Q(periods__in=in_period))
        .distinct()
        .prefetch_related(
            Prefetch("periods", queryset=ServiceAlertPeriod.objects.order_by("start", "id")),
            Prefetch("entities", queryset=ServiceAlertEntity.objects.order_by("id")),
        )
        .order_by("-created_at", "-id")
    )


# --- a person's own: favourite stops, trip tickets ----------------------------------------------


def favourite_list_for_user(*, user: User, feed: Feed) -> list[FavouriteStop]:
    """The user's favourite stops in the feed, each with ``stop`` (None if the stop left the
    feed in a re-import)."""
    favourites = list(FavouriteStop.objects.filter(user=user, feed_name=feed.name))
    stops = {
        s.stop_id: s
        for s in Stop.objects.filter(feed=feed, stop_id__in=[f.stop_id for f in favourites])
    }
    for f in favourites:
        f.stop = stops.get(f.stop_id)
    return favourites


def ticket_list_for_user(*, user: User) -> QuerySet[TripTicket]:
    return TripTicket.objects.filter(user=user).order_by("-created_at")


def ticket_get_for_user(*, user: User, ticket_id: UUID | str, lock: bool = False) -> TripTicket:
    """The user's own ticket; someone else's is "not found". ``lock=True`` (inside a
    transaction) takes the row lock a refund needs first."""
    queryset = TripTicket.objects.filter(user=user)
    if lock:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(id=ticket_id)
    except (TripTicket.DoesNotExist, ValueError, ValidationError):
        raise TicketError.not_found() from None
