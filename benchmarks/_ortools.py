"""The same evacuation model on OR-Tools, for the comparison in `stranded bench planner`.

OR-Tools has no multiple trips: each vehicle gets optional copies of the destination as reload
nodes, where a load dimension may fall back to zero (transit minus the vehicle's capacity, with
slack up to it). Makespan: the time dimension's global span cost; arcs cost travel time, so
total vehicle time breaks ties. Matrices are registered on the C++ side
(RegisterTransitMatrix, RegisterUnaryTransitVector), as BENCHMARKS.md advises.
"""

from __future__ import annotations

from typing import Any

from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Problem,
    RoutePlan,
    RouteStop,
    RouteTrip,
    schedule,
    unserved,
)

RELOADS_PER_VEHICLE = 6
DROP_PENALTY = 10**9
# PATH_CHEAPEST_ARC finds no first solution once reload nodes carry negative loads.
FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"


def solve(problem: Problem, seconds: float) -> RoutePlan | None:
    from ortools.constraint_solver import pywrapcp

    vehicles = problem.scenario.vehicles
    parts = problem.parts
    n_parts, n_reloads = len(parts), RELOADS_PER_VEHICLE * len(vehicles)
    # node 0 base, 1 destination (end), 2.. parts, then reload copies of the destination
    matrix_point = [BASE, DESTINATION, *(p.index for p in parts), *([DESTINATION] * n_reloads)]
    service = [0, 0, *(problem.board(p) for p in parts), *([problem.unload] * n_reloads)]
    size = len(matrix_point)
    s = problem.seconds
    times = [
        [s[matrix_point[i]][matrix_point[j]] + service[i] for j in range(size)] for i in range(size)
    ]
    manager = pywrapcp.RoutingIndexManager(
        size, len(vehicles), [0] * len(vehicles), [1] * len(vehicles)
    )
    routing = pywrapcp.RoutingModel(manager)
    time_cb = routing.RegisterTransitMatrix(times)
    routing.SetArcCostEvaluatorOfAllVehicles(time_cb)
    routing.AddDimension(time_cb, 0, problem.horizon, True, "time")
    routing.GetDimensionOrDie("time").SetGlobalSpanCostCoefficient(100)
    first_reload = 2 + n_parts
    for k in range(3):
        callbacks = []
        for vehicle in vehicles:
            demand = [0, 0, *(p.load[k] for p in parts), *([-vehicle.capacity[k]] * n_reloads)]
            callbacks.append(routing.RegisterUnaryTransitVector(demand))
        capacities = [v.capacity[k] for v in vehicles]
        routing.AddDimensionWithVehicleTransitAndCapacity(
            callbacks, max(max(capacities), 1), capacities, True, f"load{k}"
        )
        dimension = routing.GetDimensionOrDie(f"load{k}")
        for node in range(2, first_reload):
            dimension.SlackVar(manager.NodeToIndex(node)).SetValue(0)
    for node in range(2, first_reload):
        routing.AddDisjunction([manager.NodeToIndex(node)], DROP_PENALTY)
    for node in range(first_reload, size):
        routing.AddDisjunction([manager.NodeToIndex(node)], 0)
    solution = _search(routing, seconds)
    if solution is None:
        return None
    return _plan(problem, routing, manager, solution, first_reload)


def _plan(
    problem: Problem, routing: object, manager: object, solution: object, first_reload: int
) -> RoutePlan:
    time = routing.GetDimensionOrDie("time")  # type: ignore[attr-defined]
    trips: list[RouteTrip] = []
    for v, vehicle in enumerate(problem.scenario.vehicles):
        index = routing.Start(v)  # type: ignore[attr-defined]
        depart, stops = 0, []
        while True:
            node = manager.IndexToNode(index)  # type: ignore[attr-defined]
            clock = solution.Value(time.CumulVar(index))  # type: ignore[attr-defined]
            if 2 <= node < first_reload:
                part = problem.parts[node - 2]
                stops.append(RouteStop(part.group.id, clock, part.load))
            elif node == 1 or node >= first_reload:
                if stops:
                    trips.append(RouteTrip(vehicle.id, depart, clock, tuple(stops)))
                depart, stops = clock + problem.unload, []
            if routing.IsEnd(index):  # type: ignore[attr-defined]
                break
            index = solution.Value(routing.NextVar(index))  # type: ignore[attr-defined]
    return RoutePlan(trips=trips, unserved=unserved(problem.scenario, trips), method="ortools")


