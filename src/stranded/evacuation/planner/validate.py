"""An independent check of any plan against its scenario (used by tests and benchmarks).

It recomputes travel times from the scenario's travel model and checks, leg by leg: loads within
every capacity dimension, every group carried exactly once in full (or reported unserved), times
that follow the travel model (no stop reached before the vehicle could be there), trips of one
vehicle one after the other with unloading between, and everything within the window.
"""

from __future__ import annotations

from collections import defaultdict

from stranded.evacuation.planner.problem import PLACES, Plan, Trip
from stranded.evacuation.planner.scenario import Point, Scenario
from stranded.evacuation.planner.travel import GreatCircle, TravelModel

TOLERANCE = 2  # seconds, for rounding


def validate(
    scenario: Scenario, plan: Plan, travel: TravelModel | None = None, *, window: bool = True
) -> list[str]:
    """Every broken rule, in words; [] for a valid plan. `window=False` lets a plan run past
    the window (the hand plan, measured for comparison)."""
    travel = travel or GreatCircle(scenario.detour, scenario.speed_kmh)
    errors = _capacities(scenario, plan) + _coverage(scenario, plan)
    errors += _times(scenario, plan, travel, window)
    return errors


def _capacities(scenario: Scenario, plan: Plan) -> list[str]:
    vehicles = {v.id: v for v in scenario.vehicles}
    errors = []
    for trip in plan.trips:
        vehicle = vehicles.get(trip.vehicle)
        if vehicle is None:
            errors.append(f"trip of unknown vehicle {trip.vehicle}")
            continue
        load = [sum(s.load[k] for s in trip.stops) for k in range(3)]
        for k, name in enumerate(PLACES):
            if load[k] > vehicle.capacity[k]:
                where = f"{trip.vehicle} trip at {trip.depart}s"
                errors.append(f"{where}: {load[k]} > {vehicle.capacity[k]} {name}")
    return errors


def _coverage(scenario: Scenario, plan: Plan) -> list[str]:
    carried: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for trip in plan.trips:
        for stop in trip.stops:
            for k in range(3):
                carried[stop.group][k] += stop.load[k]
    errors = []
    groups = {g.id: g for g in scenario.groups}
    for name in carried:
        if name not in groups:
            errors.append(f"unknown group {name} carried")
    for group in scenario.groups:
        load = tuple(carried.get(group.id, [0, 0, 0]))
        whole = load == group.load
        if any(c > n for c, n in zip(load, group.load, strict=True)):
            errors.append(f"group {group.id}: carried {load}, more than {group.load}")
        elif whole and group.id in plan.unserved:
            errors.append(f"group {group.id}: carried in full but reported unserved")
        elif not whole and group.id not in plan.unserved:
            errors.append(f"group {group.id}: carried {load} of {group.load} and not reported")
    return errors


def _times(scenario: Scenario, plan: Plan, travel: TravelModel, window: bool) -> list[str]:
    groups = {g.id: g for g in scenario.groups}
    points: list[Point] = [scenario.base, scenario.destination, *(g.point for g in scenario.groups)]
    index = {g.id: i + 2 for i, g in enumerate(scenario.groups)}
    _, seconds = travel.matrices(points)
    unload = round(scenario.unload_minutes * 60)
    horizon = round(scenario.horizon_minutes * 60)
    by_vehicle: dict[str, list[Trip]] = defaultdict(list)
    for trip in plan.trips:
        by_vehicle[trip.vehicle].append(trip)
    errors = []
    for vehicle, trips in by_vehicle.items():
        ready, position = 0, 0  # at the base at minute 0
        for trip in sorted(trips, key=lambda t: t.depart):
            if trip.depart + TOLERANCE < ready:
                errors.append(f"{vehicle}: trip departs at {trip.depart}s, before {ready}s")
            clock = max(trip.depart, ready)
            for stop in trip.stops:
                here = index[stop.group]
                earliest = clock + seconds[position][here]
                if stop.eta + TOLERANCE < earliest:
                    errors.append(
                        f"{vehicle}: reaches {stop.group} at {stop.eta}s, not before {earliest}s"
                    )
                clock = max(stop.eta, earliest) + round(groups[stop.group].board_minutes * 60)
                position = here
            earliest = clock + seconds[position][1]
            if trip.arrive + TOLERANCE < earliest:
                errors.append(
                    f"{vehicle}: reaches the destination at {trip.arrive}s, not before {earliest}s"
                )
            if window and trip.arrive > horizon + TOLERANCE:
                errors.append(
                    f"{vehicle}: arrives at {trip.arrive}s, after the window ({horizon}s)"
                )
            ready, position = max(trip.arrive, earliest) + unload, 1
    return errors
