"""The planner alone, on small scenarios (real PyVRP, no database)."""

import copy
import itertools
from typing import Any

import pytest

from stranded.evacuation.planner import (
    RoutePlan,
    RouteStop,
    RouteTrip,
    build_problem,
    greedy_plan,
    lower_bound,
    parse_scenario,
    plan,
    validate,
)
from stranded.evacuation.planner.problem import BASE, DESTINATION, Problem, fits

TOWN = {"lat": 39.8155, "lon": 46.7519}
CROSSING = {"lat": 39.5140, "lon": 46.5560, "unload_minutes": 15}


def scenario(
    groups: list[dict[str, Any]], vehicles: list[dict[str, Any]], horizon: int = 600
) -> dict[str, Any]:
    data = {
        "horizon_minutes": horizon,
        "base": TOWN,
        "destination": CROSSING,
        "travel": {"detour": 1.3, "speed_kmh": 40},
        "vehicles": vehicles,
        "groups": groups,
    }
    return copy.deepcopy(data)  # tests change their scenario; the shared vehicles stay as they are


def group(gid: str, dlat: float, **needs: int) -> dict[str, Any]:
    data = {"id": gid, "lat": TOWN["lat"] + dlat, "lon": TOWN["lon"], "board_minutes": 5}
    for need in ("seated", "wheelchair", "stretcher", "priority"):
        data[need] = needs.get(need, 0)
    return data


BUS = {"id": "bus", "seats": 10, "wheelchair": 0, "stretcher": 0}
AMBULANCE = {"id": "ambulance", "seats": 2, "wheelchair": 0, "stretcher": 1}


def solved(data: dict[str, Any], seconds: float = 1.5) -> tuple[Problem, RoutePlan, int]:
    problem = build_problem(parse_scenario(data))
    outcome = plan(problem, seconds=seconds)
    assert validate(problem.scenario, outcome.plan) == []
    return problem, outcome.plan, outcome.lower_bound


def test_it_takes_everyone_when_the_fleet_suffices() -> None:
    data = scenario([group("a", 0.01, seated=4), group("b", -0.01, seated=3)], [BUS])
    _, result, bound = solved(data)
    assert (result.evacuated, result.unserved, len(result.trips)) == (7, [], 1)
    assert bound <= result.makespan


def test_it_puts_stretchers_only_in_vehicles_with_stretchers() -> None:
    data = scenario([group("a", 0.01, seated=2), group("s", 0.02, stretcher=1)], [BUS, AMBULANCE])
    _, result, _ = solved(data)
    carriers = {t.vehicle for t in result.trips for s in t.stops if s.load[2]}
    assert carriers == {"ambulance"}


def test_it_splits_a_group_no_vehicle_can_take_whole() -> None:
    data = scenario([group("big", 0.01, seated=14)], [BUS, {**BUS, "id": "bus2"}])
    _, result, _ = solved(data)
    parts = sorted(s.load[0] for t in result.trips for s in t.stops)
    assert parts == [4, 10] and result.evacuated == 14


def test_it_makes_several_trips_when_needed() -> None:
    data = scenario([group(f"g{i}", 0.005 * i, seated=6) for i in range(3)], [BUS])
    _, result, _ = solved(data)
    assert len(result.trips) >= 2 and result.evacuated == 18
    first, second = sorted(result.trips, key=lambda t: t.depart)[:2]
    assert second.depart >= first.arrive + 15 * 60  # unloads before driving back


def test_priority_decides_who_is_left_when_the_window_is_short() -> None:
    groups = [
        group("family", 0.01, seated=8),
        group("bedridden", 0.012, seated=1, stretcher=1, priority=2),
    ]
    van = {"id": "van", "seats": 8, "wheelchair": 0, "stretcher": 1}
    _, result, _ = solved(scenario(groups, [van], horizon=90))
    assert result.unserved == ["family"]
    assert {s.group for t in result.trips for s in t.stops} == {"bedridden"}