def solve_day(problem: Problem, seconds: float) -> RoutePlan | None:
    """The day's model on OR-Tools: each vehicle from its own start (its base at its shift's
    start) to a finish reached only from a destination, reload copies of every destination
    (a destination refusing a kind of place requires none of it on board on arrival), each
    pickup no earlier than its group is ready (waiting allowed), the finish, once unloaded,
    no later than the shift's end. Group destinations beyond what destinations accept are
    not modelled (the plan is checked by the validator). Routes are re-timed by `schedule`."""
    from ortools.constraint_solver import pywrapcp

    vehicles, parts = problem.scenario.vehicles, problem.parts
    dests = problem.destination_points
    n_v, n_p = len(vehicles), len(parts)
    copies = [d for d in range(len(dests)) for _ in range(RELOADS_PER_VEHICLE * n_v)]
    # nodes: parts, then each vehicle's start, then the finish, then the reload copies
    first_start, finish = n_p, n_p + n_v
    first_reload = finish + 1
    point = [
        *(p.index for p in parts),
        *(problem.starts[v][0] for v in range(n_v)),
        -1,
        *(dests[d] for d in copies),
    ]
    service = [
        *(problem.board(p) for p in parts),
        *([0] * n_v),
        0,
        *(problem.unloads[d] for d in copies),
    ]
    s, size, never = problem.seconds, len(point), 10 * problem.horizon
    times = [[0] * size for _ in range(size)]
    for i in range(size):
        for j in range(size):
            if j == finish:
                times[i][j] = (
                    service[i] if i >= first_reload or first_start <= i < finish else never
                )
            elif i != finish and i != j:
                times[i][j] = s[point[i]][point[j]] + service[i]
    starts = list(range(first_start, finish))
    manager = pywrapcp.RoutingIndexManager(size, n_v, starts, [finish] * n_v)
    routing = pywrapcp.RoutingModel(manager)
    time_cb = routing.RegisterTransitMatrix(times)
    routing.SetArcCostEvaluatorOfAllVehicles(time_cb)
    _day_loads(problem, routing, manager, copies, first_reload)
    routing.AddDimension(time_cb, problem.horizon, problem.horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")
    clock.SetGlobalSpanCostCoefficient(100)
    for v in range(n_v):
        clock.CumulVar(routing.Start(v)).SetMin(problem.starts[v][1])
        clock.CumulVar(routing.End(v)).SetMax(problem.ends[v] or problem.horizon)
    for k, part in enumerate(parts):
        clock.CumulVar(manager.NodeToIndex(k)).SetMin(part.ready)
    top = {g.id for g in problem.scenario.groups if g.stretcher or g.priority}
    for k, part in enumerate(parts):
        weight = 10 if part.group.id in top else 1
        routing.AddDisjunction([manager.NodeToIndex(k)], DROP_PENALTY * part.persons * weight)
    for node in range(first_reload, size):
        routing.AddDisjunction([manager.NodeToIndex(node)], 0)
    solution = _search(routing, seconds)
    if solution is None:
        return None
    trips: list[RouteTrip] = list(problem.kept)
    for v, vehicle in enumerate(vehicles):
        legs: list[list[Part]] = [[]]
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node < n_p:
                legs[-1].append(parts[node])
            elif legs[-1]:
                legs.append([])
            index = solution.Value(routing.NextVar(index))
        trips += schedule(problem, vehicle.id, legs)
    return RoutePlan(trips=trips, unserved=unserved(problem.scenario, trips), method="ortools")


def _day_loads(
    problem: Problem, routing: Any, manager: Any, copies: list[int], first_reload: int
) -> None:
    """Loads by kind of place, emptied at a reload copy; a destination refusing a kind
    requires none of it on board on arrival."""
    vehicles, parts = problem.scenario.vehicles, problem.parts
    extra = first_reload - len(parts)
    accepts = [d.accepts for d in problem.scenario.destinations]
    for k, need in enumerate(("seated", "wheelchair", "stretcher")):
        capacities = [v.capacity[k] for v in vehicles]
        most = max(max(capacities), 1)
        # one demand for all vehicles (vehicle-dependent ones leave no pickup out): a reload
        # takes off the largest capacity, its slack bringing the load back to zero or more
        demand = [*(p.load[k] for p in parts), *([0] * extra), *([-most] * len(copies))]
        callback = routing.RegisterUnaryTransitVector(demand)
        routing.AddDimensionWithVehicleCapacity(callback, most, capacities, True, f"load{k}")
        # the slack of a pickup stays free: fixed at 0 it would forbid leaving the pickup out
        # (its self-loop), and slack only ever adds load, never room
        dimension = routing.GetDimensionOrDie(f"load{k}")
        for c, d in enumerate(copies):
            if need not in accepts[d]:
                dimension.CumulVar(manager.NodeToIndex(first_reload + c)).SetMax(0)


def _search(routing: Any, seconds: float) -> Any:
    """Guided local search from FIRST_SOLUTION for `seconds`; None (said) if nothing found."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, FIRST_SOLUTION
    )
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(parameters)
    if solution is None:
        print(f"  OR-Tools found no solution (status {routing.status()})")
    return solution
