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
- change after alighting at a to boarding at b: ``changes[a]`` lists (b, seconds, metres);
- egress: from a target stop to the destination, ``targets[stop] = (seconds, metres)``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .timetable import DayTable

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
    changes: list,
    n_stops: int,
) -> list[Journey]:
    """Journeys leaving the origin at ``depart`` or later, Pareto-optimal in (arrival, rides)."""
    ready_best = [INF] * n_stops  # earliest time one can board at a stop, any round so far
    arr_best = [INF] * n_stops  # earliest vehicle arrival at a stop, any round so far
    ready_hist: dict[int, list[tuple[int, int, int, float]]] = {}  # stop → [(round, time, from, m)]
    arr_rounds: list[dict] = [{}]
    marked: set[int] = set()
    for stop, (seconds, _metres) in sources.items():
        t = depart + seconds
        if t < ready_best[stop]:
            ready_best[stop] = t
            ready_hist[stop] = [(0, t, -1, 0.0)]
            marked.add(stop)

    patterns = day.patterns
    stop_patterns = day.stop_patterns
    target_best = INF
    found: list[tuple[int, int, int]] = []  # (round, arrival, last stop)

    for k in range(1, max_rides + 1):
        queue: dict[int, int] = {}
        for s in marked:
            for dpi, pos in stop_patterns[s]:
                q = queue.get(dpi)
                if q is None or pos < q:
                    queue[dpi] = pos
        arr_k: dict[int, tuple[int, int, int, int, int]] = {}
        for dpi, start in queue.items():
            dp = patterns[dpi]
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
                        arr_k[s] = (t, dpi, inst, board_pos, pos)
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

        best_here = None
        for s, label in arr_k.items():
            egress = targets.get(s)
            if egress is not None and label[0] + egress[0] < target_best:
                target_best = label[0] + egress[0]
                best_here = s
        if best_here is not None:
            found.append((k, target_best, best_here))

        marked = set()
        for s, label in arr_k.items():
            t = label[0]
            if t >= target_best:
                continue
            for b, seconds, metres in changes[s]:
                rt = t + seconds
                if rt < ready_best[b]:
                    ready_best[b] = rt
                    ready_hist.setdefault(b, []).append((k, rt, s, metres))
                    marked.add(b)
        if not marked:
            break

    return [
        _journey(k, arrival, stop, arr_rounds, ready_hist, patterns) for k, arrival, stop in found
    ]


def _journey(k, arrival, last_stop, arr_rounds, ready_hist, patterns) -> Journey:
    parts: list = []
    stop, rnd = last_stop, k
    while True:
        _t, dpi, inst, board_pos, alight_pos = arr_rounds[rnd][stop]
        parts.append(Ride(dpi, inst, board_pos, alight_pos))
        board = patterns[dpi].stops[board_pos]
        entry = next(e for e in reversed(ready_hist[board]) if e[0] <= rnd - 1)
        if entry[0] == 0:
            first = board
            break
        parts.append(Change(entry[2], board, entry[3]))
        stop, rnd = entry[2], entry[0]
    parts.reverse()
    return Journey(arrival=arrival, first_stop=first, last_stop=last_stop, parts=tuple(parts))
