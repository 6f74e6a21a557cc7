"""The dispatcher: booking requests into vehicle plans (OR-Tools pickup-and-delivery with time
windows, capacity and a longest ride per passenger), plus the naive nearest-bus baseline the
benchmark compares it with.

Pure Python over plain dataclasses (no models), so services.py, the benchmark and the tests share
it. Times are whole seconds from "now" (the moment of the solve). Travel times come only from
``apps.core.travel_time.road_matrix(kind="bus")`` — the road model parking's drive legs use; a
real routing engine plugs in there (docs/drt.md), never here.

Re-optimisation keeps what riders were told: a rider on board has only a drop-off left, on the bus
they are on; a rider with a bus assigned stays on that bus (their pickup may move in time, within
their window if at all possible). New requests may be left out (a large penalty each), which is
how "no bus can serve you" is decided.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from apps.core.travel_time import road_matrix

Point = tuple[float, float]
MatrixFn = Callable[[list[Point]], list[list[int]]]

DWELL_S = 45  # stopping, doors, one rider boarding or alighting
DROP_PENALTY = 1_000_000  # leaving a new request out costs more than any detour to serve it
LATE_PENALTY_PER_S = (
    100_000  # a kept rider's window missed, per second: 10 s late outweighs a new rider
)


@dataclass
class Request:
    id: str
    pickup: Point
    dropoff: Point
    earliest: int  # earliest pickup, seconds from now
    latest: int  # latest pickup
    max_ride: int  # longest time on board, seconds
    passengers: int = 1
    vehicle: str | None = None  # kept on this vehicle (already assigned or on board)
    on_board: bool = False  # picked up: only the drop-off is left
    boarded_at: int = 0  # seconds from now (≤ 0) when boarded, for on-board riders


@dataclass
class VehicleState:
    id: str
    position: Point
    capacity: int
    available_at: int = 0


@dataclass
class Stop:
    request_id: str
    action: str  # "pickup" | "dropoff"
    point: Point
    at: int  # seconds from now


@dataclass
class Solution:
    routes: dict[str, list[Stop]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0  # wall time of the solve, matrix included

    def stop_of(self, request_id: str, action: str) -> tuple[str, Stop] | None:
        for vehicle_id, stops in self.routes.items():
            for stop in stops:
                if stop.request_id == request_id and stop.action == action:
                    return vehicle_id, stop
        return None


def bus_matrix(points: list[Point]) -> list[list[int]]:
    """Seconds between the points by bus; duplicates (hubs) are asked once."""
    unique = list(dict.fromkeys(points))
    index = {point: i for i, point in enumerate(unique)}
    seconds = road_matrix(unique, kind="bus")
    return [[seconds[index[a]][index[b]] for b in points] for a in points]


def solve(
    vehicles: list[VehicleState],
    requests: list[Request],
    *,
    time_limit_s: float = 1.0,
    hint: dict[str, list[tuple[str, str]]] | None = None,
    matrix: MatrixFn = bus_matrix,
) -> Solution:
    """Plans for ``vehicles`` serving as many ``requests`` as possible. ``hint`` (vehicle id →
    [(request id, "pickup"|"dropoff")]) starts the search from earlier plans."""
    started = time.perf_counter()
    if not vehicles:
        return Solution(dropped=[r.id for r in requests], seconds=0.0)
    by_id = {v.id: i for i, v in enumerate(vehicles)}
    # a bus gone out of service: its waiting riders are planned afresh (on-board riders leave
    # with their bus and are not planned here)
    requests = [
        r if r.vehicle is None or r.vehicle in by_id else _unkept(r)
        for r in requests
        if not (r.on_board and r.vehicle not in by_id)
    ]
    n_vehicles = len(vehicles)
    end = n_vehicles  # one shared end node: plans end where their last stop is
    # nodes: starts, end, then each request's pickup (unless on board) and drop-off
    points: list[Point] = [v.position for v in vehicles] + [vehicles[0].position]
    node_info: list[tuple[Request, str] | None] = [None] * (n_vehicles + 1)
    pairs: list[tuple[int, int, Request]] = []
    drop_only: list[tuple[int, Request]] = []
    for request in requests:
        if request.on_board and request.vehicle in by_id:
            node_info.append((request, "dropoff"))
            points.append(request.dropoff)
            drop_only.append((len(points) - 1, request))
        else:
            node_info.append((request, "pickup"))
            points.append(request.pickup)
            node_info.append((request, "dropoff"))
            points.append(request.dropoff)
            pairs.append((len(points) - 2, len(points) - 1, request))
    travel = matrix(points)
    n_nodes = len(points)

    manager = pywrapcp.RoutingIndexManager(
        n_nodes, n_vehicles, list(range(n_vehicles)), [end] * n_vehicles
    )
    routing = pywrapcp.RoutingModel(manager)

    def drive(i: int, j: int) -> int:
        if j == end or i == end:
            return 0
        return travel[i][j]

    def cost_cb(from_index: int, to_index: int) -> int:
        return drive(manager.IndexToNode(from_index), manager.IndexToNode(to_index))

    def time_cb(from_index: int, to_index: int) -> int:
        i, j = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
        dwell = DWELL_S if node_info[i] is not None else 0
        return drive(i, j) + dwell

    def load_cb(from_index: int) -> int:
        info = node_info[manager.IndexToNode(from_index)]
        if info is None:
            return 0
        request, action = info
        return request.passengers if action == "pickup" else -request.passengers

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost_cb))
    horizon = max([r.latest + r.max_ride for r in requests] + [0]) + 4 * 3600
    routing.AddDimension(routing.RegisterTransitCallback(time_cb), horizon, horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitCallback(load_cb),
        0,
        [v.capacity for v in vehicles],
        False,
        "load",
    )
    load = routing.GetDimensionOrDie("load")
    solver = routing.solver()
    for v, vehicle in enumerate(vehicles):
        clock.CumulVar(routing.Start(v)).SetValue(max(0, vehicle.available_at))
        on_board = sum(r.passengers for _, r in drop_only if r.vehicle == vehicle.id)
        load.CumulVar(routing.Start(v)).SetValue(min(on_board, vehicle.capacity))
        routing.AddVariableMinimizedByFinalizer(clock.CumulVar(routing.End(v)))

    for node, request in drop_only:
        index = manager.NodeToIndex(node)
        routing.VehicleVar(index).SetValue(by_id[request.vehicle or ""])
        deadline = request.boarded_at + request.max_ride
        clock.SetCumulVarSoftUpperBound(index, max(0, deadline), LATE_PENALTY_PER_S)

    for pickup_node, dropoff_node, request in pairs:
        p, d = manager.NodeToIndex(pickup_node), manager.NodeToIndex(dropoff_node)
        routing.AddPickupAndDelivery(p, d)  # same bus, pickup first
        kept = request.vehicle is not None and request.vehicle in by_id
        if kept:
            # told their bus: stays on it; a late bus is penalised, never infeasible
            routing.VehicleVar(p).SetValue(by_id[request.vehicle or ""])
            routing.VehicleVar(d).SetValue(by_id[request.vehicle or ""])
            clock.CumulVar(p).SetMin(max(0, request.earliest))
            clock.SetCumulVarSoftUpperBound(p, max(0, request.latest), LATE_PENALTY_PER_S)
            solver.Add(clock.CumulVar(d) - clock.CumulVar(p) <= request.max_ride + 3600)
        else:
            clock.CumulVar(p).SetRange(max(0, request.earliest), max(0, request.latest))
            solver.Add(clock.CumulVar(d) - clock.CumulVar(p) <= request.max_ride)
            routing.AddDisjunction([p], DROP_PENALTY)
            routing.AddDisjunction([d], DROP_PENALTY)
        routing.AddVariableMinimizedByFinalizer(clock.CumulVar(p))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))

    assignment = None
    if hint:
        node_of: dict[tuple[str, str], int] = {}
        for node, info in enumerate(node_info):
            if info is not None:
                node_of[(info[0].id, info[1])] = node
        routes = []
        for vehicle in vehicles:
            route = [
                manager.NodeToIndex(node_of[key])
                for key in hint.get(vehicle.id, [])
                if key in node_of
            ]
            routes.append(route)
        initial = routing.ReadAssignmentFromRoutes(routes, True)
        if initial is not None:
            assignment = routing.SolveFromAssignmentWithParameters(initial, params)
    if assignment is None:
        assignment = routing.SolveWithParameters(params)
    if assignment is None:  # nothing feasible at all: leave everything unplanned
        return Solution(
            dropped=[r.id for r in requests if not r.on_board],
            seconds=time.perf_counter() - started,
        )

    solution = Solution()
    served: set[str] = set()
    for v, vehicle in enumerate(vehicles):
        stops = []
        index = assignment.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            info = node_info[node]
            if info is not None:
                request, action = info
                stops.append(
                    Stop(request.id, action, points[node], assignment.Min(clock.CumulVar(index)))
                )
                served.add(request.id)
            index = assignment.Value(routing.NextVar(index))
        solution.routes[vehicle.id] = stops
    solution.dropped = [r.id for r in requests if r.id not in served]
    solution.seconds = time.perf_counter() - started
    return solution


def _unkept(request: Request) -> Request:
    return Request(
        id=request.id,
        pickup=request.pickup,
        dropoff=request.dropoff,
        earliest=request.earliest,
        latest=request.latest,
        max_ride=request.max_ride,
        passengers=request.passengers,
    )


def greedy_nearest(
    vehicles: list[VehicleState], requests: list[Request], *, matrix: MatrixFn = bus_matrix
) -> Solution:
    """The naive baseline: requests in order of their earliest pickup, each given to the bus that
    can reach its pickup soonest, driven straight to its drop-off (no pooling, no re-planning)."""
    started = time.perf_counter()
    points = [v.position for v in vehicles]
    for request in requests:
        points += [request.pickup, request.dropoff]
    travel = matrix(points)
    index = {id(request): len(vehicles) + 2 * i for i, request in enumerate(requests)}
    at = {v.id: (i, max(0, v.available_at)) for i, v in enumerate(vehicles)}
    solution = Solution(routes={v.id: [] for v in vehicles})
    for request in sorted(requests, key=lambda r: r.earliest):
        p = index[id(request)]
        best: tuple[int, str] | None = None
        for vehicle in vehicles:
            if request.passengers > vehicle.capacity:
                continue
            node, free = at[vehicle.id]
            arrive = max(free + travel[node][p], request.earliest)
            if arrive <= request.latest and (best is None or arrive < best[0]):
                best = (arrive, vehicle.id)
        if best is None:
            solution.dropped.append(request.id)
            continue
        arrive, vehicle_id = best
        drop = arrive + DWELL_S + travel[p][p + 1]
        solution.routes[vehicle_id] += [
            Stop(request.id, "pickup", request.pickup, arrive),
            Stop(request.id, "dropoff", request.dropoff, drop),
        ]
        at[vehicle_id] = (p + 1, drop + DWELL_S)
    solution.seconds = time.perf_counter() - started
    return solution
