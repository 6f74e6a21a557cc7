"""Trip planning on top of RAPTOR: origins and destinations (points or stops), walking access and
egress, a second search with less walking, arrive-by, and itineraries as plain dicts for the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import get_language

from . import providers, raptor
from .timetable import DayTable, Timetable, haversine_m, walk_seconds


@dataclass(frozen=True)
class Place:
    """A stop (GTFS stop_id; a station stands for its platforms) or a point."""

    stop_id: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Options:
    max_transfers: int = 6
    max_walk_m: float = 500
    min_transfer_s: int = 60
    walk_speed_mps: float = 1.13
    access_m: float = 800  # how far one walks to the first stop / from the last (points only)


def default_options(**overrides) -> Options:
    base = {
        "max_transfers": getattr(settings, "TRANSIT_MAX_TRANSFERS", 6),
        "max_walk_m": getattr(settings, "TRANSIT_MAX_WALK_M", 500),
        "min_transfer_s": getattr(settings, "TRANSIT_MIN_TRANSFER_S", 60),
        # the city plan's walking speed for older walkers
        "walk_speed_mps": getattr(settings, "TRANSIT_WALK_SPEED_MPS", 1.13),
        "access_m": getattr(settings, "TRANSIT_ACCESS_M", 800),
    }
    base.update({k: v for k, v in overrides.items() if v is not None})
    return Options(**base)


class NoStopsNearby(Exception):
    def __init__(self, which: str):
        self.which = which


class WalkingNeeded(Exception):
    """A point (not a stop) was given with max_walk_m = 0: reaching any stop needs a walk."""

    def __init__(self, which: str):
        self.which = which


class UnknownStop(Exception):
    def __init__(self, stop_id: str):
        self.stop_id = stop_id


@dataclass
class _End:
    stops: dict[int, tuple[int, float]]  # stop → (seconds, metres) of walking
    extra: dict[int, providers.ExtraLeg]  # stop → a faster leg from another mode
    point: tuple[float, float]
    stop: int | None  # when the place is a stop


def _end(
    tt: Timetable,
    place: Place,
    opts: Options,
    kind: str,
    when: datetime,
    trip: providers.TripContext | None = None,
) -> _End:
    speed = opts.walk_speed_mps
    stops: dict[int, tuple[int, float]] = {}
    extra: dict[int, providers.ExtraLeg] = {}
    if place.stop_id is not None:
        index = tt.stop_index.get(place.stop_id)
        if index is None:
            raise UnknownStop(place.stop_id)
        for s in tt.boarding_stops(index):
            stops[s] = (0, 0.0)
            for b, d in tt.neighbours[s]:
                if d > opts.max_walk_m:  # 0: only a stop at the very same spot
                    break
                seconds = walk_seconds(d, speed)
                if b not in stops or stops[b][0] > seconds:
                    stops[b] = (seconds, d)
        return _End(stops, extra, (tt.stop_lat[index], tt.stop_lon[index]), index)
    if opts.max_walk_m <= 0:
        # "no walking" from a point on the map: even the first stop is a walk away, and offering
        # the nearest stop silently would break the promise — the rider has to pick a stop
        raise WalkingNeeded(kind)
    radius = max(opts.max_walk_m, opts.access_m)
    for s, d in tt.stops_near(place.lat, place.lon, radius):
        stops[s] = (walk_seconds(d, speed), d)
    for leg in providers.extra_legs(
        "access" if kind == "from" else "egress",
        feed=tt.feed_name,
        lat=place.lat,
        lon=place.lon,
        at=when,
        trip=trip,
    ):
        s = tt.stop_index.get(leg.stop_id)
        if s is not None and (s not in stops or leg.duration_s < stops[s][0]):
            stops[s] = (leg.duration_s, 0.0)
            extra[s] = leg
    if not stops:
        raise NoStopsNearby(kind)
    return _End(stops, extra, (place.lat, place.lon), None)


def _walk_m(journey: raptor.Journey, origin: _End, dest: _End) -> float:
    metres = origin.stops[journey.first_stop][1] + dest.stops[journey.last_stop][1]
    return metres + sum(p.metres for p in journey.parts if isinstance(p, raptor.Change))


def earliest_journeys(
    tt: Timetable,
    day: DayTable,
    origin: _End,
    dest: _End,
    depart: int,
    opts: Options,
    *,
    less_walking: bool = True,
) -> list[raptor.Journey]:
    changes = tt.changes(
        max_walk_m=opts.max_walk_m,
        min_transfer_s=opts.min_transfer_s,
        speed_mps=opts.walk_speed_mps,
    )
    args = {
        "sources": origin.stops,
        "targets": dest.stops,
        "depart": depart,
        "max_rides": opts.max_transfers + 1,
        "n_stops": len(tt.stop_ids),
    }
    journeys = raptor.search(day, changes=changes, **args)
    if (
        less_walking
        and opts.max_walk_m > 0
        and any(isinstance(p, raptor.Change) and p.metres > 0 for j in journeys for p in j.parts)
    ):
        # Pareto on walking: the same search changing only at the same stop or station
        same_stop = tt.changes(
            max_walk_m=0, min_transfer_s=opts.min_transfer_s, speed_mps=opts.walk_speed_mps
        )
        journeys += raptor.search(day, changes=same_stop, **args)
    return journeys


def earliest_arrival(
    tt: Timetable,
    *,
    origin: Place,
    destination: Place,
    when: datetime,
    options: Options | None = None,
) -> datetime | None:
    """The earliest arrival by transit (no walking-only journey), for tests and the benchmark."""
    opts = options or default_options()
    o = _end(tt, origin, opts, "from", when)
    d = _end(tt, destination, opts, "to", when)
    day_date, t0 = tt.to_seconds(when)
    journeys = earliest_journeys(tt, tt.day_table(day_date), o, d, t0, opts, less_walking=False)
    if not journeys:
        return None
    return tt.to_datetime(day_date, min(j.arrival for j in journeys))


def _pareto(items: list[tuple[int, int, float, object]]) -> list[tuple[int, int, float, object]]:
    """Keep (arrival, transfers, walk_m) not dominated by another; earliest arrival first."""
    items = sorted(items, key=lambda x: (x[0], x[1], x[2]))
    kept: list[tuple[int, int, float, object]] = []
    for item in items:
        if any(k[0] <= item[0] and k[1] <= item[1] and k[2] <= item[2] + 1 for k in kept):
            continue
        kept.append(item)
    return kept


def plan(
    tt: Timetable,
    *,
    origin: Place,
    destination: Place,
    when: datetime,
    arrive_by: bool = False,
    options: Options | None = None,
    limit: int = 5,
    trip: providers.TripContext | None = None,
) -> list[dict]:
    opts = options or default_options()
    o = _end(tt, origin, opts, "from", when, trip)
    d = _end(tt, destination, opts, "to", when, trip)
    day_date, t0 = tt.to_seconds(when)
    day = tt.day_table(day_date)

    if arrive_by:
        deadline = t0
        depart = _latest_departure(tt, day, o, d, deadline, opts)
        journeys = earliest_journeys(tt, day, o, d, depart, opts) if depart is not None else []
        journeys = [j for j in journeys if j.arrival <= deadline]
    else:
        depart = t0
        journeys = earliest_journeys(tt, day, o, d, depart, opts)

    candidates = [(j.arrival, j.transfers, _walk_m(j, o, d), j) for j in journeys]
    direct = haversine_m(*o.point, *d.point)
    walk_limit = max(opts.max_walk_m, opts.access_m) if opts.max_walk_m > 0 else 0
    if direct <= walk_limit:
        seconds = walk_seconds(direct, opts.walk_speed_mps)
        start = t0 - seconds if arrive_by else t0
        candidates.append((start + seconds, 0, direct, ("walk", start, seconds, direct)))
    kept = _pareto(candidates)
    if kept:
        # alternatives with fewer transfers or less walking, but not ones that take far longer
        first_arrival = kept[0][0]
        slack = max(1800, first_arrival - (depart if depart is not None else t0))
        kept = [k for k in kept if k[0] <= first_arrival + slack]
    lang = 1 if (get_language() or "ko").startswith("en") else 0
    return [_render(tt, day, o, d, item[3], lang, opts) for item in kept[:limit]]


def _latest_departure(tt, day, o, d, deadline: int, opts: Options) -> int | None:
    """Arrive by ``deadline``: the latest departure whose earliest arrival is still in time
    (earliest arrival never decreases with a later departure, so bisect on minutes)."""

    def arrival(depart: int) -> int:
        found = earliest_journeys(tt, day, o, d, depart, opts, less_walking=False)
        return min((j.arrival for j in found), default=raptor.INF)

    lo, hi = deadline - 4 * 3600, deadline
    if arrival(lo) > deadline:
        lo = deadline - 12 * 3600
        if arrival(lo) > deadline:
            return None
    while hi - lo > 60:
        mid = (lo + hi) // 2
        if arrival(mid) <= deadline:
            lo = mid
        else:
            hi = mid
    return lo


# --- itineraries as dicts -------------------------------------------------------------------------


def _stop_dict(tt: Timetable, s: int, lang: int) -> dict:
    return {
        "id": tt.stop_ids[s],
        "name": tt.stop_names[s][lang],
        "lat": tt.stop_lat[s],
        "lon": tt.stop_lon[s],
    }


def _point_dict(point: tuple[float, float], name: str) -> dict:
    return {"id": None, "name": name, "lat": point[0], "lon": point[1]}


def _line(points: list[tuple[float, float]]) -> dict:
    return {
        "type": "LineString",
        "coordinates": [[round(lon, 6), round(lat, 6)] for lat, lon in points],
    }


def _shape_slice(shape: list, a: tuple[float, float], b: tuple[float, float]) -> list | None:
    def nearest(p, start):
        best, best_i = None, start
        for i in range(start, len(shape)):
            dy = shape[i][0] - p[0]
            dx = shape[i][1] - p[1]
            dist = dy * dy + dx * dx
            if best is None or dist < best:
                best, best_i = dist, i
        return best_i

    i = nearest(a, 0)
    j = nearest(b, i)
    if j <= i:
        return None
    return [a, *[(p[0], p[1]) for p in shape[i : j + 1]], b]


def _walk_leg(
    tt,
    start: int,
    seconds: int,
    metres: float,
    frm: dict,
    to: dict,
    day,
    mode="walk",
    geometry=None,
) -> dict:
    return {
        "mode": mode,
        "route": None,
        "trip_id": None,
        "headsign": "",
        "from": frm,
        "to": to,
        "departure": tt.to_datetime(day.day, start).isoformat(),
        "arrival": tt.to_datetime(day.day, start + seconds).isoformat(),
        "duration_s": seconds,
        "distance_m": round(metres),
        "intermediate_stops": [],
        "geometry": _line(geometry or [(frm["lat"], frm["lon"]), (to["lat"], to["lon"])]),
        "_end": start + seconds,
    }


def _render(
    tt: Timetable, day: DayTable, o: _End, d: _End, journey, lang: int, opts: Options
) -> dict:
    from django.utils.translation import gettext as _

    here = _("Origin")
    there = _("Destination")
    origin_dict = _stop_dict(tt, o.stop, lang) if o.stop is not None else _point_dict(o.point, here)
    dest_dict = _stop_dict(tt, d.stop, lang) if d.stop is not None else _point_dict(d.point, there)
    if isinstance(journey, tuple):  # walking all the way
        _kind, start, seconds, metres = journey
        legs = [_walk_leg(tt, start, seconds, metres, origin_dict, dest_dict, day)]
        return _itinerary(tt, day, legs, start, start + seconds, 0, metres)

    legs: list[dict] = []
    rides = journey.rides
    first = day.patterns[rides[0].pattern]
    board_time = first.dep[rides[0].instance][rides[0].board_pos]
    access_s, access_m = o.stops[journey.first_stop]
    start = board_time - access_s
    if access_s or (o.stop is not None and journey.first_stop not in tt.boarding_stops(o.stop)):
        extra = o.extra.get(journey.first_stop)
        legs.append(
            _walk_leg(
                tt,
                start,
                access_s,
                access_m,
                origin_dict,
                _stop_dict(tt, journey.first_stop, lang),
                day,
                mode=extra.mode if extra else "walk",
                geometry=extra.geometry if extra else None,
            )
        )
        if extra:
            legs[-1]["details"] = extra.details
    walk_total = access_m
    for part in journey.parts:
        if isinstance(part, raptor.Ride):
            legs.append(_ride_leg(tt, day, part, lang))
        elif part.from_stop != part.to_stop:
            at = _parse_arrival(legs[-1])
            seconds = walk_seconds(part.metres, opts.walk_speed_mps)
            legs.append(
                _walk_leg(
                    tt,
                    at,
                    seconds,
                    part.metres,
                    _stop_dict(tt, part.from_stop, lang),
                    _stop_dict(tt, part.to_stop, lang),
                    day,
                )
            )
            walk_total += part.metres
    egress_s, egress_m = d.stops[journey.last_stop]
    last_arrival = _parse_arrival(legs[-1])
    if egress_s or (d.stop is not None and journey.last_stop not in tt.boarding_stops(d.stop)):
        extra = d.extra.get(journey.last_stop)
        legs.append(
            _walk_leg(
                tt,
                last_arrival,
                egress_s,
                egress_m,
                _stop_dict(tt, journey.last_stop, lang),
                dest_dict,
                day,
                mode=extra.mode if extra else "walk",
                geometry=extra.geometry if extra else None,
            )
        )
        if extra:
            legs[-1]["details"] = extra.details
    walk_total += egress_m
    return _itinerary(tt, day, legs, start, journey.arrival, journey.transfers, walk_total)


def _parse_arrival(leg: dict) -> int:
    return leg["_arrival_s"] if "_arrival_s" in leg else leg["_end"]


def _itinerary(tt, day, legs, start, end, transfers, walk_m) -> dict:
    for leg in legs:
        leg.pop("_arrival_s", None)
        leg.pop("_end", None)
    return {
        "departure": tt.to_datetime(day.day, start).isoformat(),
        "arrival": tt.to_datetime(day.day, end).isoformat(),
        "duration_s": end - start,
        "transfers": transfers,
        "walk_m": round(walk_m),
        "legs": legs,
        "fare": None,
    }


def _ride_leg(tt: Timetable, day: DayTable, ride: raptor.Ride, lang: int) -> dict:
    dp = day.patterns[ride.pattern]
    trip = dp.trips[ride.instance]
    arr = dp.arr[ride.instance]
    dep = dp.dep[ride.instance]
    route = tt.routes[tt.trip_route[trip]]
    a, b = dp.stops[ride.board_pos], dp.stops[ride.alight_pos]
    stops_between = dp.stops[ride.board_pos : ride.alight_pos + 1]
    points = [(tt.stop_lat[s], tt.stop_lon[s]) for s in stops_between]
    shape = tt.shape_points(tt.trip_shape[trip])
    if shape:
        sliced = _shape_slice(shape, points[0], points[-1])
        if sliced:
            points = sliced
    start, end = dep[ride.board_pos], arr[ride.alight_pos]
    return {
        "mode": route["mode"],
        "route": {
            "id": route["id"],
            "short_name": route["short_name"][lang],
            "long_name": route["long_name"][lang],
            "color": route["color"],
            "text_color": route["text_color"],
            "agency": route["agency"][lang],
        },
        "trip_id": tt.trip_ids[trip],
        "headsign": tt.trip_headsign[trip][lang],
        "from": _stop_dict(tt, a, lang),
        "to": _stop_dict(tt, b, lang),
        "departure": tt.to_datetime(day.day, start).isoformat(),
        "arrival": tt.to_datetime(day.day, end).isoformat(),
        "duration_s": end - start,
        "distance_m": round(
            sum(haversine_m(*points[i], *points[i + 1]) for i in range(len(points) - 1))
        ),
        "intermediate_stops": [
            {
                **_stop_dict(tt, dp.stops[pos], lang),
                "arrival": tt.to_datetime(day.day, arr[pos]).isoformat(),
                "departure": tt.to_datetime(day.day, dep[pos]).isoformat(),
            }
            for pos in range(ride.board_pos + 1, ride.alight_pos)
        ],
        "geometry": _line(points),
        "_arrival_s": end,
    }
