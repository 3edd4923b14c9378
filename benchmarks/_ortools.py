"""The same evacuation model on OR-Tools, for the comparison in `stranded bench planner`.

OR-Tools has no multiple trips: each vehicle gets optional copies of the destination as reload
nodes, where a load dimension may fall back to zero (transit minus the vehicle's capacity, with
slack up to it). Makespan: the time dimension's global span cost; arcs cost travel time, so
total vehicle time breaks ties. Matrices are registered on the C++ side
(RegisterTransitMatrix, RegisterUnaryTransitVector), as BENCHMARKS.md advises.
"""

from __future__ import annotations

from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Plan,
    Problem,
    Stop,
    Trip,
    unserved,
)

RELOADS_PER_VEHICLE = 6
DROP_PENALTY = 10**9
# PATH_CHEAPEST_ARC finds no first solution once reload nodes carry negative loads.
FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"


def solve(problem: Problem, seconds: float) -> Plan | None:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

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
        return None
    return _plan(problem, routing, manager, solution, first_reload)


def _plan(
    problem: Problem, routing: object, manager: object, solution: object, first_reload: int
) -> Plan:
    time = routing.GetDimensionOrDie("time")  # type: ignore[attr-defined]
    trips: list[Trip] = []
    for v, vehicle in enumerate(problem.scenario.vehicles):
        index = routing.Start(v)  # type: ignore[attr-defined]
        depart, stops = 0, []
        while True:
            node = manager.IndexToNode(index)  # type: ignore[attr-defined]
            clock = solution.Value(time.CumulVar(index))  # type: ignore[attr-defined]
            if 2 <= node < first_reload:
                part = problem.parts[node - 2]
                stops.append(Stop(part.group.id, clock, part.load))
            elif node == 1 or node >= first_reload:
                if stops:
                    trips.append(Trip(vehicle.id, depart, clock, tuple(stops)))
                depart, stops = clock + problem.unload, []
            if routing.IsEnd(index):  # type: ignore[attr-defined]
                break
            index = solution.Value(routing.NextVar(index))  # type: ignore[attr-defined]
    return Plan(trips=trips, unserved=unserved(problem.scenario, trips), method="ortools")