def test_a_window_too_short_for_everyone_still_takes_as_many_as_the_hand_plan_does() -> None:
    """Far more people than the window allows: the plan must not fall below the hand plan cut
    at the window (a short search once left nearly everyone behind), stretchers first."""
    from stranded.evacuation.planner.solve import within_window

    groups = [group(f"g{i}", 0.002 * i, seated=3) for i in range(30)]
    groups += [group(f"s{i}", 0.003 * i, stretcher=1, priority=1) for i in range(6)]
    data = scenario(groups, [BUS, AMBULANCE], horizon=300)
    problem, result, _ = solved(data, seconds=1.0)
    hand_cut = within_window(problem, greedy_plan(problem))
    assert result.unserved
    assert result.evacuated >= hand_cut.evacuated > 0
    assert result.makespan <= 300 * 60
    stretchers = sum(s.load[2] for t in result.trips for s in t.stops)
    assert stretchers >= sum(s.load[2] for t in hand_cut.trips for s in t.stops)


def exact_makespan(problem: Problem) -> int:
    """Brute force for one vehicle: every order of the parts, every way to cut it into trips."""
    vehicle = problem.scenario.vehicles[0]
    s, best = problem.seconds, 10**12
    for order in itertools.permutations(problem.parts):
        for cuts in itertools.product((False, True), repeat=len(order) - 1):
            clock, position, load, ok = 0, BASE, (0, 0, 0), True
            for k, part in enumerate(order):
                load = tuple(a + b for a, b in zip(load, part.load, strict=True))  # type: ignore[assignment]
                ok = ok and fits(load, vehicle.capacity)
                clock += s[position][part.index] + problem.board(part)
                position = part.index
                if k < len(order) - 1 and cuts[k]:
                    clock += s[position][DESTINATION] + problem.unload
                    position, load = DESTINATION, (0, 0, 0)
            if ok:
                best = min(best, clock + s[position][DESTINATION])
    return best


@pytest.mark.parametrize("seed", range(4))
def test_the_lower_bound_never_exceeds_the_exact_optimum(seed: int) -> None:
    import random

    rng = random.Random(seed)
    groups = [group(f"g{i}", rng.uniform(-0.05, 0.05), seated=rng.randint(1, 6)) for i in range(4)]
    problem = build_problem(
        parse_scenario(scenario(groups, [{**BUS, "seats": rng.randint(6, 12)}]))
    )
    optimum = exact_makespan(problem)
    assert lower_bound(problem) <= optimum
    found = plan(problem, seconds=1).plan
    assert found.makespan >= optimum - 2  # no plan beats the optimum (rounding aside)
    assert found.makespan <= optimum * 1.05


def test_the_hand_plan_is_valid_and_no_better_than_the_planner() -> None:
    groups = [group(f"g{i}", 0.003 * i - 0.02, seated=1 + i % 5) for i in range(12)]
    problem = build_problem(parse_scenario(scenario(groups, [BUS, {**BUS, "id": "b2"}, AMBULANCE])))
    hand = greedy_plan(problem)
    assert validate(problem.scenario, hand, window=False) == []
    assert plan(problem, seconds=2).plan.makespan <= hand.makespan


def test_the_validator_catches_broken_plans() -> None:
    data = scenario([group("a", 0.01, seated=4), group("b", 0.02, seated=3)], [BUS])
    sc = parse_scenario(data)
    overloaded = RoutePlan(
        [
            RouteTrip(
                "bus", 0, 99999, (RouteStop("a", 9999, (40, 0, 0)), RouteStop("b", 9999, (3, 0, 0)))
            )
        ]
    )
    assert any("43 > 10 seats" in e for e in validate(sc, overloaded))
    missing = RoutePlan([RouteTrip("bus", 0, 99999, (RouteStop("a", 9999, (4, 0, 0)),))])
    assert any("group b: carried (0, 0, 0)" in e for e in validate(sc, missing))
    too_fast = RoutePlan(
        [RouteTrip("bus", 0, 60, (RouteStop("a", 1, (4, 0, 0)), RouteStop("b", 2, (3, 0, 0))))]
    )
    errors = validate(sc, too_fast)
    assert any("reaches a at 1s" in e for e in errors)
    assert any("reaches the destination at 60s" in e for e in errors)


