"""The day on PyVRP, where PyVRP can say it: one destination (PyVRP cannot say which reload
depot receives which load, so several destinations that receive different kinds of place stay
with the day search). Each vehicle is a vehicle type of its own: its start depot (its base, or
where a plan kept leaves it), its shift (`tw_early`, and `tw_late` the latest return so that it
is unloaded by the shift's end and within the window), the destination as end and reload
depot. A group ready later is a client with `tw_early` (the vehicle waits). Routes are re-timed
by `schedule` and kept only if every vehicle's day is feasible (`Routes.end`).
"""

from __future__ import annotations

import warnings

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType, solve
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

from stranded.evacuation.planner.problem import Part, Problem, RoutePlan

UP_TO = 200  # parts: above, PyVRP manages too few iterations in the time


def expressible(problem: Problem) -> bool:
    return len(problem.destination_points) == 1 and 0 < len(problem.parts) <= UP_TO


def day_data(problem: Problem, latest: int, *, optional: bool) -> tuple[ProblemData, list[int]]:
    """The PyVRP data; depots are the vehicles' start points then the destination. Returns
    the data and the vehicles (their numbers) in the order of its vehicle types."""
    starts = sorted({point for point, _ in problem.starts})
    destination = problem.destination_points[0]
    points = [*starts, destination, *(p.index for p in problem.parts)]
    index = np.array(points)
    seconds = np.asarray(problem.seconds, dtype=np.int64)[np.ix_(index, index)]
    metres = np.asarray(problem.metres, dtype=np.int64)[np.ix_(index, index)]
    end = len(starts)
    depots = [Depot(n) for n in range(len(starts))]
    depots.append(Depot(end, service_duration=problem.unloads[0]))
    clients = [
        Client(
            end + 1 + k,
            pickup=list(part.load),
            service_duration=problem.board(part),
            tw_early=part.ready,
            required=not optional,
            prize=_prize(problem, part) if optional else 0,
            name=part.group.id,
        )
        for k, part in enumerate(problem.parts)
    ]
    types, order = [], []
    for v, vehicle in enumerate(problem.scenario.vehicles):
        point, clock = problem.starts[v]
        shift_end = problem.ends[v]
        until = problem.horizon if shift_end is None else shift_end
        late = min(latest, until - problem.unloads[0])
        if late <= clock:
            continue
        types.append(
            VehicleType(
                1,
                capacity=list(vehicle.capacity),
                start_depot=starts.index(point),
                end_depot=end,
                reload_depots=[end],
                tw_early=clock,
                tw_late=late,
                start_late=late,
                unit_distance_cost=0,
                unit_duration_cost=1,
                name=vehicle.id,
            )
        )
        order.append(v)
    locations = [Location(x=0, y=0) for _ in points]
    data = ProblemData(locations, clients, depots, types, [metres], [seconds])  # type: ignore[list-item]
    return data, order


def _prize(problem: Problem, part: Part) -> int:
    weight = 1 + part.group.priority + 10 * (part.load[2] > 0)
    return 3600 * part.persons * weight  # an hour of vehicle time a person: worth a detour


def day_pyvrp(
    problem: Problem, *, seconds: float, seed: int, latest: int, optional: bool
) -> list[list[list[int]]] | None:
    """Each vehicle's trips (part numbers) found by PyVRP in `seconds`, or None."""
    try:
        data, order = day_data(problem, latest, optional=optional)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PenaltyBoundWarning)
            result = solve(
                data,
                stop=MaxRuntime(max(seconds, 0.05)),
                seed=seed,
                display=False,
                collect_stats=False,
            )
    except (ValueError, IndexError):  # no vehicle left on shift, or data PyVRP refuses
        return None
    return _trips(problem, result.best, order)


def _trips(problem: Problem, solution: Solution, order: list[int]) -> list[list[list[int]]]:
    trips: list[list[list[int]]] = [[] for _ in problem.scenario.vehicles]
    for route in solution.routes():
        legs: list[list[int]] = [[]]
        for activity in route.schedule():
            if activity.is_client():
                legs[-1].append(activity.idx)
            elif activity.is_depot() and legs[-1]:
                legs.append([])
        trips[order[route.vehicle_type()]] = [leg for leg in legs if leg]
    return trips


def as_plan(problem: Problem, trips: list[list[list[int]]]) -> RoutePlan | None:
    """The routes as a plan, if every vehicle's day keeps the rules (capacity, shift, window)."""
    from stranded.evacuation.planner.day import Routes

    routes = Routes(problem)
    for v, day in enumerate(trips):
        for trip in day:
            load = [sum(routes.load[k][m] for k in trip) for m in range(3)]
            if any(n > c for n, c in zip(load, routes.cap[v], strict=True)):
                return None
        if day and routes.end(v, day) is None:
            return None
    routes.restore(trips)
    return routes.plan("pyvrp")
