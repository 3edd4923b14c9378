"""The makespan local search's moves and the edge-by-edge bound, on generated scenarios (real
numbers, no database)."""

import itertools
import random

import numpy as np
from pytest import MonkeyPatch

from stranded.evacuation.planner import build_problem, greedy_plan, parse_scenario, plan, validate
from stranded.evacuation.planner.balance import _ruin, _State, _tidy, improve
from stranded.evacuation.planner.bound import edge_terms
from stranded.evacuation.planner.generate import scenario as generate
from stranded.evacuation.planner.problem import BASE, DESTINATION, Problem
from tests.evacuation.test_planner import BUS, group, scenario


def generated(persons: int, seed: int = 3) -> Problem:
    return build_problem(parse_scenario(generate(persons, seed=seed)))


def drive(problem: Problem, origin: int, trip: list[int]) -> int:
    points = [origin, *(problem.parts[k].index for k in trip), DESTINATION]
    return sum(problem.seconds[a][b] for a, b in itertools.pairwise(points))


def test_it_never_counts_more_driving_than_a_trip_does() -> None:
    problem = generated(400)
    terms, leave, _ = edge_terms(problem)
    rng = random.Random(5)
    for _ in range(300):
        trip = rng.sample(range(len(problem.parts)), rng.randint(1, 12))
        origin = rng.choice((BASE, DESTINATION))
        fixed, *enter = terms[origin]
        actual = drive(problem, origin, trip)
        assert fixed + sum(enter[k] for k in trip) <= actual
        assert fixed + sum(leave[k] for k in trip) <= actual


def test_it_counts_the_driving_between_pickups_far_apart(monkeypatch: MonkeyPatch) -> None:
    """Families strung out either side of a road away from the crossing: the bound sees the
    drives between them, and stays below the exact optimum."""
    from stranded.evacuation.planner import bound as bounds
    from tests.evacuation.test_planner import exact_fleet_makespan

    groups = [group(f"g{i}", 0.04 + 0.04 * i, seated=1) for i in range(4)]
    for i, family in enumerate(groups):  # zigzag: east, west, east, west of the road north
        family["lon"] += 0.04 * (i + 1) * (1 if i % 2 == 0 else -1)
    van = {"id": "van", "seats": 4, "wheelchair": 0, "stretcher": 0}
    problem = build_problem(parse_scenario(scenario(groups, [van])))
    optimum = exact_fleet_makespan(problem)
    with_edges = bounds.lower_bound(problem, seconds=5)
    real = bounds.edge_terms

    def without(problem: Problem) -> tuple[dict[int, list[int]], list[int], int]:
        terms, leave, least = real(problem)
        return ({o: [0] * len(t) for o, t in terms.items()}, [0] * len(leave), least)

    monkeypatch.setattr(bounds, "edge_terms", without)
    assert bounds.lower_bound(problem, seconds=5) + 3 * 60 <= with_edges <= optimum


def test_shortening_trips_never_delays_the_last_vehicle() -> None:
    problem = generated(600)
    state = _State(problem, greedy_plan(problem))
    before_end, before_total = int(state.end.max()), int(state.end.sum())
    moved = 0
    for _ in range(5):
        state.index()
        if not _tidy(state):
            break
        moved += 1
        assert int(state.end.max()) <= before_end
    assert moved and int(state.end.sum()) < before_total
    result = state.plan()
    assert validate(problem.scenario, result, window=False) == []
    assert result.unserved == [] and result.evacuated == 600


def test_ruin_and_recreate_puts_every_part_back_once() -> None:
    problem = generated(500)
    state = _State(problem, greedy_plan(problem))
    rng = random.Random(2)
    for _ in range(20):
        state.index()
        _ruin(state, rng)
        carried = sorted(k for trips in state.trips for trip in trips for k in trip)
        assert carried == list(range(len(problem.parts)))
    ends = np.array([state.vehicle_end(v) for v in range(len(state.trips))])
    assert np.array_equal(ends, state.end)  # the ends it keeps are the real ones
    assert validate(problem.scenario, state.plan(), window=False) == []


def test_the_local_search_comes_close_to_the_bound_on_a_thousand_persons() -> None:
    from stranded.evacuation.planner import lower_bound

    problem = generated(1000, seed=1001)
    found = improve(problem, greedy_plan(problem), seconds=8)
    assert validate(problem.scenario, found) == [] and found.evacuated == 1000
    assert found.makespan <= 1.2 * lower_bound(problem, seconds=4)


def test_a_group_no_vehicle_can_carry_is_left_with_its_reason() -> None:
    from stranded.evacuation.planner.problem import unserved_reasons

    groups = [group("a", 0.01, seated=3), group("bed", 0.02, seated=1, stretcher=1)]
    data = parse_scenario(scenario(groups, [BUS]))
    problem = build_problem(data)
    assert [p.group.id for p in problem.parts] == ["a"]
    outcome = plan(problem, seconds=1)
    assert outcome.plan.unserved == ["bed"] and outcome.plan.evacuated == 3
    assert validate(data, outcome.plan) == []  # checked against the whole scenario
    assert unserved_reasons(problem, outcome.plan) == {"bed": "no vehicle has stretchers"}
