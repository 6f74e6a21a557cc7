"""Every plan respects capacity, pickup windows and the longest ride; riders on board stay."""

import random

from apps.drt import dispatch as d

HUBS = [
    (35.2466, 128.9027),
    (35.2679, 128.8690),
    (35.2452, 128.9150),
    (35.2281, 128.9017),
    (35.2271, 128.8903),
    (35.2273, 128.8742),
    (35.2497, 128.8692),
]


def _requests(n, seed):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(HUBS, 2)
        t = rng.randint(0, 1800)
        direct = d.bus_matrix([a, b])[0][1]
        out.append(
            d.Request(str(i), a, b, t, t + 600, round(direct * 1.5) + 300, rng.randint(1, 3))
        )
    return out


def check_plan(solution, vehicles, requests, *, slack=0):
    by_id = {r.id: r for r in requests}
    caps = {v.id: v for v in vehicles}
    for vehicle_id, stops in solution.routes.items():
        load = sum(r.passengers for r in requests if r.on_board and r.vehicle == vehicle_id)
        picked = {}
        for stop in stops:
            r = by_id[stop.request_id]
            if stop.action == "pickup":
                assert r.earliest <= stop.at <= r.latest + slack
                load += r.passengers
                picked[r.id] = stop.at
            else:
                load -= r.passengers
                start = picked.get(r.id, r.boarded_at)
                assert stop.at - start <= r.max_ride + slack
            assert 0 <= load <= caps[vehicle_id].capacity
        assert set(picked) <= {s.request_id for s in stops if s.action == "dropoff"}


def test_every_plan_respects_capacity_windows_and_ride_time():
    vehicles = [d.VehicleState("a", HUBS[0], 4), d.VehicleState("b", HUBS[4], 4)]
    for seed in range(3):
        requests = _requests(14, seed)
        solution = d.solve(vehicles, requests, time_limit_s=0.3)
        check_plan(solution, vehicles, requests)
        served = {s.request_id for stops in solution.routes.values() for s in stops}
        assert served | set(solution.dropped) == {r.id for r in requests}
        assert served


def test_capacity_leaves_a_rider_out_rather_than_overfill():
    vehicles = [d.VehicleState("a", HUBS[3], 2)]
    requests = [d.Request(str(i), HUBS[3], HUBS[0], 0, 60, 900, passengers=1) for i in range(3)]
    solution = d.solve(vehicles, requests, time_limit_s=0.2)
    assert len(solution.dropped) == 1
    check_plan(solution, vehicles, requests)


def test_riders_on_board_keep_their_bus():
    vehicles = [d.VehicleState("a", HUBS[0], 4), d.VehicleState("b", HUBS[1], 4)]
    on_board = d.Request("x", HUBS[3], HUBS[1], -300, -200, 1800, vehicle="a", on_board=True,
                         boarded_at=-250)  # fmt: skip
    assigned = d.Request("y", HUBS[1], HUBS[2], 0, 900, 1800, vehicle="a")
    solution = d.solve(vehicles, [on_board, assigned], time_limit_s=0.2)
    assert [s.action for s in solution.routes["a"] if s.request_id == "x"] == ["dropoff"]
    assert {s.request_id for s in solution.routes["a"]} == {"x", "y"}
    assert solution.routes["b"] == []


def test_reoptimising_from_a_hint_keeps_serving():
    vehicles = [d.VehicleState("a", HUBS[0], 6), d.VehicleState("b", HUBS[4], 6)]
    requests = _requests(10, 7)
    first = d.solve(vehicles, requests, time_limit_s=0.2)
    hint = {v: [(s.request_id, s.action) for s in stops] for v, stops in first.routes.items()}
    more = [*requests, d.Request("new", HUBS[5], HUBS[0], 100, 700, 1500)]
    second = d.solve(vehicles, more, time_limit_s=0.2, hint=hint)
    check_plan(second, vehicles, more)
    assert len(second.dropped) <= len(first.dropped) + 1


def test_greedy_baseline_is_feasible():
    vehicles = [d.VehicleState("a", HUBS[0], 4), d.VehicleState("b", HUBS[4], 4)]
    requests = _requests(12, 3)
    solution = d.greedy_nearest(vehicles, requests)
    served = {s.request_id for stops in solution.routes.values() for s in stops}
    assert served | set(solution.dropped) == {r.id for r in requests}
