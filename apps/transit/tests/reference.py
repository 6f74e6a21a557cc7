"""An independent, deliberately simple reference for the planner: a Connection Scan (Dibbelt et
al., 2013) over the feed as stored in the database, with the same transfer model but none of the
planner's code (its own service-day, time-zone, walking and transfers.txt logic).

Transfer model (the planner documents the same in planner/raptor.py and timetable.py):
- walking distance is the great-circle distance, time = ceil(metres / speed);
- from a stop (or a station's platforms) one may first walk to any stop within max_walk_m;
- after alighting at a from trip T, one can board trip U at b — b = a included (walk 0) — when b
  is within max_walk_m, is a platform of the same station, or a transfers.txt rule that applies
  lists the pair; max_walk_m = 0 means no walking at all (b = a, or a stop at the same spot);
- the transfers.txt rule that applies to (a, b, T, U): rows naming a station apply to its stops;
  among the rows that match, the most specific (GTFS: both trips > trip and route > one trip >
  both routes > one route > stops only), then the one naming stops over stations, then the
  stricter; type 3 forbids the change, type 2 needs max(walk + min_transfer_s,
  min_transfer_time), types 1 (timed) and 4 (in-seat) only the walk, type 0 or no rule
  walk + min_transfer_s; type 5 is ignored;
- at the end one may walk from any stop within max_walk_m of the destination stop.

Also ``replay``: checks an itinerary from the API against the stored timetable and transfers.txt.
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
        # transfers.txt: every row, indexed by the pairs of stops it covers (stations expanded)
        self.trip_route = dict(
            m.Trip.objects.filter(feed=feed).values_list("trip_id", "route__route_id")
        )
        self.trip_template = dict(
            m.Trip.objects.filter(feed=feed)
            .exclude(frequency_template_id="")
            .values_list("trip_id", "frequency_template_id")
        )
        self.location_type = dict(
            m.Stop.objects.filter(feed=feed).values_list("stop_id", "location_type")
        )
        self.pair_rules: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        self.has_specific_rules = False
        for t in (
            m.Transfer.objects.filter(feed=feed)
            .order_by("id")
            .select_related("from_stop", "to_stop")
        ):
            if t.transfer_type == 5:
                continue
            row = (
                t.from_stop.stop_id,
                t.to_stop.stop_id,
                t.from_route_id,
                t.to_route_id,
                t.from_trip_id,
                t.to_trip_id,
                t.transfer_type,
                t.min_transfer_time or 0,
            )
            self.has_specific_rules |= any(row[2:6])
            for a in self._rule_stops(row[0]):
                for b in self._rule_stops(row[1]):
                    self.pair_rules[(a, b)].append(row)
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

    # --- transfers.txt ---------------------------------------------------------------------------
    def _rule_stops(self, stop_id: str) -> list[str]:
        if self.location_type.get(stop_id) == 1:
            return self.children.get(stop_id) or [stop_id]
        return [stop_id]

    def _side(self, route_id: str, trip_id: str, trip: str | None) -> int | None:
        """How specifically a rule's side names ``trip`` (2 trip, 1 route, 0 neither); None when
        it names another vehicle."""
        if trip_id:
            if trip is None or trip_id not in (trip, self.trip_template.get(trip)):
                return None
        if route_id and (trip is None or self.trip_route.get(trip) != route_id):
            return None
        return 2 if trip_id else 1 if route_id else 0

    SPECIFICITY = {(2, 2): 5, (2, 1): 4, (1, 2): 4, (2, 0): 3, (0, 2): 3, (1, 1): 2}

    def rule(
        self, a: str, b: str, from_trip: str | None, to_trip: str | None
    ) -> tuple[int, int] | None:
        """(transfer_type, min_transfer_time) of the rule that applies, or None."""
        best = None
        for row in self.pair_rules.get((a, b), ()):
            f = self._side(row[2], row[4], from_trip)
            t = self._side(row[3], row[5], to_trip)
            if f is None or t is None:
                continue
            specificity = self.SPECIFICITY.get((f, t), 1 if f or t else 0)
            exact = (self.location_type.get(row[0]) != 1) + (self.location_type.get(row[1]) != 1)
            key = (specificity, exact, row[6] == 3, row[7])
            if best is None or key > best[0]:
                best = (key, (row[6], row[7]))
        return best[1] if best else None

    def change_seconds(
        self, a: str, b: str, from_trip, to_trip, *, walk_m, max_walk_m, slack, speed
    ) -> int | None:
        """Seconds needed to change from ``from_trip`` at a to ``to_trip`` at b; None: not allowed."""
        d = _distance(self.stops[a], self.stops[b])
        rule = self.rule(a, b, from_trip, to_trip)
        if max_walk_m <= 0:
            if d > 0 or walk_m > 0:
                return None
        elif not (
            a == b
            or d <= max_walk_m
            or (self.parent.get(a) is not None and self.parent.get(a) == self.parent.get(b))
            or rule is not None
        ):
            return None
        walk = math.ceil(walk_m / speed)
        if rule is None or rule[0] == 0:
            return walk + slack
        if rule[0] == 3:
            return None
        if rule[0] == 2:
            return max(walk + slack, rule[1])
        return walk  # timed, in-seat

    # --- walking ---------------------------------------------------------------------------------
    def _platforms(self, stop_id: str) -> list[str]:
        return self.children.get(stop_id) or [stop_id]

    def _walks(self, stop_id: str, max_walk_m: float, speed: float) -> dict[str, int]:
        out = {}
        for s in self._platforms(stop_id):
            out[s] = 0
            for other, p in self.stops.items():
                d = _distance(self.stops[s], p)
                if other != s and d <= max_walk_m:  # 0: only a stop at the very same spot
                    seconds = math.ceil(d / speed)
                    out[other] = min(out.get(other, seconds), seconds)
        return out

    def _change_table(self, max_walk_m: float, slack: int, speed: float) -> dict[str, list]:
        table: dict[str, list] = {}
        for a, pa in self.stops.items():
            items = []
            for b, pb in self.stops.items():
                d = _distance(pa, pb)
                seconds = self.change_seconds(
                    a, b, None, None, walk_m=d, max_walk_m=max_walk_m, slack=slack, speed=speed
                )
                if seconds is not None:
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
        egress = self._walks(to_stop, max_walk_m, speed_mps)
        access = self._walks(from_stop, max_walk_m, speed_mps)
        if self.has_specific_rules:
            best = self._scan_by_trip(
                conns[bisect_left(deps, t0) :],
                t0,
                access,
                egress,
                max_walk_m=max_walk_m,
                slack=min_transfer_s,
                speed=speed_mps,
            )
        else:
            best = self._scan(conns[bisect_left(deps, t0) :], t0, access, egress, changes)
        if best == INF:
            return None
        return (self.zero(day) + timedelta(seconds=best)).astimezone(self.tz)

    def _scan(self, conns, t0, access, egress, changes) -> float:
        ready: dict[str, float] = defaultdict(lambda: INF)
        for s, seconds in access.items():
            ready[s] = t0 + seconds
        arrived: dict[str, float] = defaultdict(lambda: INF)
        on_board: set = set()
        best = INF
        for dep, arr, a, b, trip, pickup, drop_off in conns:
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
        return best

    def _scan_by_trip(self, conns, t0, access, egress, *, max_walk_m, slack, speed) -> float:
        """The scan when transfers.txt names routes or trips: whether a trip can be boarded
        depends on which trip one came on, so every arrival is kept (slow; small feeds only)."""
        arrivals: dict[str, list[tuple[int, str]]] = defaultdict(list)  # stop → [(time, trip)]
        on_board: set = set()
        best = INF
        memo: dict[tuple, int | None] = {}

        def can_board(stop: str, trip_id: str, dep: int) -> bool:
            if stop in access and t0 + access[stop] <= dep:
                return True
            for a, events in arrivals.items():
                d = _distance(self.stops[a], self.stops[stop])
                for arr, from_trip in events:
                    if arr > dep:
                        continue
                    key = (a, stop, from_trip, trip_id)
                    if key not in memo:
                        memo[key] = self.change_seconds(
                            a,
                            stop,
                            from_trip,
                            trip_id,
                            walk_m=d,
                            max_walk_m=max_walk_m,
                            slack=slack,
                            speed=speed,
                        )
                    if memo[key] is not None and arr + memo[key] <= dep:
                        return True
            return False

        for dep, arr, a, b, trip, pickup, drop_off in conns:
            if dep >= best:
                break
            if trip in on_board or (pickup and can_board(a, trip[0], dep)):
                on_board.add(trip)
                if drop_off:
                    arrivals[b].append((arr, trip[0]))
                    if b in egress:
                        best = min(best, arr + egress[b])
        return best

    # --- replaying an itinerary ------------------------------------------------------------------
    def replay(
        self,
        itinerary: dict,
        *,
        min_transfer_s: int = 60,
        speed_mps: float = 1.13,
        max_walk_m: float = 500,
    ) -> list[str]:
        """What is wrong with an itinerary (empty when every ride is in the timetable and runs
        that day, and every change is allowed by the transfers.txt rule that applies to it and
        leaves the time that rule needs; with max_walk_m = 0, when nothing is walked)."""
        problems = []
        previous_ride_end: tuple[str, datetime, str] | None = None
        walked_since = 0.0
        for leg in itinerary["legs"]:
            if leg["route"] is None:
                walked_since += leg["distance_m"]
                if max_walk_m <= 0 and leg["distance_m"] > 0:
                    problems.append(f"walks {leg['distance_m']} m though walking is off")
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
                stop, at, from_trip = previous_ride_end
                # walk_m is rounded to metres: allow for it in the walk time
                need = self.change_seconds(
                    stop,
                    leg["from"]["id"],
                    from_trip,
                    leg["trip_id"],
                    walk_m=max(0.0, walked_since - 0.5),
                    max_walk_m=max_walk_m,
                    slack=min_transfer_s,
                    speed=speed_mps,
                )
                if need is None:
                    problems.append(
                        f"transfer {stop} ({from_trip}) → {leg['from']['id']} ({leg['trip_id']}) "
                        "is not allowed"
                    )
                elif (board_at - at).total_seconds() < need:
                    problems.append(
                        f"only {(board_at - at).total_seconds():.0f}s to change at {stop}, need {need}s"
                    )
            previous_ride_end = (leg["to"]["id"], alight_at, leg["trip_id"])
            walked_since = 0.0
        return problems
