"""An independent, deliberately simple reference for the planner: a Connection Scan (Dibbelt et
al., 2013) over the feed as stored in the database, with the same transfer model but none of the
planner's code (its own service-day, time-zone, walking and transfers.txt logic).

Transfer model (the planner documents the same in planner/raptor.py and timetable.py):
- walking distance is the great-circle distance, time = ceil(metres / speed);
- from a stop (or a station's platforms) one may first walk to any stop within max_walk_m;
- after alighting at a, one can board at b after max(walk(a, b) + min_transfer_s,
  transfers.txt min_transfer_time) — b = a included (walk 0) — when b is within max_walk_m, is a
  platform of the same station, or the pair is listed in transfers.txt; type 3 forbids it;
- at the end one may walk from any stop within max_walk_m of the destination stop.

Also ``replay``: checks an itinerary from the API against the stored timetable.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from apps.transit import models as m

INF = float("inf")


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


class ReferencePlanner:
    def __init__(self, feed: m.Feed):
        self.tz = ZoneInfo(feed.timezone)
        self.stops: dict[str, tuple[float, float]] = {}
        self.parent: dict[str, str | None] = {}
        pk_to_id = {}
        for pk, stop_id, lat, lon, parent in m.Stop.objects.filter(feed=feed).values_list(
            "id", "stop_id", "lat", "lon", "parent_id"
        ):
            pk_to_id[pk] = stop_id
            self.stops[stop_id] = (lat or 0.0, lon or 0.0)
            self.parent[stop_id] = parent
        self.parent = {s: pk_to_id.get(p) if p else None for s, p in self.parent.items()}
        self.children: dict[str, list[str]] = defaultdict(list)
        for s, p in self.parent.items():
            if p:
                self.children[p].append(s)
        self.calendar = {c.service_id: c for c in m.Calendar.objects.filter(feed=feed)}
        self.exceptions = {
            (c.service_id, c.date): c.exception_type
            for c in m.CalendarDate.objects.filter(feed=feed)
        }
        self.rules: dict[tuple[str, str], tuple[int, int]] = {}
        for t in m.Transfer.objects.filter(
            feed=feed, from_route_id="", to_route_id="", from_trip_id="", to_trip_id=""
        ).select_related("from_stop", "to_stop"):
            self.rules[(t.from_stop.stop_id, t.to_stop.stop_id)] = (
                t.transfer_type,
                t.min_transfer_time or 0,
            )
        trips = dict(
            m.Trip.objects.filter(feed=feed, is_frequency_template=False).values_list(
                "id", "trip_id"
            )
        )
        self.trip_service = dict(
            m.Trip.objects.filter(feed=feed, is_frequency_template=False).values_list(
                "trip_id", "service_id"
            )
        )
        self.stop_times: dict[str, list[tuple]] = defaultdict(list)
        for trip, stop, seq, arr, dep, pick, drop in m.StopTime.objects.filter(
            feed=feed, trip__is_frequency_template=False
        ).values_list(
            "trip_id",
            "stop_id",
            "stop_sequence",
            "arrival",
            "departure",
            "pickup_type",
            "drop_off_type",
        ):
            self.stop_times[trips[trip]].append(
                (seq, pk_to_id[stop], arr, dep, pick != 1, drop != 1)
            )
        for rows in self.stop_times.values():
            rows.sort()
        self._connections: dict[date, tuple[list, list]] = {}

    # --- calendar and clock ---------------------------------------------------------------------
    def runs(self, service_id: str, day: date) -> bool:
        exception = self.exceptions.get((service_id, day))
        if exception is not None:
            return exception == 1
        c = self.calendar.get(service_id)
        if c is None or not c.start_date <= day <= c.end_date:
            return False
        return [c.monday, c.tuesday, c.wednesday, c.thursday, c.friday, c.saturday, c.sunday][
            day.weekday()
        ]

    def zero(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=self.tz).astimezone(
            UTC
        ) - timedelta(hours=12)

    def connections(self, day: date) -> tuple[list, list]:
        if day not in self._connections:
            conns = []
            for delta in (-1, 0, 1):
                service_day = day + timedelta(days=delta)
                offset = int((self.zero(service_day) - self.zero(day)).total_seconds())
                for trip_id, rows in self.stop_times.items():
                    if not self.runs(self.trip_service[trip_id], service_day):
                        continue
                    key = (trip_id, delta)
                    for a, b in zip(rows, rows[1:], strict=False):
                        conns.append((a[3] + offset, b[2] + offset, a[1], b[1], key, a[4], b[5]))
            conns.sort(key=lambda c: (c[0], c[1]))
            self._connections[day] = (conns, [c[0] for c in conns])
        return self._connections[day]

    # --- walking ---------------------------------------------------------------------------------
    def _platforms(self, stop_id: str) -> list[str]:
        return self.children.get(stop_id) or [stop_id]

    def _walks(self, stop_id: str, max_walk_m: float, speed: float) -> dict[str, int]:
        out = {}
        for s in self._platforms(stop_id):
            out[s] = 0
            for other, p in self.stops.items():
                d = _distance(self.stops[s], p)
                if other != s and d <= max_walk_m:
                    seconds = math.ceil(d / speed)
                    out[other] = min(out.get(other, seconds), seconds)
        return out

    def _change_table(self, max_walk_m: float, slack: int, speed: float) -> dict[str, list]:
        table: dict[str, list] = {}
        for a, pa in self.stops.items():
            items = []
            for b, pb in self.stops.items():
                rule = self.rules.get((a, b))
                d = _distance(pa, pb)
                same_station = self.parent.get(a) is not None and self.parent.get(
                    a
                ) == self.parent.get(b)
                if not (a == b or d <= max_walk_m or same_station or rule):
                    continue
                if rule and rule[0] == 3:
                    continue
                seconds = (0 if a == b else math.ceil(d / speed)) + slack
                if rule and rule[0] == 2:
                    seconds = max(seconds, rule[1])
                items.append((b, seconds))
            table[a] = items
        return table

    # --- the scan --------------------------------------------------------------------------------
    def earliest_arrival(
        self,
        from_stop: str,
        to_stop: str,
        when: datetime,
        *,
        max_walk_m: float = 500,
        min_transfer_s: int = 60,
        speed_mps: float = 1.13,
    ) -> datetime | None:
        """The earliest arrival at ``to_stop`` leaving ``from_stop`` at ``when``, by transit."""
        day = when.astimezone(self.tz).date()
        t0 = int((when - self.zero(day)).total_seconds())
        conns, deps = self.connections(day)
        key = (max_walk_m, min_transfer_s, speed_mps)
        if getattr(self, "_change_key", None) != key:
            self._changes = self._change_table(max_walk_m, min_transfer_s, speed_mps)
            self._change_key = key
        changes = self._changes
        ready: dict[str, float] = defaultdict(lambda: INF)
        for s, seconds in self._walks(from_stop, max_walk_m, speed_mps).items():
            ready[s] = t0 + seconds
        egress = self._walks(to_stop, max_walk_m, speed_mps)
        arrived: dict[str, float] = defaultdict(lambda: INF)
        on_board: set = set()
        best = INF
        for dep, arr, a, b, trip, pickup, drop_off in conns[bisect_left(deps, t0) :]:
            if dep >= best:
                break
            if trip in on_board or (pickup and ready[a] <= dep):
                on_board.add(trip)
                if drop_off and arr < arrived[b]:
                    arrived[b] = arr
                    if b in egress:
                        best = min(best, arr + egress[b])
                    for c, seconds in changes[b]:
                        if arr + seconds < ready[c]:
                            ready[c] = arr + seconds
        if best == INF:
            return None
        return (self.zero(day) + timedelta(seconds=best)).astimezone(self.tz)

    # --- replaying an itinerary ------------------------------------------------------------------
    def replay(
        self, itinerary: dict, *, min_transfer_s: int = 60, speed_mps: float = 1.13
    ) -> list[str]:
        """What is wrong with an itinerary (empty when every ride is in the timetable, runs that
        day, and every change leaves enough time)."""
        problems = []
        previous_ride_end: tuple[str, datetime] | None = None
        walked_since = 0.0
        for leg in itinerary["legs"]:
            if leg["route"] is None:
                walked_since += leg["distance_m"]
                continue
            board_at = datetime.fromisoformat(leg["departure"])
            alight_at = datetime.fromisoformat(leg["arrival"])
            rows = self.stop_times.get(leg["trip_id"])
            if rows is None:
                problems.append(f"unknown trip {leg['trip_id']}")
                continue
            ok = False
            for delta in (-1, 0, 1):
                service_day = board_at.astimezone(self.tz).date() + timedelta(days=delta)
                if not self.runs(self.trip_service[leg["trip_id"]], service_day):
                    continue
                zero = self.zero(service_day)
                # a loop trip passes a stop twice: match the visits by time, boarding first
                boarded = False
                for _seq, stop, arr, dep, pickup, drop_off in rows:
                    if not boarded:
                        boarded = (
                            stop == leg["from"]["id"]
                            and pickup
                            and zero + timedelta(seconds=dep) == board_at
                        )
                    elif (
                        stop == leg["to"]["id"]
                        and drop_off
                        and zero + timedelta(seconds=arr) == alight_at
                    ):
                        ok = True
                        break
                if ok:
                    break
            if not ok:
                problems.append(
                    f"trip {leg['trip_id']} does not run {leg['from']['id']} {board_at} → {leg['to']['id']} {alight_at}"
                )
            if previous_ride_end is not None:
                stop, at = previous_ride_end
                rule = self.rules.get((stop, leg["from"]["id"]))
                if rule and rule[0] == 3:
                    problems.append(f"transfer {stop} → {leg['from']['id']} is not allowed")
                need = math.ceil(walked_since / speed_mps) + min_transfer_s
                if rule and rule[0] == 2:
                    need = max(need, rule[1])
                if (board_at - at).total_seconds() < need - 1:  # walk_m is rounded to metres
                    problems.append(
                        f"only {(board_at - at).total_seconds():.0f}s to change at {stop}, need {need}s"
                    )
            previous_ride_end = (leg["to"]["id"], alight_at)
            walked_since = 0.0
        return problems
