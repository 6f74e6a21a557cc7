"""RAPTOR (Delling, Pajor, Werneck: "Round-Based Public Transit Routing", 2012) over a DayTable.

Round k finds the earliest arrival at every stop using k vehicles. Each round scans the patterns
through stops improved in the previous round, boarding the earliest trip that can still be caught
(patterns are FIFO, so bisect finds it), then relaxes vehicle changes: walking to nearby stops and
transfers.txt rules, as precomputed by ``Timetable.changes``. Labels are pruned against the best
arrival at each stop (local pruning) and at the destination (target pruning), which keeps the
per-round arrivals at the destination exact: the result is the Pareto set of (arrival, number of
vehicles) — the earliest arrival plus every journey with fewer transfers that arrives later.

The transfer model (shared with the reference connection scan in tests/reference.py):
- access: from the origin to a source stop, ``sources[stop] = (seconds, metres)``;
- change after alighting at a to boarding at b: ``changes.walk[a]`` lists (b, seconds, metres);
- route- or trip-specific transfers.txt rules (``changes.special``, see timetable.SpecialChanges):
  at the few stops they name, arrivals are kept per class of the vehicle arrived on and ready
  times per class of the vehicle to board, since one may be allowed a change the other is not;
  day patterns through those stops are scanned by ``_scan_special``, all others as usual;
- egress: from a target stop to the destination, ``targets[stop] = (seconds, metres)``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .timetable import Changes, DayTable, SpecialChanges

INF = 1 << 60


@dataclass(frozen=True, slots=True)
class Ride:
    pattern: int  # index into DayTable.patterns
    instance: int  # index of the trip within that day pattern
    board_pos: int
    alight_pos: int


@dataclass(frozen=True, slots=True)
class Change:
    from_stop: int
    to_stop: int
    metres: float


@dataclass(frozen=True, slots=True)
class Journey:
    """Access to ``first_stop``, then rides joined by changes, then egress from ``last_stop``."""

    arrival: int  # at the destination, seconds on the query day's clock
    first_stop: int
    last_stop: int
    parts: tuple  # Ride, Change, Ride, Change, ..., Ride

    @property
    def rides(self) -> list[Ride]:
        return [p for p in self.parts if isinstance(p, Ride)]

    @property
    def transfers(self) -> int:
        return len(self.rides) - 1


def search(
    day: DayTable,
    *,
    sources: dict[int, tuple[int, float]],
    targets: dict[int, tuple[int, float]],
    depart: int,
    max_rides: int,
    changes: Changes,
    n_stops: int,
) -> list[Journey]:
    """Journeys leaving the origin at ``depart`` or later, Pareto-optimal in (arrival, rides)."""
    walk = changes.walk
    sp = changes.special
    ready_best = [INF] * n_stops  # earliest time one can board at a stop, any round so far
    arr_best = [INF] * n_stops  # earliest vehicle arrival at a stop, any round so far
    # stop → [(round, time, from stop, metres, from class)]
    ready_hist: dict[int, list[tuple[int, int, int, float, tuple | None]]] = {}
    # route/trip-specific transfers.txt rules: the same per (stop, class) — see SpecialChanges
    ready_cls: dict[tuple, int] = {}
    ready_cls_hist: dict[tuple, list] = {}
    arr_cls_best: dict[tuple, int] = {}
    arr_rounds: list[dict] = [{}]
    arr_cls_rounds: list[dict] = [{}]
    marked: set[int] = set()
    for stop, (seconds, _metres) in sources.items():
        t = depart + seconds
        if t < ready_best[stop]:
            ready_best[stop] = t
            ready_hist[stop] = [(0, t, -1, 0.0, None)]
            marked.add(stop)
            if sp is not None:
                for key in sp.to_keys.get(stop, ()):
                    ready_cls[(stop, key)] = t
                    ready_cls_hist[(stop, key)] = [(0, t, -1, 0.0, None)]

    patterns = day.patterns
    stop_patterns = day.stop_patterns
    special_patterns, trip_slots = _special_day(day, sp) if sp is not None else ((), {})
    target_best = INF
    found: list[tuple[int, int, int, tuple | None]] = []  # (round, arrival, last stop, class)

    for k in range(1, max_rides + 1):
        queue: dict[int, int] = {}
        for s in marked:
            for dpi, pos in stop_patterns[s]:
                q = queue.get(dpi)
                if q is None or pos < q:
                    queue[dpi] = pos
        arr_k: dict[int, tuple[int, int, int, int, int, tuple | None]] = {}
        arr_cls_k: dict[tuple, tuple] = {}
        for dpi, start in queue.items():
            dp = patterns[dpi]
            if dpi in special_patterns:
                target_best = _scan_special(
                    dp,
                    dpi,
                    start,
                    sp,
                    trip_slots,
                    ready_best,
                    ready_cls,
                    arr_best,
                    arr_cls_best,
                    arr_k,
                    arr_cls_k,
                    target_best,
                )
                continue
            stops = dp.stops
            pickup = dp.pickup
            drop_off = dp.drop_off
            dep_at = dp.dep_at
            inst = -1
            board_pos = -1
            arr_i: list[int] = []
            dep_i: list[int] = []
            for pos in range(start, len(stops)):
                s = stops[pos]
                if inst >= 0 and drop_off[pos]:
                    t = arr_i[pos]
                    if t < arr_best[s] and t < target_best:
                        arr_best[s] = t
                        arr_k[s] = (t, dpi, inst, board_pos, pos, None)
                r = ready_best[s]
                if r < INF and pickup[pos] and (inst < 0 or r <= dep_i[pos]):
                    col = dep_at[pos]
                    j = bisect_left(col, r)
                    if j < len(col) and (inst < 0 or j < inst):
                        inst = j
                        board_pos = pos
                        arr_i = dp.arr[j]
                        dep_i = dp.dep[j]
        arr_rounds.append(arr_k)
        arr_cls_rounds.append(arr_cls_k)

        best_here = None
        for s, label in arr_k.items():
            egress = targets.get(s)
            if egress is not None and label[0] + egress[0] < target_best:
                target_best = label[0] + egress[0]
                best_here = (s, None)
        for (s, cls), label in arr_cls_k.items():
            egress = targets.get(s)
            if egress is not None and label[0] + egress[0] < target_best:
                target_best = label[0] + egress[0]
                best_here = (s, cls)
        if best_here is not None:
            found.append((k, target_best, *best_here))

        marked = set()
        for s, label in arr_k.items():
            t = label[0]
            if t >= target_best:
                continue
            for b, seconds, metres in walk[s]:
                rt = t + seconds
                if rt < ready_best[b]:
                    ready_best[b] = rt
                    ready_hist.setdefault(b, []).append((k, rt, s, metres, None))
                    marked.add(b)
            if sp is not None:
                named = sp.keyed.get((s, None))
                if named:
                    _relax_named(named, t, k, s, None, ready_cls, ready_cls_hist, marked)
        for (s, cls), label in arr_cls_k.items():
            t = label[0]
            if t >= target_best:
                continue
            for b, seconds, metres in sp.by_class[(s, cls)]:
                rt = t + seconds
                if rt < ready_best[b]:
                    ready_best[b] = rt
                    ready_hist.setdefault(b, []).append((k, rt, s, metres, cls))
                    marked.add(b)
            named = sp.keyed.get((s, cls))
            if named:
                _relax_named(named, t, k, s, cls, ready_cls, ready_cls_hist, marked)
        if not marked:
            break

    return [
        _journey(
            k,
            arrival,
            stop,
            cls,
            arr_rounds,
            arr_cls_rounds,
            ready_hist,
            ready_cls_hist,
            patterns,
        )
        for k, arrival, stop, cls in found
    ]


def _relax_named(named, t, k, s, cls, ready_cls, ready_cls_hist, marked) -> None:
    for b, to_cls, seconds, metres in named:
        rt = t + seconds
        key = (b, to_cls)
        if rt < ready_cls.get(key, INF):
            ready_cls[key] = rt
            ready_cls_hist.setdefault(key, []).append((k, rt, s, metres, cls))
            marked.add(b)


def _special_day(day: DayTable, sp: SpecialChanges) -> tuple[frozenset[int], dict]:
    """The day patterns that pass a stop with route/trip-specific rules (scanned the slow way),
    and where each trip named by a to_trip rule runs: trip → [(day pattern, instance)]."""
    cached = day.derived.get(id(sp))
    if cached is not None and cached[0] is sp:
        return cached[1], cached[2]
    special = sp.special_stops
    patterns = frozenset(
        dpi for dpi, dp in enumerate(day.patterns) if any(s in special for s in dp.stops)
    )
    named_trips = set().union(*sp.to_trips.values()) if sp.to_trips else set()
    slots: dict[int, list[tuple[int, int]]] = {}
    if named_trips:
        for dpi in patterns:
            for inst, trip in enumerate(day.patterns[dpi].trips):
                if trip in named_trips:
                    slots.setdefault(trip, []).append((dpi, inst))
    day.derived[id(sp)] = (sp, patterns, slots)
    return patterns, slots


def _scan_special(
    dp,
    dpi: int,
    start: int,
    sp: SpecialChanges,
    trip_slots: dict,
    ready_best: list[int],
    ready_cls: dict,
    arr_best: list[int],
    arr_cls_best: dict,
    arr_k: dict,
    arr_cls_k: dict,
    target_best: int,
) -> int:
    """One pattern through stops with route/trip-specific rules: the vehicle's class decides
    which arrival label it improves, and the boarding stop's named classes which ready time
    lets it be caught."""
    stops = dp.stops
    pickup = dp.pickup
    drop_off = dp.drop_off
    dep_at = dp.dep_at
    route = sp.trip_route[dp.trips[0]]
    inst = -1
    board_pos = -1
    board_key = None
    arr_i: list[int] = []
    for pos in range(start, len(stops)):
        s = stops[pos]
        if inst >= 0 and drop_off[pos]:
            t = arr_i[pos]
            if t < target_best:
                trip = dp.trips[inst]
                if trip in sp.from_trips.get(s, ()):
                    cls = ("t", trip)
                elif route in sp.from_routes.get(s, ()):
                    cls = ("r", route)
                else:
                    cls = None
                if cls is None:
                    if t < arr_best[s]:
                        arr_best[s] = t
                        arr_k[s] = (t, dpi, inst, board_pos, pos, board_key)
                elif t < arr_cls_best.get((s, cls), INF):
                    arr_cls_best[(s, cls)] = t
                    arr_cls_k[(s, cls)] = (t, dpi, inst, board_pos, pos, board_key)
        if not pickup[pos]:
            continue
        col = dep_at[pos]
        n = len(col)
        if route in sp.to_routes.get(s, ()):
            base_key = ("r", route)
            r = ready_cls.get((s, base_key), INF)
        else:
            base_key = None
            r = ready_best[s]
        j = bisect_left(col, r) if r < INF else n
        # trips named by a to_trip rule here have a ready time of their own
        named: dict[int, tuple[int, tuple]] = {}
        for trip in sp.to_trips.get(s, ()):
            for slot_dpi, slot_inst in trip_slots.get(trip, ()):
                if slot_dpi == dpi:
                    named[slot_inst] = (ready_cls.get((s, ("t", trip)), INF), ("t", trip))
        if named:
            while j < n and j in named and named[j][0] > col[j]:
                j += 1
            for i, (ready, _key) in named.items():
                if i < j and ready <= col[i]:
                    j = i
        if j < n and (inst < 0 or j < inst):
            inst = j
            board_pos = pos
            board_key = named[j][1] if j in named else base_key
            arr_i = dp.arr[j]
    return target_best


def _journey(
    k,
    arrival,
    last_stop,
    last_cls,
    arr_rounds,
    arr_cls_rounds,
    ready_hist,
    ready_cls_hist,
    patterns,
) -> Journey:
    parts: list = []
    stop, cls, rnd = last_stop, last_cls, k
    while True:
        label = arr_rounds[rnd][stop] if cls is None else arr_cls_rounds[rnd][(stop, cls)]
        _t, dpi, inst, board_pos, alight_pos, board_key = label
        parts.append(Ride(dpi, inst, board_pos, alight_pos))
        board = patterns[dpi].stops[board_pos]
        hist = ready_hist[board] if board_key is None else ready_cls_hist[(board, board_key)]
        entry = next(e for e in reversed(hist) if e[0] <= rnd - 1)
        if entry[0] == 0:
            first = board
            break
        parts.append(Change(entry[2], board, entry[3]))
        stop, rnd, cls = entry[2], entry[0], entry[4]
    parts.reverse()
    return Journey(arrival=arrival, first_stop=first, last_stop=last_stop, parts=tuple(parts))
