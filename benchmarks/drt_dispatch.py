"""`make bench`: DRT dispatch on generated demand (issue 11) — OR-Tools against a naive baseline.

Demand: 100 and 300 requests over 2 hours (fixed seed), between the demo hubs of apps/drt/seed.py
(the three campuses, light-rail stations, City Hall, the outskirts), shaped like the plan's riders:
80 % students to a campus in waves before classes start (on the hour and half hour), most from
light-rail stations; 20 % citizens from the outskirts to City Hall. Each request is made 5 min
before its earliest pickup, may be picked up up to 15 min later, and may ride at most
1.5 × its direct time + 10 min. Seven buses of 15 seats start at hubs.

- **OR-Tools**: the app's dispatcher (apps/drt/dispatch.py), re-optimised as requests arrive (every
  ``BENCH_DRT_EPOCH_S`` seconds of simulated time, default 60): buses move along their plans, the
  stop a bus is driving to is committed, riders assigned stay on their bus, riders on board keep
  only their drop-off; a new request the solver leaves out is refused (as the app does).
- **Greedy**: the naive nearest-bus baseline (``dispatch.greedy_nearest``): each request, in turn, to
  the bus that reaches it soonest, driven straight there and on to the drop-off, no pooling.

Printed per size: solve time (total over the run), requests served, vehicle-km, mean detour (ride
time ÷ direct time), km per served request; then the time to re-optimise on one new request at the
busiest moment of the 300-request run (goal < 2 s; the solver stops at its time limit, so this is
the limit plus building the model). Travel times: core's road model
(apps/core/travel_time.py, bus kind). Times are printed, never asserted.
Solver time limit per re-optimisation: ``BENCH_DRT_LIMIT_S`` (default 0.5 s).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from apps.core.travel_time import road_leg  # noqa: E402
from apps.drt import dispatch as d  # noqa: E402
from apps.drt.seed import HUBS  # noqa: E402

HORIZON_S = 2 * 3600
LEAD_S = 300
WINDOW_S = 900
BUSES = 7
SEATS = 15
EPOCH_S = int(os.environ.get("BENCH_DRT_EPOCH_S", "60"))
LIMIT_S = float(os.environ.get("BENCH_DRT_LIMIT_S", "0.5"))


def _points():
    campus = [(h[3], h[4]) for h in HUBS if h[6]]
    city = [(h[3], h[4]) for h in HUBS if h[5] == "main"]
    other = [(h[3], h[4]) for h in HUBS if not h[6] and h[5] != "main"]
    outskirts = [(h[3], h[4]) for h in HUBS if h[5] == "outskirts"]
    return campus, city, other, outskirts


def demand(n: int, seed: int) -> list[tuple[int, d.Request]]:
    """(made at, request) pairs. 80 % are students heading to class, in waves before the hour
    and the half hour (classes start then), most from light-rail stations; 20 % are citizens
    from the outskirts to City Hall, spread over the two hours."""
    rng = random.Random(seed)
    campus, city, other, outskirts = _points()
    lrt = [p for p in other if p not in outskirts]
    waves = list(range(1800, HORIZON_S + 1, 1800))
    out = []
    for i in range(n):
        if rng.random() < 0.8:
            made = max(0, min(HORIZON_S - LEAD_S, rng.choice(waves) - rng.randint(900, 2400)))
            roll = rng.random()
            pool = lrt if roll < 0.6 else outskirts if roll < 0.8 else campus
            pickup, dropoff = rng.choice(pool), rng.choice(campus)
            while dropoff == pickup:
                dropoff = rng.choice(campus)
        else:
            made = rng.randint(0, HORIZON_S - LEAD_S)
            pickup, dropoff = rng.choice(outskirts), rng.choice(city)
        direct = road_leg(pickup, dropoff, kind="bus").seconds
        earliest = made + LEAD_S
        out.append(
            (
                made,
                d.Request(
                    id=str(i),
                    pickup=pickup,
                    dropoff=dropoff,
                    earliest=earliest,
                    latest=earliest + WINDOW_S,
                    max_ride=round(direct * 1.5) + 600,
                ),
            )
        )
    out.sort(key=lambda pair: pair[0])
    return out


def buses() -> list[d.VehicleState]:
    starts = [(h[3], h[4]) for h in HUBS]
    return [
        d.VehicleState(f"bus-{i + 1}", starts[(i * 3) % len(starts)], SEATS) for i in range(BUSES)
    ]


def km(points: list[tuple[float, float]]) -> float:
    return (
        sum(road_leg(a, b, kind="bus").metres for a, b in zip(points, points[1:], strict=False))
        / 1000
    )


def summarise(requests, routes_done, starts):
    """served, vehicle-km, mean detour from executed stops: {bus: [Stop...]}."""
    by_id = {r.id: r for r in requests}
    pickups, drops = {}, {}
    total_km = 0.0
    for bus, stops in routes_done.items():
        total_km += km([starts[bus]] + [s.point for s in stops])
        for s in stops:
            (pickups if s.action == "pickup" else drops)[s.request_id] = s.at
    detours = []
    for rid, dropped_at in drops.items():
        r = by_id[rid]
        direct = max(1, road_leg(r.pickup, r.dropoff, kind="bus").seconds)
        detours.append((dropped_at - pickups[rid]) / direct)
    return len(drops), total_km, statistics.mean(detours) if detours else 0.0


def run_ortools(timeline, *, reopt_probe: bool = False):
    fleet = buses()
    starts = {v.id: v.position for v in fleet}
    state = {v.id: (v.position, 0) for v in fleet}  # position, free from
    done: dict[str, list[d.Stop]] = {v.id: [] for v in fleet}
    plans: dict[str, list[d.Stop]] = {v.id: [] for v in fleet}
    active: dict[str, d.Request] = {}
    solve_total = 0.0
    probe = None
    pending = list(timeline)
    t = 0
    while t <= HORIZON_S + 4 * 3600 and (pending or any(plans.values())):
        # move buses: stops due by t, and the one each bus is driving to, are done
        for bus, stops in plans.items():
            keep = []
            for k, stop in enumerate(stops):
                if stop.at <= t or (k == 0 and stop.at > t):
                    done[bus].append(stop)
                    state[bus] = (stop.point, stop.at + d.DWELL_S)
                    r = active[stop.request_id]
                    if stop.action == "pickup":
                        r.on_board, r.boarded_at, r.vehicle = True, stop.at, bus
                    else:
                        del active[stop.request_id]
                else:
                    keep.append(stop)
            plans[bus] = keep
        new = []
        while pending and pending[0][0] <= t:
            new.append(pending.pop(0)[1])
        if new:
            for r in new:
                active[r.id] = r
            vehicles = [
                d.VehicleState(b, pos, SEATS, available_at=max(0, free - t))
                for b, (pos, free) in state.items()
            ]
            shifted = [_shift(r, t) for r in active.values()]
            hint = {b: [(s.request_id, s.action) for s in stops] for b, stops in plans.items()}
            if reopt_probe and new and len(shifted) > (probe[1] + 4 if probe else 0):
                # the busiest moment so far: plan without the newest request, then time the
                # re-optimisation that adds it (from the previous plans, as the app does)
                extra = _shift(new[-1], t)
                others = [s for s in shifted if s.id != extra.id]
                base = d.solve(vehicles, others, time_limit_s=LIMIT_S, hint=hint)
                base_hint = {
                    b: [(s.request_id, s.action) for s in stops] for b, stops in base.routes.items()
                }
                started = time.perf_counter()
                d.solve(vehicles, [*others, extra], time_limit_s=LIMIT_S, hint=base_hint)
                probe = (time.perf_counter() - started, len(others))
            solution = d.solve(vehicles, shifted, time_limit_s=LIMIT_S, hint=hint)
            solve_total += solution.seconds
            for rid in solution.dropped:
                if rid in active and active[rid].vehicle is None:
                    del active[rid]  # refused: the rider was told no bus can serve them
            for bus, stops in solution.routes.items():
                plans[bus] = [d.Stop(s.request_id, s.action, s.point, s.at + t) for s in stops]
                for s in stops:
                    active[s.request_id].vehicle = bus
        t += EPOCH_S
    served, total_km, detour = summarise([r for _, r in timeline], done, starts)
    return solve_total, served, total_km, detour, probe


def _shift(r: d.Request, t: int) -> d.Request:
    return d.Request(
        id=r.id,
        pickup=r.pickup,
        dropoff=r.dropoff,
        earliest=r.earliest - t,
        latest=r.latest - t,
        max_ride=r.max_ride,
        passengers=r.passengers,
        vehicle=r.vehicle,
        on_board=r.on_board,
        boarded_at=r.boarded_at - t,
    )


def run_greedy(timeline):
    fleet = buses()
    solution = d.greedy_nearest(fleet, [r for _, r in timeline])
    served, total_km, detour = summarise(
        [r for _, r in timeline], solution.routes, {v.id: v.position for v in fleet}
    )
    return solution.seconds, served, total_km, detour


def main() -> None:
    print(
        f"DRT dispatch: {BUSES} buses × {SEATS} seats, demand over 2 h, re-optimised every "
        f"{EPOCH_S} s of simulated time, solver limit {LIMIT_S} s per re-optimisation"
    )
    head = (
        f"{'requests':>8} {'method':<8} {'solve s':>8} {'served':>7} {'veh-km':>8} "
        f"{'km/served':>9} {'detour':>7}"
    )
    print(head)
    print("-" * len(head))
    probe = None
    for n in (100, 300):
        timeline = demand(n, seed=n)
        s, served, total_km, detour, p = run_ortools(timeline, reopt_probe=n == 300)
        probe = p or probe
        print(
            f"{n:>8} {'OR-Tools':<8} {s:>8.2f} {served:>7} {total_km:>8.1f} "
            f"{total_km / max(1, served):>9.2f} {detour:>7.2f}"
        )
        timeline = demand(n, seed=n)
        s, served, total_km, detour = run_greedy(timeline)
        print(
            f"{n:>8} {'greedy':<8} {s:>8.2f} {served:>7} {total_km:>8.1f} "
            f"{total_km / max(1, served):>9.2f} {detour:>7.2f}"
        )
    if probe:
        print(
            f"re-optimise on one new request at 300 requests (busiest moment, "
            f"{probe[1]} riders planned or on board): "
            f"{probe[0]:.2f} s (goal < 2 s)"
        )


if __name__ == "__main__":
    main()
