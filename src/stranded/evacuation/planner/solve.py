"""The plan near the optimum, on PyVRP.

Model: the base and the destination (crossing) are depots; every vehicle starts at the base and
ends at the destination, which is also its reload depot: a vehicle unloads there (the unload
minutes are the depot's service time) and drives back for its next trip, as often as the window
allows. Loads are vectors (seats, wheelchair places, stretchers). A pickup's service time is its
boarding time.

Objective: PyVRP has no makespan objective, so the planner bisects on the vehicles' latest end
time T: each step asks for a plan that ends by T and costs the least total vehicle time; the
smallest T with a feasible plan is the makespan. If not everyone fits in the window, pickups
become optional with prizes that dwarf any travel cost, weighted by priority (stretchers and
medical priority first), and the unserved are reported.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from pyvrp import Activity, ActivityType, Model, Route, Solution
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

from stranded.evacuation.planner.bound import lower_bound
from stranded.evacuation.planner.greedy import greedy_plan
from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Plan,
    Problem,
    Stop,
    Trip,
    unserved,
)
from stranded.evacuation.planner.scenario import Group

Progress = Callable[[dict[str, float]], None]


@dataclass
class Outcome:
    plan: Plan
    lower_bound: int
    steps: list[tuple[int, bool]]  # (latest end tried, feasible)


def prize(problem: Problem, part: Part) -> int:
    """Worth of carrying a part: persons first, weighted by need and priority."""
    weight = 1 + part.group.priority + 3 * part.load[2] + (1 if part.load[1] else 0)
    return 10 * problem.horizon * part.persons * weight


def build_model(problem: Problem, latest_end: int, *, optional: bool = False) -> Model:
    model = Model()
    # Location k of the model is point matrix_index[k] of the travel matrices (a subset of the
    # parts may be planned). Coordinates only label the locations; edges carry the times.
    matrix_index = [BASE, DESTINATION, *(part.index for part in problem.parts)]
    points = [problem.scenario.base, problem.scenario.destination]
    points += [part.group.point for part in problem.parts]
    locations = [model.add_location(x=p.lon, y=p.lat) for p in points]
    base = model.add_depot(locations[BASE], name="base")
    destination = model.add_depot(
        locations[DESTINATION], service_duration=problem.unload, name="destination"
    )
    for position, part in enumerate(problem.parts):
        model.add_client(
            locations[2 + position], pickup=list(part.load), service_duration=problem.board(part),
            required=not optional, prize=prize(problem, part) if optional else 0,
            name=part.group.id,
        )  # fmt: skip
    for vehicle in problem.scenario.vehicles:
        model.add_vehicle_type(
            1, capacity=list(vehicle.capacity), start_depot=base, end_depot=destination,
            reload_depots=[destination], tw_late=latest_end, unit_distance_cost=0,
            unit_duration_cost=1, name=vehicle.id,
        )  # fmt: skip
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            a, b = matrix_index[i], matrix_index[j]
            model.add_edge(frm, to, distance=problem.metres[a][b], duration=problem.seconds[a][b])
    return model


def to_plan(problem: Problem, solution: Solution) -> Plan:
    vehicles = problem.scenario.vehicles
    trips: list[Trip] = []
    for route in solution.routes():
        vehicle = vehicles[route.vehicle_type()].id
        depart, stops = 0, []
        for activity in route.schedule():
            if activity.is_client():
                part = problem.parts[activity.idx]
                stops.append(Stop(part.group.id, activity.start_time, part.load))
            elif activity.is_depot() and stops:
                trips.append(Trip(vehicle, depart, activity.start_time, tuple(stops)))
                depart, stops = activity.end_time, []
            elif activity.is_depot():
                depart = activity.end_time
    return Plan(trips=trips, unserved=unserved(problem.scenario, trips), method="pyvrp")


def to_solution(problem: Problem, model: Model, start: Plan) -> Solution:
    """A plan (the hand plan, or the best so far) as a PyVRP solution of `model`'s data, to
    start the search from: capacities already right, so the search spends its time on time."""
    data = model.data()
    parts: dict[tuple[str, tuple[int, int, int]], list[int]] = {}
    for position, part in enumerate(problem.parts):
        parts.setdefault((part.group.id, part.load), []).append(position)
    vehicles = {v.id: i for i, v in enumerate(problem.scenario.vehicles)}
    routes = []
    for vehicle, trips in _by_vehicle(start).items():
        activities: list[Activity] = []
        for trip in trips:
            if activities:
                activities.append(Activity(ActivityType.DEPOT, DESTINATION))
            for stop in trip.stops:
                activities.append(
                    Activity(ActivityType.CLIENT, parts[(stop.group, stop.load)].pop(0))
                )
        routes.append(Route(data, activities, vehicles[vehicle]))
    return Solution(data, routes)


def _by_vehicle(plan: Plan) -> dict[str, list[Trip]]:
    grouped: dict[str, list[Trip]] = {}
    for trip in sorted(plan.trips, key=lambda t: t.depart):
        grouped.setdefault(trip.vehicle, []).append(trip)
    return grouped


def _run(model: Model, seconds: float, seed: int, start: Plan | None, problem: Problem) -> Solution:
    initial = to_solution(problem, model, start) if start is not None else None
    with warnings.catch_warnings():
        # A tight window is expected to be infeasible at times: bisection asks exactly that.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = model.solve(stop=MaxRuntime(max(seconds, 0.05)), seed=seed, display=False,
                             initial_solution=initial)  # fmt: skip
    return result.best


def plan(problem: Problem, *, seconds: float = 30.0, seed: int = 1,
         progress: Progress | None = None) -> Outcome:  # fmt: skip
    """The best plan found in `seconds`, with the bound it is measured against."""
    started = time.perf_counter()
    bound = lower_bound(problem)
    steps: list[tuple[int, bool]] = []

    def left() -> float:
        return seconds - (time.perf_counter() - started)

    hand = greedy_plan(problem)
    first = _run(build_model(problem, problem.horizon), 0.3 * seconds, seed, hand, problem)
    steps.append((problem.horizon, first.is_feasible()))
    if not first.is_feasible():
        return Outcome(_who_fits(problem, hand, left(), seed), bound, steps)
    best = to_plan(problem, first)
    low, high = bound, best.makespan
    _report(progress, started, best.makespan, bound)
    while high - low > 60 and left() > 0.2:
        target = (low + high) // 2
        share = left() / max(1, _steps_left(low, high))
        # The warm start is rebuilt on the new data: a solution carries the data it was built
        # for, and would look feasible against the looser window it came from.
        candidate = _run(build_model(problem, target), share, seed, best, problem)
        feasible = candidate.is_feasible()
        steps.append((target, feasible))
        if feasible:
            best = to_plan(problem, candidate)
            high = best.makespan
            _report(progress, started, best.makespan, bound)
        else:
            low = target
    return Outcome(best, bound, steps)


def _who_fits(problem: Problem, hand: Plan, seconds: float, seed: int) -> Plan:
    """Not everyone can be out in the window: leave the fewest groups, lowest priority first.

    Groups are ranked (stretcher, then medical priority, then wheelchair, then nearness to the
    base); a bisection finds the smallest number k such that a plan exists for everyone but the
    k lowest-ranked. The hand plan cut at the window is the fallback: it is always feasible."""
    started = time.perf_counter()
    fallback = within_window(problem, hand)
    ranked = sorted(problem.scenario.groups, key=lambda g: _rank(problem, g))
    low, high, best = 0, len(ranked), fallback
    while high - low > 1 and time.perf_counter() - started < seconds:
        middle = (low + high) // 2
        dropped = {g.id for g in ranked[:middle]}
        subset = Problem(problem.scenario, [p for p in problem.parts if p.group.id not in dropped],
                         problem.metres, problem.seconds)  # fmt: skip
        share = (seconds - (time.perf_counter() - started)) / max(1, (high - low).bit_length())
        solution = _run(build_model(subset, subset.horizon), share, seed, None, subset)
        if solution.is_feasible():
            high, best = middle, to_plan(subset, solution)
        else:
            low = middle
    return best


def _rank(problem: Problem, group: Group) -> tuple[int, int, int, int]:
    """Sort key, the first left behind first: no stretcher, no priority, far from the base."""
    index = next(p.index for p in problem.parts if p.group.id == group.id)
    return (group.stretcher, group.priority, group.wheelchair, -problem.seconds[0][index])


def within_window(problem: Problem, hand: Plan) -> Plan:
    """The hand plan without the trips that would reach the destination after the window."""
    kept = [trip for trip in hand.trips if trip.arrive <= problem.horizon]
    return Plan(kept, unserved(problem.scenario, kept), method="greedy within the window")


def _steps_left(low: int, high: int) -> int:
    steps = 0
    while high - low > 60:
        high = (low + high) // 2
        steps += 1
    return steps


def _report(progress: Progress | None, started: float, makespan: int, bound: int) -> None:
    if progress is not None:
        progress({"elapsed": time.perf_counter() - started, "best_makespan": makespan / 60,
                  "lower_bound": bound / 60})  # fmt: skip
