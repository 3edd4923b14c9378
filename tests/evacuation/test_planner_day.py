"""The planner on the day as it runs: several bases and destinations, shifts, groups ready
later, a plan kept; the bound below the exact optimum of small cases."""

import itertools
from typing import Any

from stranded.evacuation.planner import (
    RoutePlan,
    build_problem,
    greedy_plan,
    parse_scenario,
    plan,
    validate,
)
from stranded.evacuation.planner.bound_day import day_bound
from stranded.evacuation.planner.day import served, top_rank, within_window
from stranded.evacuation.planner.generate_day import day_scenario
from stranded.evacuation.planner.problem import Problem, fits, unserved_reasons
from tests.evacuation.test_planner_rules import day


def test_it_plans_a_generated_day_by_every_rule() -> None:
    scenario = parse_scenario(day_scenario(80, seed=4))
    problem = build_problem(scenario)
    outcome = plan(problem, seconds=3)
    assert validate(scenario, outcome.plan) == []
    hand = within_window(problem, greedy_plan(problem))
    assert outcome.plan.evacuated >= hand.evacuated
    assert set(unserved_reasons(problem, outcome.plan)) == set(outcome.plan.unserved)
    hospital = [t for t in outcome.plan.trips if t.destination == "hospital"]
    assert all(s.load[:2] == (0, 0) for t in hospital for s in t.stops)


def test_it_sends_a_stretcher_case_to_the_hospital_and_the_family_to_the_crossing() -> None:
    data = day()
    data["destinations"][0]["accepts"] = ["seated", "wheelchair"]
    data["groups"].append({"id": "both", "lat": 39.82, "lon": 46.75, "seated": 2, "stretcher": 1})
    result = plan(build_problem(parse_scenario(data)), seconds=1).plan
    where = {(s.group, s.load): t.destination for t in result.trips for s in t.stops}
    assert where[("both", (0, 0, 1))] == "hospital"
    assert where[("both", (2, 0, 0))] == "crossing"
    assert result.unserved == []


def test_it_keeps_trips_under_way_and_plans_the_rest_from_where_vehicles_are() -> None:
    data = day()
    scenario = parse_scenario(data)
    first = plan(build_problem(scenario), seconds=1).plan
    ambulance = next(t for t in first.trips if t.vehicle == "ambulance")
    now = ambulance.depart + 300
    data["groups"].append({"id": "late", "lat": 39.84, "lon": 46.77, "seated": 1})
    scenario = parse_scenario(data)
    kept = [t for t in first.trips if t.depart <= now]
    second = plan(build_problem(scenario, kept=kept, now=now), seconds=1).plan
    assert validate(scenario, second, keep=(first, now)) == []
    assert ambulance in second.trips
    assert second.unserved == []
    assert all(t.depart >= now for t in second.trips if t not in kept)


def test_it_takes_at_least_what_the_hand_plan_takes_when_not_everyone_fits() -> None:
    scenario = parse_scenario(day_scenario(150, seed=11, horizon_minutes=240))
    problem = build_problem(scenario)
    result = plan(problem, seconds=3).plan
    cut = within_window(problem, greedy_plan(problem))
    assert validate(scenario, result) == []
    assert result.unserved
    top = top_rank(problem)
    ours, hand = served(result, top), served(cut, top)
    assert ours[0] >= hand[0] and ours[1] >= hand[1]


def exact_day(problem: Problem) -> int:
    """Brute force: every assignment of the parts to the vehicles, every order, every cut into
    trips and every destination of each trip, timed as early as possible (waiting only for a
    group not yet ready); the least makespan of a plan carrying everyone."""
    s, vehicles = problem.seconds, problem.scenario.vehicles
    best = 2**62
    for owners in itertools.product(range(len(vehicles)), repeat=len(problem.parts)):
        pairs = list(zip(problem.parts, owners, strict=True))
        ends = [
            _best_day(problem, v, [p for p, o in pairs if o == v], s) for v in range(len(vehicles))
        ]
        best = min(best, max(ends))
    return best


def _best_day(problem: Problem, v: int, parts: list[Any], s: list[list[int]]) -> int:
    if not parts:
        return 0
    best = 2**62
    capacity = problem.scenario.vehicles[v].capacity
    for order in itertools.permutations(parts):
        for cuts in itertools.product((False, True), repeat=len(order) - 1):
            trips, current = [], [order[0]]
            for part, cut in zip(order[1:], cuts, strict=True):
                if cut:
                    trips.append(current)
                    current = []
                current.append(part)
            trips.append(current)
            if not all(
                fits(tuple(sum(p.load[k] for p in t) for k in range(3)), capacity) for t in trips
            ):
                continue
            for dests in itertools.product(
                range(len(problem.destination_points)), repeat=len(trips)
            ):
                best = min(best, _timed(problem, v, trips, dests, s))
    return best


def _timed(problem: Problem, v: int, trips: list[Any], dests: tuple[int, ...], s: Any) -> int:
    position, clock = problem.starts[v]
    arrive = 0
    for trip, d in zip(trips, dests, strict=True):
        if any(not p.allowed >> d & 1 for p in trip):
            return 2**62
        for part in trip:
            clock = max(clock + s[position][part.index], part.ready) + problem.board(part)
            position = part.index
        point = problem.destination_points[d]
        arrive = clock + s[position][point]
        clock, position = arrive + problem.unloads[d], point
    end = problem.ends[v]
    if arrive > problem.horizon or (end is not None and clock > end):
        return 2**62
    return arrive


def test_the_day_bound_stays_below_the_exact_optimum() -> None:
    for seed in range(6):
        data = day()
        data["groups"].append(
            {
                "id": "x",
                "lat": 39.80 + seed * 0.01,
                "lon": 46.70,
                "seated": 1 + seed % 3,
                "ready_minutes": 20 * seed,
            }
        )
        data["vehicles"][0]["available_from"] = 10 * seed
        problem = build_problem(parse_scenario(data))
        exact = exact_day(problem)
        bound = day_bound(problem, seconds=1)
        found = plan(problem, seconds=0.5).plan
        assert bound <= exact <= found.makespan, seed
        assert isinstance(found, RoutePlan)
