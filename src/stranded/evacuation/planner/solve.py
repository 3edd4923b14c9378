"""The plan near the optimum, on PyVRP.

Model: the base and the destination (crossing) are depots; every vehicle starts at the base and
ends at the destination, which is also its reload depot: a vehicle unloads there (the unload
minutes are the depot's service time) and drives back for its next trip, as often as the window
allows. Loads are vectors (seats, wheelchair places, stretchers). A pickup's service time is its
boarding time.

Objective: PyVRP has no makespan objective, so the planner searches on the vehicles' latest
end time T: each run asks for routes that end by T at the least total vehicle time, warm
started from PyVRP's best plan so far; every run's routes are re-timed by `schedule` (as early
as the travel model allows) and kept when they end sooner. T starts a step below the best
makespan, the step growing after a success and shrinking after a failure.

First plans: the hand plan (greedy.py) and an event simulation under a bisected deadline
(construct.py). Up to PYVRP_UP_TO parts PyVRP plans the whole, started from the better of
them, while on the second core the makespan local search (balance.py) works from the hand
plan. Above, PyVRP manages too few iterations in a minute (a few dozen a second on 1,700
pickups), so two local searches run side by side instead, one from the event simulation and
one from the hand plan, with other seeds. The better plan is polished by the local search at
the end.

If not everyone fits in the window, `_who_fits` leaves the fewest groups out, the lowest
ranked first (no stretcher, no medical priority, far from the base), and reports them.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyvrp import (
    Activity,
    ActivityType,
    Client,
    Depot,
    Location,
    ProblemData,
    Route,
    Solution,
    SolveParams,
    VehicleType,
    solve,
)
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.search import NeighbourhoodParams
from pyvrp.stop import MaxRuntime

from stranded.evacuation.planner.balance import fit_window, improve
from stranded.evacuation.planner.bound import lower_bound
from stranded.evacuation.planner.construct import balanced_plan, constructed_plan
from stranded.evacuation.planner.day import beside, plan_day
from stranded.evacuation.planner.greedy import greedy_plan
from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Problem,
    RoutePlan,
    RouteTrip,
    fits,
    schedule,
    unserved,
)
from stranded.evacuation.planner.scenario import Group

Progress = Callable[[dict[str, float]], None]


@dataclass
class SolveResult:
    plan: RoutePlan
    lower_bound: int
    steps: list[tuple[int, bool]]  # (latest end tried, feasible)


def prize(problem: Problem, part: Part) -> int:
    """Worth of carrying a part: persons first, weighted by need and priority."""
    weight = 1 + part.group.priority + 3 * part.load[2] + (1 if part.load[1] else 0)
    return 10 * problem.horizon * part.persons * weight


FIRST_SHARE = 0.2  # of the time left after the bound and the first plans
STEP = 0.05  # first target below the best makespan, as a fraction of it
RUNS = 4  # each run gets a quarter of the time left
NEIGHBOURS_LARGE = 20
# parts; up to here PyVRP plans the whole (beside the local search); above, PyVRP manages too
# few iterations within a minute and two local searches run side by side
PYVRP_UP_TO = 200
SMALL = 120  # parts; up to here the bound gets more time (see `_bound_seconds`)
POLISH = 0.15  # share of the time for polishing the best plan by the local search


def build_data(problem: Problem, latest_end: int, *, optional: bool = False) -> ProblemData:
    """The PyVRP data, built from whole matrices (no per-edge Python calls). Vehicles of one
    capacity form one vehicle type; routes are named after the type's vehicles in order.
    Client k is the part `problem.parts[k]`."""
    parts = problem.parts
    matrix_index = np.array([BASE, DESTINATION, *(p.index for p in parts)])
    seconds, metres = _arrays(problem)
    durations = np.ascontiguousarray(seconds[np.ix_(matrix_index, matrix_index)])
    distances = np.ascontiguousarray(metres[np.ix_(matrix_index, matrix_index)])
    points = [problem.scenario.base, problem.scenario.destination]
    points += [p.group.point for p in parts]
    locations = [Location(x=p.lon, y=p.lat) for p in points]
    depots = [
        Depot(BASE, name="base"),
        Depot(DESTINATION, service_duration=problem.unload, name="destination"),
    ]
    clients = [
        Client(
            2 + position,
            pickup=list(part.load),
            service_duration=problem.board(part),
            required=not optional,
            prize=prize(problem, part) if optional else 0,
            name=part.group.id,
        )
        for position, part in enumerate(parts)
    ]
    types = [
        VehicleType(
            len(ids),
            capacity=list(capacity),
            start_depot=BASE,
            end_depot=DESTINATION,
            reload_depots=[DESTINATION],
            tw_late=latest_end,
            start_late=0,
            unit_distance_cost=0,
            unit_duration_cost=1,
            name=",".join(ids),
        )
        for capacity, ids in _kinds(problem).items()
    ]
    return ProblemData(locations, clients, depots, types, [distances], [durations])  # type: ignore[list-item]


def _kinds(problem: Problem) -> dict[tuple[int, int, int], list[str]]:
    kinds: dict[tuple[int, int, int], list[str]] = {}
    for vehicle in problem.scenario.vehicles:
        kinds.setdefault(vehicle.capacity, []).append(vehicle.id)
    return kinds


_ARRAYS: dict[int, tuple[Any, Any]] = {}


def _arrays(problem: Problem) -> tuple[Any, Any]:
    key = id(problem.seconds)
    if key not in _ARRAYS:
        _ARRAYS.clear()
        _ARRAYS[key] = (
            np.asarray(problem.seconds, dtype=np.int64),
            np.asarray(problem.metres, dtype=np.int64),
        )
    return _ARRAYS[key]


def to_plan(problem: Problem, solution: Solution) -> RoutePlan | None:
    """The routes as a plan, timed by `schedule`; None if a trip is over capacity."""
    ids = list(_kinds(problem).values())
    used = [0] * len(ids)
    trips: list[RouteTrip] = []
    for route in solution.routes():
        kind = route.vehicle_type()
        vehicle = ids[kind][used[kind]]
        used[kind] += 1
        capacity = next(v.capacity for v in problem.scenario.vehicles if v.id == vehicle)
        legs: list[list[Part]] = [[]]
        for activity in route.schedule():
            if activity.is_client():
                legs[-1].append(problem.parts[activity.idx])
            elif activity.is_depot() and legs[-1]:
                legs.append([])
        for leg in legs:
            load = tuple(sum(p.load[k] for p in leg) for k in range(3))
            if not fits(load, capacity):  # type: ignore[arg-type]
                return None
        trips += schedule(problem, vehicle, legs)
    return RoutePlan(trips=trips, unserved=unserved(problem.scenario, trips), method="pyvrp")


def to_solution(problem: Problem, data: ProblemData, start: RoutePlan) -> Solution:
    """A plan (the hand plan, or the best so far) as a PyVRP solution of `data`, to start the
    search from: capacities already right, so the search spends its time on time."""
    parts: dict[tuple[str, tuple[int, int, int]], list[int]] = {}
    for position, part in enumerate(problem.parts):
        parts.setdefault((part.group.id, part.load), []).append(position)
    kind_of = {v: k for k, ids in enumerate(_kinds(problem).values()) for v in ids}
    routes = []
    for vehicle, trips in _by_vehicle(start).items():
        activities: list[Activity] = []
        for trip in trips:
            if activities:
                activities.append(Activity(ActivityType.DEPOT, DESTINATION))
            for stop in trip.stops:
                client = parts[(stop.group, stop.load)].pop(0)
                activities.append(Activity(ActivityType.CLIENT, client))
        while activities and activities[-1].is_depot():
            activities.pop()
        routes.append(Route(data, activities, kind_of[vehicle]))
    return Solution(data, routes)


def _by_vehicle(plan: RoutePlan) -> dict[str, list[RouteTrip]]:
    grouped: dict[str, list[RouteTrip]] = {}
    for trip in sorted(plan.trips, key=lambda t: t.depart):
        grouped.setdefault(trip.vehicle, []).append(trip)
    return grouped


def _run(
    data: ProblemData, seconds: float, seed: int, start: RoutePlan | None, problem: Problem
) -> Solution:
    initial = to_solution(problem, data, start) if start is not None else None
    with warnings.catch_warnings():
        # A tight window is expected to be infeasible at times: the search asks exactly that.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        # on large cases a smaller granular neighbourhood buys many more iterations
        neighbours = 50 if data.num_clients <= 400 else NEIGHBOURS_LARGE
        params = SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=neighbours))
        result = solve(
            data,
            stop=MaxRuntime(max(seconds, 0.05)),
            seed=seed,
            display=False,
            collect_stats=False,
            initial_solution=initial,
            params=params,
        )
    return result.best


def _with_end(data: ProblemData, latest_end: int) -> ProblemData:
    types = [vt.replace(tw_late=latest_end, start_late=0) for vt in data.vehicle_types()]
    return data.replace(vehicle_types=types)


def plan(
    problem: Problem, *, seconds: float = 30.0, seed: int = 1, progress: Progress | None = None
) -> SolveResult:
    """The best plan found in `seconds`, with the bound it is measured against.

    Two searches run side by side (the target machine has two cores): in this process PyVRP on
    the problem as a whole (`_plan_whole`), or above PYVRP_UP_TO parts, where PyVRP manages too
    few iterations, the makespan local search (`balance.improve`); in a forked process the local
    search from the hand plan with another seed. The better plan is then polished by the local
    search for the last POLISH share of the time."""
    started = time.perf_counter()
    if not problem.parts:  # nobody the fleet can carry (or everyone carried by trips kept)
        trips = list(problem.kept)
        left_out = [*unserved(problem.scenario, trips), *problem.impossible]
        return SolveResult(RoutePlan(trips, left_out, method="nothing to plan"), 0, [])
    if not problem.simple:
        found, bound = plan_day(
            problem,
            seconds=seconds,
            seed=seed,
            report=lambda m, b: _report(progress, started, m, b),
        )
        found.unserved = [*found.unserved, *problem.impossible]
        _report(progress, started, found.makespan, bound)
        return SolveResult(found, bound, [])
    hand = greedy_plan(problem)
    search = seconds * (1 - POLISH)

    def left() -> float:
        return search - (time.perf_counter() - started)

    search_seconds = left()
    with beside(lambda: _beside_job(problem, hand, search_seconds, seed + 101)) as other:
        if len(problem.parts) <= PYVRP_UP_TO:
            outcome = _plan_whole(problem, seconds=left(), seed=seed, progress=progress)
        else:
            bound = lower_bound(problem, seconds=min(8.0, 0.2 * seconds))
            _report(progress, started, hand.makespan, bound)

            def report(makespan: int) -> None:
                _report(progress, started, makespan, bound)

            # from the event simulation: the other search starts from the hand plan
            start = balanced_plan(problem, bound, seconds=min(2.0, 0.05 * seconds))
            start = hand if start.unserved else start
            if bound > problem.horizon:  # proven: not everyone fits in the window
                found = fit_window(
                    problem,
                    start,
                    seconds=left(),
                    seed=seed,
                    rank=lambda part: _rank_part(problem, part),
                )
            else:
                found = improve(problem, start, seconds=left(), seed=seed, on_best=report)
            outcome = SolveResult(found, bound, [])
        candidates = [c for c in (outcome.plan, other()) if c is not None]
    complete = [c for c in candidates if _complete(problem, c)]
    if complete:
        best = min(complete, key=lambda c: c.makespan)
        polish = seconds - (time.perf_counter() - started) - 0.1
        best = improve(problem, best, seconds=polish, seed=seed + 7)
    else:  # not everyone fits in the window: who is left out is chosen by rank
        left_over = seconds - (time.perf_counter() - started) - 0.1
        within = [c for c in candidates if c.makespan <= problem.horizon]
        within += [
            fit_window(
                problem,
                hand,
                seconds=max(left_over, 0.5),
                seed=seed + 7,
                rank=lambda part: _rank_part(problem, part),
            ),
            within_window(problem, hand),
            constructed_plan(problem, problem.horizon),
        ]
        best = max(within, key=_served)
    best.method = "pyvrp and local search"
    best.unserved = [*best.unserved, *problem.impossible]
    _report(progress, started, best.makespan, outcome.lower_bound)
    return SolveResult(best, outcome.lower_bound, outcome.steps)


def _beside_job(problem: Problem, start: RoutePlan, seconds: float, seed: int) -> RoutePlan:
    """The local search for everyone; if half the time shows that it cannot end within the
    window, the search that leaves out the lowest ranked for the other half."""
    found = improve(problem, start, seconds=seconds / 2, seed=seed)
    if found.makespan <= problem.horizon:
        return improve(problem, found, seconds=seconds / 2, seed=seed + 1)
    return fit_window(
        problem, start, seconds=seconds / 2, seed=seed, rank=lambda part: _rank_part(problem, part)
    )


def _plan_whole(
    problem: Problem, *, seconds: float = 30.0, seed: int = 1, progress: Progress | None = None
) -> SolveResult:
    """The best plan found in `seconds` for the problem as a whole.

    Search on the latest end T: each run asks PyVRP for routes that end by T (lateness is
    penalised, so a run at a T too tight still pulls every vehicle's end towards it), warm
    started from the best plan so far; every run's routes are re-timed by `schedule` and kept
    if they end sooner. T moves between the bound and the best makespan."""
    started = time.perf_counter()
    steps: list[tuple[int, bool]] = []

    def left() -> float:
        return seconds - (time.perf_counter() - started)

    bound = lower_bound(problem, seconds=_bound_seconds(problem, seconds))
    hand = greedy_plan(problem)
    start = balanced_plan(problem, bound, seconds=0.12 * seconds)
    start = min((hand, start), key=lambda p: (len(p.unserved), p.makespan))
    data = build_data(problem, problem.horizon)
    best: RoutePlan | None = start if _complete(problem, start) else None
    # a first run within the window only, least total vehicle time: compact trips to tighten
    first = _run(data, FIRST_SHARE * left(), seed, start, problem)
    candidate = to_plan(problem, first)
    steps.append((problem.horizon, first.is_feasible()))
    anchor = best  # the warm start of the next run: PyVRP's own compact plans tighten best
    if candidate is not None and _complete(problem, candidate):
        anchor = candidate
        if best is None or candidate.makespan < best.makespan:
            best = candidate
    if best is None or anchor is None:
        return SolveResult(_who_fits(problem, hand, left(), seed), bound, steps)
    _report(progress, started, best.makespan, bound)
    low, runs, gap = bound, 0, STEP
    while left() > 0.3 and best.makespan - low > 30:
        # a step below the best, grown after a success and halved after a failure: PyVRP
        # needs time to pull a plan down, and a target far below it wastes the run
        target = max(low + (best.makespan - low) // 2, round(best.makespan * (1 - gap)))
        share = max(left() / RUNS, min(left(), 1.0))
        found = _run(_with_end(data, target), share, seed + runs, anchor, problem)
        runs += 1
        candidate = to_plan(problem, found)
        ok = candidate is not None and _complete(problem, candidate)
        steps.append((target, bool(ok and candidate is not None and candidate.makespan <= target)))
        if ok and candidate is not None and candidate.makespan < anchor.makespan:
            anchor = candidate
        if ok and candidate is not None and candidate.makespan < best.makespan:
            best = candidate
            _report(progress, started, best.makespan, bound)
        if ok and candidate is not None and candidate.makespan <= target:
            gap = min(gap * 1.5, 0.25)
        else:
            gap /= 2
            if gap < 0.002:
                low = target
                gap = STEP
    best.method = "pyvrp"
    return SolveResult(best, bound, steps)


def _bound_seconds(problem: Problem, seconds: float) -> float:
    """Time for the bound: on small cases the trip-by-trip program proves much (and PyVRP
    needs little time there), on larger ones the fleet's time is settled in a few seconds."""
    if len(problem.parts) <= SMALL:
        return 0.5 * seconds
    return min(5.0, 0.12 * seconds)


def _complete(problem: Problem, candidate: RoutePlan) -> bool:
    return not candidate.unserved and candidate.makespan <= problem.horizon


def _who_fits(problem: Problem, hand: RoutePlan, seconds: float, seed: int) -> RoutePlan:
    """Not everyone can be out in the window: leave the fewest groups, lowest priority first.

    Groups are ranked (stretcher, then medical priority, then wheelchair, then nearness to the
    base); a bisection finds the smallest number k such that a plan exists for everyone but the
    k lowest-ranked. The hand plan cut at the window is the fallback: it is always feasible."""
    started = time.perf_counter()
    # Two plans that always fit the window: the hand plan cut at it, and the simulation run
    # against it (which shares out the last round); the better is the fallback.
    fallback = max(
        within_window(problem, hand), constructed_plan(problem, problem.horizon), key=_served
    )
    ranked = sorted(problem.scenario.groups, key=lambda g: _rank(problem, g))
    # Only plans that leave fewer groups than the fallback are worth the search.
    low, high, best = 0, len(fallback.unserved), fallback
    while high - low > 1 and time.perf_counter() - started < seconds:
        middle = (low + high) // 2
        dropped = {g.id for g in ranked[:middle]}
        subset = Problem(
            problem.scenario,
            [p for p in problem.parts if p.group.id not in dropped],
            problem.metres,
            problem.seconds,
        )
        share = (seconds - (time.perf_counter() - started)) / max(1, (high - low).bit_length())
        found = to_plan(subset, _run(build_data(subset, subset.horizon), share, seed, None, subset))
        if (
            found is not None
            and set(found.unserved) <= dropped
            and found.makespan <= problem.horizon
        ):
            high = middle
            best = max(best, found, key=_served)
        else:
            low = middle
    return max(best, fallback, key=_served)


def _served(plan: RoutePlan) -> tuple[int, int]:
    """What a plan within the window achieves: stretcher cases out first, then persons out."""
    stretchers = sum(stop.load[2] for trip in plan.trips for stop in trip.stops)
    return stretchers, plan.evacuated


def _rank(problem: Problem, group: Group) -> tuple[int, int, int, int]:
    """Sort key, the first left behind first: no stretcher, no priority, far from the base."""
    index = next(p.index for p in problem.parts if p.group.id == group.id)
    return (group.stretcher, group.priority, group.wheelchair, -problem.seconds[0][index])


def _rank_part(problem: Problem, part: Part) -> tuple[int, int, int, int]:
    """`_rank` of the part's group (its parts wait at the group's point)."""
    group = part.group
    return (group.stretcher, group.priority, group.wheelchair, -problem.seconds[0][part.index])


def within_window(problem: Problem, hand: RoutePlan) -> RoutePlan:
    """The hand plan without the trips that would reach the destination after the window."""
    kept = [trip for trip in hand.trips if trip.arrive <= problem.horizon]
    return RoutePlan(kept, unserved(problem.scenario, kept), method="greedy within the window")


def _report(progress: Progress | None, started: float, makespan: int, bound: int) -> None:
    if progress is not None:
        progress(
            {
                "elapsed": time.perf_counter() - started,
                "best_makespan": makespan / 60,
                "lower_bound": bound / 60,
            }
        )
