"""The in-memory timetable the planner runs on: built once per process per live feed (cached by feed
id, so a re-import — a new Feed row — is picked up on the next query), as plain Python lists.

Trips are grouped into *patterns*: trips of one route with the same stop sequence (and the same
pickup/drop-off rules), sorted by departure and split so that no trip overtakes another (RAPTOR
boards "the earliest trip that can still be caught", which is only right when trips keep their
order). Per service date, the trips that run (calendar + calendar_dates) are laid out as *day
tables*, including the previous service day's trips running past midnight (25:10:00) and the next
day's, with times shifted onto the query day's clock.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from apps.core.geo import haversine_m
from apps.transit import models as m

from . import delays

NEIGHBOUR_LIMIT_M = 2000  # the footpath graph holds every pair of stops this close


def walk_seconds(distance_m: float, speed_mps: float) -> int:
    return math.ceil(distance_m / speed_mps)


ROUTE_MODES = {
    0: "tram",
    1: "subway",
    2: "rail",
    3: "bus",
    4: "ferry",
    5: "cable_car",
    6: "gondola",
    7: "funicular",
    11: "trolleybus",
    12: "monorail",
}


def route_mode(route_type: int) -> str:
    if route_type in ROUTE_MODES:
        return ROUTE_MODES[route_type]
    # extended route types (Google's HVT list)
    if 100 <= route_type < 200 or 300 <= route_type < 400:
        return "rail"
    if 400 <= route_type < 500:
        return "subway"
    if 700 <= route_type < 800 or 200 <= route_type < 300:
        return "bus"
    if 900 <= route_type < 1000:
        return "tram"
    if 1000 <= route_type < 1300:
        return "ferry"
    return "bus"


# transfers.txt specificity (GTFS reference, transfers.txt): per side, 2 = a trip is named,
# 1 = a route, 0 = neither. Both trips > a trip and a route > one trip > both routes > one route >
# stops only.
_SPECIFICITY = {
    (2, 2): 5,
    (2, 1): 4,
    (1, 2): 4,
    (2, 0): 3,
    (0, 2): 3,
    (1, 1): 2,
    (1, 0): 1,
    (0, 1): 1,
    (0, 0): 0,
}


def _side(route_id: str, trip_id: str) -> int:
    return 2 if trip_id else 1 if route_id else 0


@dataclass(frozen=True, slots=True)
class TransferRule:
    """One transfers.txt row applied to one pair of stops (a station's row to each platform).

    ``from_key``/``to_key``: None (any vehicle), ("r", route index) or ("t", trip index).
    The highest ``priority`` among the rules that match a change decides it: specificity, then a
    rule naming the stop itself over one naming its station, then the stricter rule."""

    priority: tuple
    from_key: tuple | None
    to_key: tuple | None
    kind: int  # 0 recommended, 1 timed, 2 minimum time, 3 not possible, 4 in-seat
    min_time: int


def _key_matches(rule_key: tuple | None, cls: tuple | None, trip_route: list[int]) -> bool:
    """Does a rule's side apply to a vehicle of class ``cls`` (None = no route/trip named)?"""
    if rule_key is None or rule_key == cls:
        return True
    return cls is not None and cls[0] == "t" and rule_key == ("r", trip_route[cls[1]])


@dataclass(slots=True)
class SpecialChanges:
    """The route- and trip-specific part of transfers.txt, resolved per stop pair.

    A vehicle's *class* at a stop is the trip ("t", trip) when a rule there names that trip, else
    its route ("r", route) when a rule names the route, else None. Arrivals of different classes
    are kept apart (one may be allowed a change the other is not); boardings likewise keep one
    ready time per class named at the boarding stop."""

    from_routes: dict[int, frozenset[int]]  # stop → routes named as from_route there
    from_trips: dict[int, frozenset[int]]
    to_routes: dict[int, frozenset[int]]  # stop → routes named as to_route there
    to_trips: dict[int, frozenset[int]]
    to_keys: dict[int, list[tuple]]  # stop → every to class named there
    # (stop, from class) → changes to vehicles of no named class, [(stop, seconds, metres)]
    by_class: dict[tuple, list[tuple[int, int, float]]]
    # (stop, from class or None) → changes to named classes, [(stop, to class, seconds, metres)]
    keyed: dict[tuple, list[tuple[int, tuple, int, float]]]
    trip_route: list[int]
    special_stops: frozenset[int]  # stops with any from or to class


@dataclass(slots=True)
class Changes:
    """What ``Timetable.changes`` precomputes for one (max_walk_m, slack, speed)."""

    walk: list[list[tuple[int, int, float]]]  # stop → [(stop, seconds to be ready, metres)]
    special: SpecialChanges | None  # None when transfers.txt names no route or trip


@dataclass(slots=True)
class Pattern:
    route: int
    stops: list[int]
    pickup: list[bool]
    drop_off: list[bool]
    trips: list[int] = field(default_factory=list)


@dataclass(slots=True)
class DayPattern:
    """A pattern's trips running on one query day, in departure order, none overtaking."""

    pattern: int
    stops: list[int]
    pickup: list[bool]
    drop_off: list[bool]
    trips: list[int]  # trip index
    offsets: list[int]  # seconds added to the trip's GTFS times (service day vs query day)
    arr: list[list[int]]  # per instance, per position
    dep: list[list[int]]
    dep_at: list[list[int]]  # per position, per instance (sorted) — for bisect


@dataclass(slots=True)
class DayTable:
    day: date
    base: datetime  # UTC instant of the query day's "noon minus 12 h"
    patterns: list[DayPattern]
    stop_patterns: list[list[tuple[int, int]]]  # stop → [(day pattern, position)]
    # lazily derived per special-rule set (see raptor._special_day): trip slots, patterns
    derived: dict = field(default_factory=dict)


class Timetable:
    def __init__(self, feed: m.Feed):
        self.feed_id = feed.id
        self.feed_name = feed.name
        self.version = feed.version
        self.tz = ZoneInfo(feed.timezone or settings.TIME_ZONE)
        self._lock = threading.Lock()
        self._days: OrderedDict[tuple, DayTable] = OrderedDict()
        self._changes: OrderedDict[tuple, list] = OrderedDict()
        self._shapes: dict[str, list] | None = None
        self._load(feed)

    # --- loading ---------------------------------------------------------------------------------
    def _load(self, feed: m.Feed) -> None:
        stops = list(
            m.Stop.objects.filter(feed=feed)
            .order_by("id")
            .values_list(
                "id", "stop_id", "name_ko", "name_en", "lat", "lon", "location_type", "parent_id"
            )
        )
        db_stop = {}
        self.stop_ids: list[str] = []
        self.stop_names: list[tuple[str, str]] = []
        self.stop_lat: list[float] = []
        self.stop_lon: list[float] = []
        self.stop_type: list[int] = []
        parent_db: list[int | None] = []
        for i, (pk, stop_id, ko, en, lat, lon, loc, parent) in enumerate(stops):
            db_stop[pk] = i
            self.stop_ids.append(stop_id)
            self.stop_names.append((ko or en, en or ko))
            self.stop_lat.append(lat if lat is not None else 0.0)
            self.stop_lon.append(lon if lon is not None else 0.0)
            self.stop_type.append(loc)
            parent_db.append(parent)
        self.stop_index = {s: i for i, s in enumerate(self.stop_ids)}
        self.stop_parent = [db_stop.get(p, -1) if p else -1 for p in parent_db]
        self.stop_children: dict[int, list[int]] = defaultdict(list)
        for i, p in enumerate(self.stop_parent):
            if p >= 0:
                self.stop_children[p].append(i)

        # both languages, picked per request like stop and route names (the table is per feed)
        agencies = {
            pk: (ko or en, en or ko)
            for pk, ko, en in m.Agency.objects.filter(feed=feed).values_list(
                "id", "name_ko", "name_en"
            )
        }
        routes = list(
            m.Route.objects.filter(feed=feed)
            .order_by("id")
            .values_list(
                "id",
                "route_id",
                "short_name_ko",
                "short_name_en",
                "long_name_ko",
                "long_name_en",
                "route_type",
                "color",
                "text_color",
                "agency_id",
            )
        )
        db_route = {}
        self.routes: list[dict] = []
        for i, (pk, route_id, sko, sen, lko, len_, rtype, color, text_color, agency) in enumerate(
            routes
        ):
            db_route[pk] = i
            self.routes.append(
                {
                    "id": route_id,
                    "short_name": (sko or sen, sen or sko),
                    "long_name": (lko or len_, len_ or lko),
                    "route_type": rtype,
                    "mode": route_mode(rtype),
                    "color": color,
                    "text_color": text_color,
                    "agency": agencies.get(agency, ("", "")),
                }
            )
        self.route_index = {r["id"]: i for i, r in enumerate(self.routes)}

        # services
        self.service_ids: list[str] = []
        service_index: dict[str, int] = {}

        def sid(s: str) -> int:
            if s not in service_index:
                service_index[s] = len(self.service_ids)
                self.service_ids.append(s)
            return service_index[s]

        self.calendars: dict[int, tuple] = {}
        for c in m.Calendar.objects.filter(feed=feed).values_list(
            "service_id",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "start_date",
            "end_date",
        ):
            self.calendars[sid(c[0])] = (c[1:8], c[8], c[9])
        self.added: dict[date, set[int]] = defaultdict(set)
        self.removed: dict[date, set[int]] = defaultdict(set)
        for service_id, day, kind in m.CalendarDate.objects.filter(feed=feed).values_list(
            "service_id", "date", "exception_type"
        ):
            (self.added if kind == 1 else self.removed)[day].add(sid(service_id))
        self.first_day = min(
            [c[1] for c in self.calendars.values()] + list(self.added), default=None
        )
        self.last_day = max(
            [c[2] for c in self.calendars.values()] + list(self.added), default=None
        )

        # trips and their stop times
        trips = list(
            m.Trip.objects.filter(feed=feed, is_frequency_template=False)
            .order_by("id")
            .values_list(
                "id", "trip_id", "route_id", "service_id", "headsign_ko", "headsign_en", "shape_id"
            )
        )
        db_trip = {}
        self.trip_ids: list[str] = []
        self.trip_route: list[int] = []
        self.trip_service: list[int] = []
        self.trip_headsign: list[tuple[str, str]] = []
        self.trip_shape: list[str] = []
        for i, (pk, trip_id, route, service, hko, hen, shape) in enumerate(trips):
            db_trip[pk] = i
            self.trip_ids.append(trip_id)
            self.trip_route.append(db_route[route])
            self.trip_service.append(sid(service))
            self.trip_headsign.append((hko or hen, hen or hko))
            self.trip_shape.append(shape)
        self.trip_index = {t: i for i, t in enumerate(self.trip_ids)}
        n = len(trips)
        t_stops: list[list[int]] = [[] for _ in range(n)]
        t_arr: list[list[int]] = [[] for _ in range(n)]
        t_dep: list[list[int]] = [[] for _ in range(n)]
        t_pick: list[list[bool]] = [[] for _ in range(n)]
        t_drop: list[list[bool]] = [[] for _ in range(n)]
        rows = (
            m.StopTime.objects.filter(feed=feed, trip__is_frequency_template=False)
            .order_by("trip_id", "stop_sequence")
            .values_list(
                "trip_id", "stop_id", "arrival", "departure", "pickup_type", "drop_off_type"
            )
        )
        for trip, stop, arr, dep, pick, drop in rows.iterator(chunk_size=10_000):
            t = db_trip[trip]
            t_stops[t].append(db_stop[stop])
            t_arr[t].append(arr)
            t_dep[t].append(dep)
            t_pick[t].append(pick != 1)
            t_drop[t].append(drop != 1)
        self.trip_arr = t_arr
        self.trip_dep = t_dep
        self.trip_stops = t_stops

        # patterns: same route, same stops, same pickup/drop-off; then split on overtaking
        groups: dict[tuple, list[int]] = defaultdict(list)
        for t in range(n):
            key = (self.trip_route[t], tuple(t_stops[t]), tuple(t_pick[t]), tuple(t_drop[t]))
            groups[key].append(t)
        self.patterns: list[Pattern] = []
        self.trip_pattern = [0] * n
        for (route, stops_, pick, drop), members in groups.items():
            members.sort(key=lambda t: (t_dep[t][0], t_arr[t][-1]))
            for chain in _fifo_chains(members, t_arr, t_dep):
                p = len(self.patterns)
                self.patterns.append(Pattern(route, list(stops_), list(pick), list(drop), chain))
                for t in chain:
                    self.trip_pattern[t] = p

        # transfers.txt, every row: stop-only rules feed the per-stop change lists directly;
        # route- and trip-specific rules are resolved per (stop pair, from class, to class) in
        # changes() so that a feed without them plans exactly as fast as before.
        by_template: dict[str, list[int]] = defaultdict(list)
        for trip_id, template in (
            m.Trip.objects.filter(feed=feed, is_frequency_template=False)
            .exclude(frequency_template_id="")
            .values_list("trip_id", "frequency_template_id")
        ):
            by_template[template].append(self.trip_index[trip_id])
        self.transfer_rules: dict[int, dict[int, list[TransferRule]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.has_specific_rules = False
        for row in (
            m.Transfer.objects.filter(feed=feed)
            .order_by("id")
            .values_list(
                "from_stop_id",
                "to_stop_id",
                "from_route_id",
                "to_route_id",
                "from_trip_id",
                "to_trip_id",
                "transfer_type",
                "min_transfer_time",
            )
        ):
            a, b, from_route, to_route, from_trip, to_trip, kind, mtt = row
            if kind == 5:
                # "in-seat transfer not allowed: alight and re-board": the planner never keeps a
                # rider seated from one trip to the next, so the ordinary change rules apply
                continue
            froms = self._rule_keys(from_route, from_trip, by_template)
            tos = self._rule_keys(to_route, to_trip, by_template)
            if froms is None or tos is None:  # names a trip or route the timetable lacks
                continue
            a, b = db_stop[a], db_stop[b]
            exact = (self.stop_type[a] != 1) + (self.stop_type[b] != 1)
            rank = _SPECIFICITY[(_side(from_route, from_trip), _side(to_route, to_trip))]
            for fk in froms:
                for tk in tos:
                    rule = TransferRule(
                        priority=(rank, exact, kind == 3, mtt or 0),
                        from_key=fk,
                        to_key=tk,
                        kind=kind,
                        min_time=mtt or 0,
                    )
                    for sa in self.rule_stops(a):
                        for sb in self.rule_stops(b):
                            self.transfer_rules[sa][sb].append(rule)
                    self.has_specific_rules |= fk is not None or tk is not None

        self._build_neighbours()

    def _rule_keys(
        self, route_id: str, trip_id: str, by_template: dict[str, list[int]]
    ) -> list | None:
        """The classes a transfers.txt side names: [None] (any vehicle), a route or trips (a
        frequency template stands for every trip made from it); None when it names nothing here."""
        if trip_id:
            trips = [self.trip_index[trip_id]] if trip_id in self.trip_index else []
            trips += by_template.get(trip_id, [])
            if route_id:
                trips = [t for t in trips if self.routes[self.trip_route[t]]["id"] == route_id]
            return [("t", t) for t in trips] or None
        if route_id:
            route = self.route_index.get(route_id)
            return None if route is None else [("r", route)]
        return [None]

    def rule_stops(self, stop: int) -> list[int]:
        """A transfers.txt rule naming a station applies to all its stops (GTFS reference)."""
        if self.stop_type[stop] == 1:
            return self.stop_children.get(stop) or [stop]
        return [stop]

    def _build_neighbours(self) -> None:
        """Every pair of stops within NEIGHBOUR_LIMIT_M, nearest first (a grid keeps it linear)."""
        cell = NEIGHBOUR_LIMIT_M / 111_000
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(self.stop_ids)):
            grid[(int(self.stop_lat[i] // cell), int(self.stop_lon[i] // cell))].append(i)
        self.neighbours: list[list[tuple[int, float]]] = [[] for _ in self.stop_ids]
        for i in range(len(self.stop_ids)):
            lat, lon = self.stop_lat[i], self.stop_lon[i]
            gy, gx = int(lat // cell), int(lon // cell)
            # a degree of longitude is shorter away from the equator: look further sideways
            span = max(1, math.ceil(1 / max(math.cos(math.radians(lat)), 0.05)))
            found = []
            for dy in (-1, 0, 1):
                for dx in range(-span, span + 1):
                    for j in grid.get((gy + dy, gx + dx), ()):
                        if j != i:
                            d = haversine_m(lat, lon, self.stop_lat[j], self.stop_lon[j])
                            if d <= NEIGHBOUR_LIMIT_M:
                                found.append((j, d))
            found.sort(key=lambda x: x[1])
            self.neighbours[i] = found

    # --- service days ------------------------------------------------------------------------
    def services_on(self, day: date) -> set[int]:
        weekday = day.weekday()
        running = {
            s
            for s, (days, start, end) in self.calendars.items()
            if days[weekday] and start <= day <= end
        }
        running |= self.added.get(day, set())
        running -= self.removed.get(day, set())
        return running

    def day_base(self, day: date) -> datetime:
        """The UTC instant of the service day's "noon minus 12 h" (GTFS time zero)."""
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=self.tz).astimezone(UTC)
        return noon - timedelta(hours=12)

    def to_seconds(self, when: datetime) -> tuple[date, int]:
        """An aware datetime → (service day in the agency's zone, GTFS seconds on that day)."""
        local = when.astimezone(self.tz)
        day = local.date()
        return day, int((when - self.day_base(day)).total_seconds())

    def to_datetime(self, day: date, seconds: int) -> datetime:
        return (self.day_base(day) + timedelta(seconds=seconds)).astimezone(self.tz)

    def day_table(self, day: date) -> DayTable:
        delay_key, trip_delays = delays.current(feed_id=self.feed_id, day=day)
        key = (day, delay_key)
        with self._lock:
            table = self._days.get(key)
            if table is not None:
                self._days.move_to_end(key)
                return table
        table = self._build_day(day, trip_delays)
        with self._lock:
            self._days[key] = table
            while len(self._days) > 8:
                self._days.popitem(last=False)
        return table

    def _build_day(self, day: date, trip_delays: dict[str, int]) -> DayTable:
        base = self.day_base(day)
        per_pattern: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for delta in (-1, 0, 1):
            service_day = day + timedelta(days=delta)
            running = self.services_on(service_day)
            if not running:
                continue
            offset = int((self.day_base(service_day) - base).total_seconds())
            delayed = trip_delays if delta == 0 else {}
            for t, service in enumerate(self.trip_service):
                if service in running:
                    shift = offset + delayed.get(self.trip_ids[t], 0)
                    per_pattern[self.trip_pattern[t]].append(
                        (self.trip_dep[t][0] + shift, t, shift)
                    )
        patterns: list[DayPattern] = []
        stop_patterns: list[list[tuple[int, int]]] = [[] for _ in self.stop_ids]
        for p, instances in per_pattern.items():
            instances.sort()
            pat = self.patterns[p]
            arrs = [[a + s for a in self.trip_arr[t]] for _, t, s in instances]
            deps = [[d + s for d in self.trip_dep[t]] for _, t, s in instances]
            for chain in _fifo_chains(list(range(len(instances))), arrs, deps):
                dp = DayPattern(
                    pattern=p,
                    stops=pat.stops,
                    pickup=pat.pickup,
                    drop_off=pat.drop_off,
                    trips=[instances[i][1] for i in chain],
                    offsets=[instances[i][2] for i in chain],
                    arr=[arrs[i] for i in chain],
                    dep=[deps[i] for i in chain],
                    dep_at=[[deps[i][pos] for i in chain] for pos in range(len(pat.stops))],
                )
                index = len(patterns)
                patterns.append(dp)
                for pos, stop in enumerate(pat.stops):
                    stop_patterns[stop].append((index, pos))
        return DayTable(day=day, base=base, patterns=patterns, stop_patterns=stop_patterns)

    # --- walking --------------------------------------------------------------------------------
    def changes(self, *, max_walk_m: float, min_transfer_s: int, speed_mps: float) -> Changes:
        """How one may change vehicles, per stop, under transfers.txt.

        A change from a to b is possible when b = a, when b is within max_walk_m, when both are
        platforms of one station, or when a transfers.txt rule lists the pair; max_walk_m = 0
        means no walking at all: only b = a (or a stop at the very same spot). It takes
        walk + min_transfer_s; the rule that applies (see TransferRule) may forbid it (type 3),
        make it max(that, min_transfer_time) (type 2) or take only the walk — the departing vehicle
        waits (type 1, timed; type 4, in-seat).
        """
        key = (max_walk_m, min_transfer_s, speed_mps)
        with self._lock:
            cached = self._changes.get(key)
            if cached is not None:
                return cached
        no_walking = max_walk_m <= 0

        def seconds(rule: TransferRule | None, d: float) -> int | None:
            walk = walk_seconds(d, speed_mps)
            if rule is None or rule.kind == 0:
                return walk + min_transfer_s
            if rule.kind == 3:
                return None
            if rule.kind == 2:
                return max(walk + min_transfer_s, rule.min_time)
            return walk  # 1 timed, 4 in-seat: guaranteed, the departing vehicle waits

        def candidates(s: int) -> dict[int, tuple[float, bool]]:
            """b → (metres, reachable without a rule listing the pair)."""
            out = {s: (0.0, True)}
            parent = self.stop_parent[s]
            for b, d in self.neighbours[s]:
                if no_walking:
                    if d > 0:
                        break
                    out[b] = (d, True)
                    continue
                same_station = parent >= 0 and self.stop_parent[b] == parent
                out[b] = (d, d <= max_walk_m or same_station)
            if not no_walking:
                for b in self.transfer_rules.get(s, {}):
                    if b not in out:
                        d = haversine_m(
                            self.stop_lat[s], self.stop_lon[s], self.stop_lat[b], self.stop_lon[b]
                        )
                        out[b] = (d, False)
            return out

        trip_route = [self.trip_route[t] for t in range(len(self.trip_ids))]

        def resolve(rules: list[TransferRule], from_cls, to_cls) -> TransferRule | None:
            best = None
            for rule in rules:
                if (
                    (best is None or rule.priority > best.priority)
                    and _key_matches(rule.from_key, from_cls, trip_route)
                    and _key_matches(rule.to_key, to_cls, trip_route)
                ):
                    best = rule
            return best

        walk: list[list[tuple[int, int, float]]] = []
        cand_cache: dict[int, dict[int, tuple[float, bool]]] = {}
        for s in range(len(self.stop_ids)):
            rules = self.transfer_rules.get(s, {})
            cand = candidates(s)
            if self.has_specific_rules:
                cand_cache[s] = cand
            items = []
            for b, (d, reachable) in cand.items():
                pair = rules.get(b)
                rule = resolve(pair, None, None) if pair else None
                if rule is None and not reachable:
                    continue
                sec = seconds(rule, d)
                if sec is not None:
                    items.append((b, sec, d))
            walk.append(items)

        special = None
        if self.has_specific_rules:
            special = self._special_changes(cand_cache, resolve, seconds, trip_route)
        out = Changes(walk=walk, special=special)
        with self._lock:
            self._changes[key] = out
            while len(self._changes) > 8:
                self._changes.popitem(last=False)
        return out

    def _special_changes(self, cand_cache, resolve, seconds, trip_route) -> SpecialChanges:
        from_sets: dict[int, set] = defaultdict(set)
        to_sets: dict[int, set] = defaultdict(set)
        for a, by_b in self.transfer_rules.items():
            for b, rules in by_b.items():
                for rule in rules:
                    if rule.from_key is not None:
                        from_sets[a].add(rule.from_key)
                    if rule.to_key is not None:
                        to_sets[b].add(rule.to_key)
        by_class: dict[tuple, list] = {}
        keyed: dict[tuple, list] = {}
        for a, cand in cand_cache.items():
            rules_a = self.transfer_rules.get(a, {})
            classes = [None, *sorted(from_sets.get(a, ()))]
            for cls in classes:
                plain: list[tuple[int, int, float]] = []
                named: list[tuple[int, tuple, int, float]] = []
                for b, (d, reachable) in cand.items():
                    pair = rules_a.get(b, ())
                    if cls is not None:
                        rule = resolve(pair, cls, None)
                        if rule is not None or reachable:
                            sec = seconds(rule, d)
                            if sec is not None:
                                plain.append((b, sec, d))
                    for to_cls in sorted(to_sets.get(b, ())):
                        rule = resolve(pair, cls, to_cls)
                        if rule is None and not reachable:
                            continue
                        sec = seconds(rule, d)
                        if sec is not None:
                            named.append((b, to_cls, sec, d))
                if cls is not None:
                    by_class[(a, cls)] = plain
                if named:
                    keyed[(a, cls)] = named

        def split(sets: dict[int, set], kind: str) -> dict[int, frozenset[int]]:
            return {
                s: frozenset(k[1] for k in keys if k[0] == kind)
                for s, keys in sets.items()
                if any(k[0] == kind for k in keys)
            }

        return SpecialChanges(
            from_routes=split(from_sets, "r"),
            from_trips=split(from_sets, "t"),
            to_routes=split(to_sets, "r"),
            to_trips=split(to_sets, "t"),
            to_keys={s: sorted(keys) for s, keys in to_sets.items()},
            by_class=by_class,
            keyed=keyed,
            trip_route=trip_route,
            special_stops=frozenset(from_sets) | frozenset(to_sets),
        )

    def stops_near(self, lat: float, lon: float, radius_m: float) -> list[tuple[int, float]]:
        box = radius_m / 111_000 * 1.2
        wide = box / max(math.cos(math.radians(lat)), 0.05)
        found = []
        for i in range(len(self.stop_ids)):
            if self.stop_type[i] not in (0,) or abs(self.stop_lat[i] - lat) > box:
                continue
            if abs(self.stop_lon[i] - lon) > wide:
                continue
            d = haversine_m(lat, lon, self.stop_lat[i], self.stop_lon[i])
            if d <= radius_m:
                found.append((i, d))
        found.sort(key=lambda x: x[1])
        return found

    def boarding_stops(self, stop: int) -> list[int]:
        """A station stands for its platforms."""
        children = self.stop_children.get(stop)
        return list(children) if children else [stop]

    def shape_points(self, shape_id: str) -> list | None:
        if not shape_id:
            return None
        if self._shapes is None:
            self._shapes = dict(
                m.Shape.objects.filter(feed_id=self.feed_id).values_list("shape_id", "points")
            )
        return self._shapes.get(shape_id)


def _fifo_chains(members: list[int], arr: list[list[int]], dep: list[list[int]]) -> list[list[int]]:
    """Split trips (sorted by first departure) into chains where no trip overtakes the one before."""
    chains: list[list[int]] = []
    for t in members:
        for chain in chains:
            last = chain[-1]
            if all(a1 <= a2 for a1, a2 in zip(arr[last], arr[t], strict=True)) and all(
                d1 <= d2 for d1, d2 in zip(dep[last], dep[t], strict=True)
            ):
                chain.append(t)
                break
        else:
            chains.append([t])
    return chains


# --- one timetable per live feed per process ----------------------------------------------------

_cache: dict[int, Timetable] = {}
_cache_lock = threading.Lock()


def timetable_for(feed: m.Feed) -> Timetable:
    """The cached timetable of this feed version; a new import (a new Feed id) builds a new one."""
    tt = _cache.get(feed.id)
    if tt is not None and tt.version == feed.version:
        return tt
    with _cache_lock:
        tt = _cache.get(feed.id)
        if tt is None or tt.version != feed.version:
            tt = Timetable(feed)
            for old_id in [k for k, v in _cache.items() if v.feed_name == feed.name]:
                del _cache[old_id]
            _cache[feed.id] = tt
    return tt


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
