"""The schedule simulator: live buses for the embedded default, when no TAGO key is set.

Every trip running now is placed where its timetable says it is, shifted by a delay of its own.
The delay is drawn from a random generator seeded with (seed, feed, service day, trip), so it is
bounded, plausible, the same on every tick and in every process (no state to share), and the
same in tests. Vehicles move along the trip's shape (stop to stop in a straight line when the
feed has none).

Delays, in seconds (+ late / − early): buses are mostly 0–3 min late, sometimes a little early,
now and then 3–8 min late; light rail and trains run within a minute of the timetable.
"""

from __future__ import annotations

import math
import random
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from apps.transit.planner.timetable import Timetable, haversine_m

from .types import Arrival, VehiclePosition

DEFAULT_SEED = 38070  # Gimhae's city code
BUS_EARLY_MAX_S = 60
BUS_LATE_MAX_S = 480
RAIL_LATE_MAX_S = 60
RAIL_MODES = {"tram", "subway", "rail", "monorail", "funicular"}


def trip_delay(*, seed: int, feed_name: str, service_day: date, trip_id: str, mode: str) -> int:
    rnd = random.Random(f"{seed}|{feed_name}|{service_day.isoformat()}|{trip_id}")
    if mode in RAIL_MODES:
        return 5 * rnd.randint(0, RAIL_LATE_MAX_S // 5)
    roll = rnd.random()
    if roll < 0.15:
        seconds = -rnd.randint(0, BUS_EARLY_MAX_S)
    elif roll < 0.85:
        seconds = rnd.randint(0, 180)
    else:
        seconds = rnd.randint(180, BUS_LATE_MAX_S)
    return 10 * round(seconds / 10)


@dataclass
class Simulation:
    now: int
    arrivals: list[Arrival] = field(default_factory=list)
    vehicles: list[VehiclePosition] = field(default_factory=list)
    delays: dict[date, dict[str, int]] = field(default_factory=dict)


def _cumulative(points: list) -> list[float]:
    out = [0.0]
    for (a_lat, a_lon), (b_lat, b_lon) in zip(points, points[1:], strict=False):
        out.append(out[-1] + haversine_m(a_lat, a_lon, b_lat, b_lon))
    return out


def _bearing(a: tuple[float, float], b: tuple[float, float]) -> float | None:
    if a == b:
        return None
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return round((math.degrees(math.atan2(x, y)) + 360) % 360, 1)


class _Geometry:
    """Per (shape, stop pattern): for each stop-to-stop hop, the polyline between the two stops."""

    def __init__(self, tt: Timetable):
        self.tt = tt
        self._hops: dict[tuple, list[list[tuple[float, float]]]] = {}

    def hops(self, trip: int) -> list[list[tuple[float, float]]]:
        tt = self.tt
        stops = tt.trip_stops[trip]
        shape_id = tt.trip_shape[trip]
        key = (shape_id, tuple(stops))
        cached = self._hops.get(key)
        if cached is not None:
            return cached
        coords = [(tt.stop_lat[s], tt.stop_lon[s]) for s in stops]
        points = [tuple(p) for p in (tt.shape_points(shape_id) or [])]
        hops: list[list[tuple[float, float]]] = []
        if len(points) >= 2:
            # each stop snaps to the nearest shape vertex at or after the previous stop's
            marks, start = [], 0
            for lat, lon in coords:
                best = min(
                    range(start, len(points)),
                    key=lambda i: haversine_m(lat, lon, points[i][0], points[i][1]),
                )
                marks.append(best)
                start = best
            for i in range(len(coords) - 1):
                hops.append([coords[i], *points[marks[i] + 1 : marks[i + 1]], coords[i + 1]])
        else:
            hops = [[coords[i], coords[i + 1]] for i in range(len(coords) - 1)]
        self._hops[key] = hops
        return hops

    @staticmethod
    def along(line: list[tuple[float, float]], fraction: float):
        cum = _cumulative(line)
        total = cum[-1]
        if total <= 0:
            return line[0], None
        target = max(0.0, min(1.0, fraction)) * total
        i = min(bisect_right(cum, target) - 1, len(line) - 2)
        seg = cum[i + 1] - cum[i]
        f = (target - cum[i]) / seg if seg > 0 else 0.0
        a, b = line[i], line[i + 1]
        point = (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
        return point, _bearing(a, b)


_geometries: dict[tuple[int, str], _Geometry] = {}


def _geometry(tt: Timetable) -> _Geometry:
    key = (tt.feed_id, tt.version)
    geo = _geometries.get(key)
    if geo is None or geo.tt is not tt:
        _geometries.clear()
        geo = _geometries[key] = _Geometry(tt)
    return geo


def _label(trip_id: str, service_day: date, route: dict) -> str:
    # stable made-up names for the demo: a plate (경남71자 + four digits) or a train number
    crc = zlib.crc32(f"{service_day}|{trip_id}".encode())
    if route["mode"] in RAIL_MODES:
        return f"{route['id']}-{crc % 25 + 1:02d}"
    return f"경남71자{crc % 9000 + 1000}"


def simulate(tt: Timetable, *, now: datetime, seed: int = DEFAULT_SEED) -> Simulation:
    """Where every running trip of the feed is at ``now`` (aware), with predictions for the rest
    of its stops."""
    stamp = int(now.timestamp())
    sim = Simulation(now=stamp)
    geo = _geometry(tt)
    today, _ = tt.to_seconds(now)
    for delta in (-1, 0):
        service_day = today + timedelta(days=delta)
        running = tt.services_on(service_day)
        if not running:
            continue
        base = int(tt.day_base(service_day).timestamp())
        now_s = stamp - base
        day_delays: dict[str, int] = {}
        for t, service in enumerate(tt.trip_service):
            if service not in running:
                continue
            arr, dep = tt.trip_arr[t], tt.trip_dep[t]
            if not arr or now_s < dep[0] - BUS_EARLY_MAX_S or now_s > arr[-1] + BUS_LATE_MAX_S:
                continue
            route = tt.routes[tt.trip_route[t]]
            trip_id = tt.trip_ids[t]
            delay = trip_delay(
                seed=seed,
                feed_name=tt.feed_name,
                service_day=service_day,
                trip_id=trip_id,
                mode=route["mode"],
            )
            at = now_s - delay  # the timetable moment the vehicle is at
            if at < dep[0] or at >= arr[-1]:
                continue  # not left the first stop yet, or finished
            # the last stop reached (arrival ≤ at)
            last = bisect_right(arr, at) - 1
            stops = tt.trip_stops[t]
            if at < dep[last]:
                status, point, bearing, next_pos = "STOPPED_AT", None, None, last
                point = (tt.stop_lat[stops[last]], tt.stop_lon[stops[last]])
            else:
                hop = geo.hops(t)[last]
                span = arr[last + 1] - dep[last]
                fraction = (at - dep[last]) / span if span > 0 else 1.0
                point, bearing = geo.along(hop, fraction)
                status, next_pos = "IN_TRANSIT_TO", last + 1
            vehicle_id = f"sim-{service_day:%Y%m%d}-{trip_id}"
            label = _label(trip_id, service_day, route)
            if delay:
                day_delays[trip_id] = delay
            sim.vehicles.append(
                VehiclePosition(
                    vehicle_id=vehicle_id,
                    label=label,
                    route_id=route["id"],
                    trip_id=trip_id,
                    lat=round(point[0], 6),
                    lon=round(point[1], 6),
                    bearing=bearing,
                    stop_id=tt.stop_ids[stops[next_pos]],
                    status=status,
                    delay_s=delay,
                    timestamp=stamp,
                    source="simulator",
                    start_date=f"{service_day:%Y%m%d}",
                )
            )
            short_name = route["short_name"][0]
            for pos in range(next_pos, len(stops)):
                sim.arrivals.append(
                    Arrival(
                        stop_id=tt.stop_ids[stops[pos]],
                        route_id=route["id"],
                        route_short_name=short_name,
                        arrival=base + arr[pos] + delay,
                        source="simulator",
                        trip_id=trip_id,
                        vehicle_id=vehicle_id,
                        vehicle_label=label,
                        stops_away=pos - last,
                        scheduled=base + arr[pos],
                        departure_scheduled=base + dep[pos],
                        delay_s=delay,
                    )
                )
        if day_delays:
            sim.delays[service_day] = day_delays
    return sim
