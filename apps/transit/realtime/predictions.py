"""The live store: the latest predictions and vehicle positions per stop and per route.

Live data lives in the cache (local memory in the embedded default, Redis in the city deployment),
not in the database: it is replaced every 15–30 s, worthless a minute later, and read far more
often than written. Every key expires (``LIVE_TTL``), so when a poller stops the app falls back
to the timetable instead of showing buses frozen in place.

``live_publish`` is the one write: it stores a new generation, pushes ``stop.arrivals`` to
``stop.<id>`` and ``route.vehicles`` to ``route.<id>`` for what changed, feeds the planner's
delays (planner/delays.py) and sends favourite-stop notifications.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from datetime import UTC, date, datetime

from django.core.cache import cache

from apps.core import events
from apps.transit.models import Feed
from apps.transit.planner import delays
from apps.transit.planner.timetable import timetable_for

from .types import Arrival, VehiclePosition

logger = logging.getLogger(__name__)

LIVE_TTL = 180  # seconds a generation stays readable without a newer one
MAX_ARRIVALS_PER_STOP = 12

_SAFE_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")


def _safe(value: str) -> str:
    """Group names and cache keys must be ASCII (≤100 chars): GTFS ids that are not (Korean,
    spaces, ':'…) are replaced by a stable hash."""
    if _SAFE_ID.match(value):
        return value
    return "h" + hashlib.sha1(value.encode()).hexdigest()[:24]


def stop_group(stop_id: str) -> str:
    return f"stop.{_safe(stop_id)}"


def route_group(route_id: str) -> str:
    return f"route.{_safe(route_id)}"


def _key(feed_id: int, kind: str, ident: str = "") -> str:
    return f"transit:rt:{feed_id}:{kind}:{_safe(ident) if ident else ''}"


def _iso(ts: int | None) -> str | None:
    return datetime.fromtimestamp(ts, UTC).isoformat() if ts is not None else None


# --- reads -------------------------------------------------------------------------------------


def stop_arrivals_get(*, feed_id: int, stop_id: str) -> list[dict]:
    """Live arrivals at a stop (a station: at its platforms), soonest first; [] when none known."""
    return cache.get(_key(feed_id, "stop", stop_id)) or []


def route_vehicles_get(*, feed_id: int, route_id: str) -> list[dict]:
    return cache.get(_key(feed_id, "route", route_id)) or []


def live_all_get(*, feed_id: int) -> dict:
    """The whole current generation (for the GTFS-Realtime export)."""
    return cache.get(_key(feed_id, "all")) or {"generated_at": None, "arrivals": [], "vehicles": []}


def trip_delays_get(*, feed_id: int, day: date) -> tuple[object, dict[str, int]]:
    """The delays published for a service day, as planner/delays.py's delay source wants them
    (register it when API processes are not the ones running the poller)."""
    return cache.get(_key(feed_id, "delays", day.isoformat())) or (0, {})


# --- rendering for clients -------------------------------------------------------------------


def arrival_render(item: dict, *, now: int) -> dict:
    return {
        "route_id": item["route_id"],
        "route_short_name": item["route_short_name"],
        "trip_id": item["trip_id"] or None,
        "stop_id": item["stop_id"],
        "vehicle_id": item["vehicle_id"] or None,
        "vehicle_label": item["vehicle_label"],
        "arrival": _iso(item["arrival"]),
        "arrival_in_s": max(0, item["arrival"] - now),
        "scheduled": _iso(item["scheduled"]),
        "delay_s": item["delay_s"],
        "stops_away": item["stops_away"],
        "source": item["source"],
    }


def vehicle_render(item: dict) -> dict:
    return {
        "vehicle_id": item["vehicle_id"],
        "label": item["label"],
        "route_id": item["route_id"],
        "trip_id": item["trip_id"] or None,
        "lat": item["lat"],
        "lon": item["lon"],
        "bearing": item["bearing"],
        "stop_id": item["stop_id"] or None,
        "status": item["status"] or None,
        "delay_s": item["delay_s"],
        "timestamp": _iso(item["timestamp"]),
        "source": item["source"],
    }


def stop_payload(*, stop_id: str, items: list[dict], now: int) -> dict:
    return {
        "stop_id": stop_id,
        "generated_at": _iso(now),
        "arrivals": [arrival_render(i, now=now) for i in items],
    }


def route_payload(*, route_id: str, items: list[dict], now: int) -> dict:
    return {
        "route_id": route_id,
        "generated_at": _iso(now),
        "vehicles": [vehicle_render(i) for i in items],
    }


# --- the write -----------------------------------------------------------------------------------


def live_publish(
    *,
    feed: Feed,
    arrivals: list[Arrival],
    vehicles: list[VehiclePosition],
    now: int,
    trip_delays: dict[date, dict[str, int]] | None = None,
    notify: bool = True,
) -> dict:
    """Store a new generation of live data and push what changed. Returns counts."""
    tt = timetable_for(feed)
    by_stop: dict[str, list[dict]] = defaultdict(list)
    for a in arrivals:
        item = a.as_dict()
        by_stop[a.stop_id].append(item)
        index = tt.stop_index.get(a.stop_id)
        parent = tt.stop_parent[index] if index is not None else -1
        if parent >= 0:  # a station shows the arrivals at all its platforms
            by_stop[tt.stop_ids[parent]].append(item)
    for items in by_stop.values():
        items.sort(key=lambda i: (i["arrival"], i["route_short_name"]))
        del items[MAX_ARRIVALS_PER_STOP:]
    by_route: dict[str, list[dict]] = defaultdict(list)
    for v in vehicles:
        if v.route_id:
            by_route[v.route_id].append(v.as_dict())
    for items in by_route.values():
        items.sort(key=lambda i: i["vehicle_id"])

    index_key = _key(feed.id, "index")
    previous = cache.get(index_key) or {"stops": [], "routes": []}
    stop_ids = set(previous["stops"]) | set(by_stop)
    route_ids = set(previous["routes"]) | set(by_route)
    stop_keys = {s: _key(feed.id, "stop", s) for s in stop_ids}
    route_keys = {r: _key(feed.id, "route", r) for r in route_ids}
    old = cache.get_many([*stop_keys.values(), *route_keys.values()])

    changed_stops = [s for s in stop_ids if old.get(stop_keys[s], []) != by_stop.get(s, [])]
    changed_routes = [r for r in route_ids if old.get(route_keys[r], []) != by_route.get(r, [])]
    cache.set_many({stop_keys[s]: items for s, items in by_stop.items()}, LIVE_TTL)
    cache.set_many({route_keys[r]: items for r, items in by_route.items()}, LIVE_TTL)
    gone = [stop_keys[s] for s in stop_ids if s not in by_stop]
    gone += [route_keys[r] for r in route_ids if r not in by_route]
    if gone:
        cache.delete_many(gone)
    cache.set(index_key, {"stops": sorted(by_stop), "routes": sorted(by_route)}, LIVE_TTL)
    cache.set(
        _key(feed.id, "all"),
        {
            "generated_at": now,
            "arrivals": [a.as_dict() for a in arrivals],
            "vehicles": [v.as_dict() for v in vehicles],
        },
        LIVE_TTL,
    )

    for day, day_delays in (trip_delays or {}).items():
        if delays.current(feed_id=feed.id, day=day)[1] != day_delays:
            # a new version makes the planner rebuild that day's table: only when they change
            delays.trip_delays_set(feed_id=feed.id, day=day, delays=day_delays)
        cache.set(_key(feed.id, "delays", day.isoformat()), (now, day_delays), LIVE_TTL)

    for s in changed_stops:
        events.publish(
            stop_group(s),
            "stop.arrivals",
            stop_payload(stop_id=s, items=by_stop.get(s, []), now=now),
        )
    for r in changed_routes:
        events.publish(
            route_group(r),
            "route.vehicles",
            route_payload(route_id=r, items=by_route.get(r, []), now=now),
        )

    notified = 0
    if notify:
        from .favourites import favourite_arrivals_notify

        try:
            notified = favourite_arrivals_notify(feed=feed, by_stop=by_stop, now=now)
        except Exception:  # notifications must not stop the live feed
            logger.exception("favourite-stop notifications failed")
    return {
        "arrivals": len(arrivals),
        "vehicles": len(vehicles),
        "stops_changed": len(changed_stops),
        "routes_changed": len(changed_routes),
        "notified": notified,
    }


def departures_predict(*, feed: Feed, stop_id: str, departures: list[dict]) -> list[dict]:
    """Fill ``predicted`` in a stop's scheduled departures from the live arrivals.

    A simulator arrival names its trip: it gives the exact scheduled and predicted departure. (The
    planner's day table already shifts delayed trips, so the scheduled time is taken from the live
    record, not from the shifted table.) A TAGO arrival names only the route: the k-th predicted
    bus of a route is matched to the k-th scheduled departure of that route when they are less
    than 30 minutes apart.
    """
    live = stop_arrivals_get(feed_id=feed.id, stop_id=stop_id)
    if not live:
        return departures
    tz = departures[0]["scheduled"].tzinfo if departures else UTC
    by_trip = {(a["trip_id"], a["stop_id"]): a for a in live if a["trip_id"]}
    by_route: dict[str, list[dict]] = defaultdict(list)
    for a in live:
        if not a["trip_id"] and a["route_id"]:
            by_route[a["route_id"]].append(a)
    for d in departures:
        record = by_trip.get((d["trip_id"], d["stop_id"]))
        if record is not None and record["departure_scheduled"] is not None:
            scheduled = record["departure_scheduled"]
            d["scheduled"] = datetime.fromtimestamp(scheduled, tz)
            d["predicted"] = datetime.fromtimestamp(scheduled + (record["delay_s"] or 0), tz)
            continue
        queue = by_route.get(d["route"]["id"])
        if queue:
            record = queue[0]
            if abs(record["arrival"] - d["scheduled"].timestamp()) <= 1800:
                queue.pop(0)
                d["predicted"] = datetime.fromtimestamp(record["arrival"], tz)
    return departures