def exact_fleet_makespan(problem: Problem) -> int:
    """Brute force for a small fleet: every assignment of the parts to the vehicles, then for
    each vehicle every order and every way to cut it into trips (capacities in each need)."""
    s, vehicles = problem.seconds, problem.scenario.vehicles

    def alone(vehicle_index: int, parts: tuple[Any, ...]) -> int:
        capacity = vehicles[vehicle_index].capacity
        if not parts:
            return 0
        best = 10**12
        for order in itertools.permutations(parts):
            for cuts in itertools.product((False, True), repeat=len(order) - 1):
                clock, position, load, ok = 0, BASE, (0, 0, 0), True
                for k, part in enumerate(order):
                    load = tuple(a + b for a, b in zip(load, part.load, strict=True))  # type: ignore[assignment]
                    ok = ok and fits(load, capacity)
                    clock += s[position][part.index] + problem.board(part)
                    position = part.index
                    if k < len(order) - 1 and cuts[k]:
                        clock += s[position][DESTINATION] + problem.unload
                        position, load = DESTINATION, (0, 0, 0)
                if ok:
                    best = min(best, clock + s[position][DESTINATION])
        return best

    best = 10**12
    for owners in itertools.product(range(len(vehicles)), repeat=len(problem.parts)):
        span = max(
            alone(v, tuple(p for p, o in zip(problem.parts, owners, strict=True) if o == v))
            for v in range(len(vehicles))
        )
        best = min(best, span)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_every_bound_stays_below_the_exact_optimum_of_a_mixed_fleet(seed: int) -> None:
    import random

    from stranded.evacuation.planner.bound import (
        boarding_and_trips,
        capacity_over_time,
        fleet_bound,
        single_runs,
    )

    rng = random.Random(100 + seed)
    groups = []
    for i in range(5):
        needs = {"seated": rng.randint(1, 4)}
        if rng.random() < 0.3:
            needs = {"seated": rng.randint(0, 1), "stretcher": 1}
        elif rng.random() < 0.3:
            needs["wheelchair"] = 1
        groups.append(group(f"g{i}", rng.uniform(-0.08, 0.08), **needs))
        groups[-1]["lon"] += rng.uniform(-0.08, 0.08)
        groups[-1]["board_minutes"] = rng.choice((2, 5, 12))
    vehicles = [
        {"id": "van", "seats": rng.randint(4, 7), "wheelchair": 1, "stretcher": 0},
        {"id": "ambulance", "seats": 2, "wheelchair": 1, "stretcher": 1},
    ]
    problem = build_problem(parse_scenario(scenario(groups, vehicles)))
    optimum = exact_fleet_makespan(problem)
    simple = max(single_runs(problem), capacity_over_time(problem), boarding_and_trips(problem))
    assert simple <= optimum
    assert fleet_bound(problem, 0, optimum, seconds=30) <= optimum
    assert lower_bound(problem) <= optimum
    # and it is tight enough to mean something on these small cases
    assert lower_bound(problem) >= 0.9 * optimum


def generated(persons: int) -> Problem:
    from stranded.evacuation.planner.generate import scenario as generate

    return build_problem(parse_scenario(generate(persons, seed=persons)))


def test_the_event_simulation_gives_valid_plans_and_meets_its_deadline() -> None:
    from stranded.evacuation.planner.construct import balanced_plan, constructed_plan

    problem = generated(300)
    free = constructed_plan(problem)
    assert validate(problem.scenario, free, window=False) == []
    assert free.unserved == [] and free.evacuated == 300
    balanced = balanced_plan(problem, lower_bound(problem), seconds=5)
    assert validate(problem.scenario, balanced, window=False) == []
    assert balanced.makespan <= free.makespan
    tight = constructed_plan(problem, deadline=balanced.makespan - 3600)
    assert all(t.arrive <= balanced.makespan - 3600 for t in tight.trips)
    assert tight.unserved  # an hour less is too little: who is left is reported


def test_the_local_search_lowers_the_makespan_and_keeps_the_plan_valid() -> None:
    from stranded.evacuation.planner.balance import improve

    problem = generated(300)
    hand = greedy_plan(problem)
    better = improve(problem, hand, seconds=2)
    assert validate(problem.scenario, better, window=False) == []
    assert better.unserved == [] and better.evacuated == 300
    # the hand plan keeps one vehicle driving while others wait; the search balances them,
    # here to within 5% of what is provably possible
    bound = lower_bound(problem)
    assert bound <= better.makespan <= 1.05 * bound
    assert better.makespan <= 0.9 * hand.makespan


def test_the_local_search_leaves_a_plan_that_misses_someone_as_it_is() -> None:
    from stranded.evacuation.planner.balance import improve

    problem = generated(100)
    hand = greedy_plan(problem)
    partial = RoutePlan(hand.trips[1:], ["someone"], method="greedy")
    assert improve(problem, partial, seconds=1) is partial


def test_large_cases_are_planned_by_the_local_search_beside_pyvrp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from stranded.evacuation.planner import solve

    monkeypatch.setattr(solve, "PYVRP_UP_TO", 40)
    problem = generated(500)
    assert len(problem.parts) > 40
    steps: list[dict[str, float]] = []
    outcome = plan(problem, seconds=6, progress=steps.append)
    assert validate(problem.scenario, outcome.plan) == []
    assert outcome.plan.unserved == [] and outcome.plan.evacuated == 500
    assert outcome.lower_bound <= outcome.plan.makespan <= 0.8 * greedy_plan(problem).makespan
    # progress is reported as the best plan improves, ending with the plan returned
    assert steps and steps[-1]["best_makespan"] == outcome.plan.makespan / 60
    assert [s["best_makespan"] for s in steps] == sorted(
        (s["best_makespan"] for s in steps), reverse=True
    )


def test_a_family_waiting_at_the_crossing_does_not_weaken_the_bound() -> None:
    data = generate_data(300)
    data["horizon_minutes"] = 2000  # this fleet needs longer than a day's window for everyone
    without = lower_bound(build_problem(parse_scenario(data)))
    data["groups"].append(
        {
            "id": "at-the-crossing",
            "lat": CROSSING["lat"],
            "lon": CROSSING["lon"],
            "seated": 2,
            "board_minutes": 4,
        }
    )
    problem = build_problem(parse_scenario(data))
    near = lower_bound(problem)
    assert near >= without - 60  # the near family alone never lowers it by much
    outcome = plan(problem, seconds=3)
    assert validate(problem.scenario, outcome.plan) == [] and outcome.plan.unserved == []
    assert near <= outcome.plan.makespan


@pytest.mark.parametrize("seed", range(3))
def test_the_bound_with_near_parts_stays_below_the_exact_optimum(seed: int) -> None:
    import random

    rng = random.Random(200 + seed)
    groups = [group(f"g{i}", rng.uniform(-0.08, 0.08), seated=rng.randint(1, 4)) for i in range(4)]
    groups.append(
        {
            "id": "near",
            "lat": CROSSING["lat"] + 0.01,
            "lon": CROSSING["lon"],
            "seated": 2,
            "board_minutes": 3,
        }
    )
    vehicles = [
        {"id": "van", "seats": rng.randint(4, 6), "wheelchair": 0, "stretcher": 0},
        {"id": "car", "seats": 3, "wheelchair": 0, "stretcher": 0},
    ]
    problem = build_problem(parse_scenario(scenario(groups, vehicles)))
    assert lower_bound(problem) <= exact_fleet_makespan(problem)


def generate_data(persons: int) -> dict[str, Any]:
    from stranded.evacuation.planner.generate import scenario as generate

    return generate(persons, seed=persons)


def test_when_the_window_is_short_the_local_search_leaves_out_the_lowest_ranked() -> None:
    from stranded.evacuation.planner.balance import fit_window
    from stranded.evacuation.planner.solve import _rank_part, _served, within_window

    data = generate_data(300)
    data["horizon_minutes"] = 250
    problem = build_problem(parse_scenario(data))
    hand = greedy_plan(problem)
    fitted = fit_window(problem, hand, seconds=3, rank=lambda part: _rank_part(problem, part))
    assert validate(problem.scenario, fitted) == []  # within the window
    assert fitted.unserved and fitted.makespan <= problem.horizon
    cut = within_window(problem, hand)
    assert _served(fitted) > _served(cut)
    # the stretcher cases go first: at least one round of the stretcher places is used
    taken = sum(s.load[2] for t in fitted.trips for s in t.stops)
    places = sum(v.stretcher for v in problem.scenario.vehicles)
    assert taken >= min(places, sum(g.stretcher for g in problem.scenario.groups))
    outcome = plan(problem, seconds=4)
    assert validate(problem.scenario, outcome.plan) == []
    assert _served(outcome.plan) >= _served(cut)
