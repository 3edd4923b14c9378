"""An independent check of any plan against its scenario (used by tests and benchmarks).

It recomputes travel times from the scenario's travel model and checks, leg by leg: loads within
every capacity dimension, every group carried exactly once in full (or reported unserved), times
that follow the travel model (no stop reached before the vehicle could be there, nobody picked
up before the group is ready), each vehicle's first trip leaving its own base no earlier than
its shift starts, each later trip leaving from where the one before unloaded, unloading between,
every trip ending at a destination that receives all it carries and that each of its groups may
go to, back unloaded by the shift's end, and everything within the window. With `keep` (a plan
published earlier and the minute of the new one), every trip of the old plan that had left by
then is in the new plan unchanged, and no new trip leaves before then.
"""

from __future__ import annotations

from collections import defaultdict

from stranded.evacuation.planner.problem import PLACES, RoutePlan, RouteTrip
from stranded.evacuation.planner.scenario import NEEDS, Point, Scenario, Van
from stranded.evacuation.planner.travel import GreatCircle, TravelModel

TOLERANCE = 4  # seconds, for rounding (plans printed in tenths of a minute are 3 s apart)


def validate(
    scenario: Scenario,
    plan: RoutePlan,
    travel: TravelModel | None = None,
    *,
    window: bool = True,
    keep: tuple[RoutePlan, int] | None = None,
) -> list[str]:
    """Every broken rule, in words; [] for a valid plan. `window=False` lets a plan run past
    the window (the hand plan, measured for comparison)."""
    travel = travel or GreatCircle(scenario.detour, scenario.speed_kmh)
    errors = _capacities(scenario, plan) + _coverage(scenario, plan)
    errors += _destinations(scenario, plan)
    errors += _times(scenario, plan, travel, window)
    if keep is not None:
        errors += _kept(plan, *keep)
    return errors


def _capacities(scenario: Scenario, plan: RoutePlan) -> list[str]:
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


def _coverage(scenario: Scenario, plan: RoutePlan) -> list[str]:
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


def _destinations(scenario: Scenario, plan: RoutePlan) -> list[str]:
    """Each trip to a known destination receiving every kind of place it carries, and one that
    each of its groups may go to."""
    places = {d.id: d for d in scenario.destinations}
    groups = {g.id: g for g in scenario.groups}
    errors = []
    for trip in plan.trips:
        name = trip.destination or scenario.destinations[0].id
        where = f"{trip.vehicle} trip at {trip.depart}s"
        destination = places.get(name)
        if destination is None:
            errors.append(f"{where}: unknown destination {name}")
            continue
        for stop in trip.stops:
            kinds = [NEEDS[k] for k in range(3) if stop.load[k]]
            refused = [kind for kind in kinds if kind not in destination.accepts]
            if refused:
                errors.append(
                    f"{where}: {name} does not receive {', '.join(refused)} ({stop.group})"
                )
            group = groups.get(stop.group)
            if group is not None and group.destinations and name not in group.destinations:
                errors.append(f"{where}: group {stop.group} may not go to {name}")
    return errors


def _times(scenario: Scenario, plan: RoutePlan, travel: TravelModel, window: bool) -> list[str]:
    points: list[Point] = [g.point for g in scenario.groups]
    index = {("group", g.id): i for i, g in enumerate(scenario.groups)}
    for place in (*scenario.bases, *scenario.destinations):
        index[("place", place.id)] = len(points)
        points.append(place.point)
    _, seconds = travel.matrices(points)
    vehicles = {v.id: v for v in scenario.vehicles}
    by_vehicle: dict[str, list[RouteTrip]] = defaultdict(list)
    for trip in plan.trips:
        by_vehicle[trip.vehicle].append(trip)
    errors = []
    for vehicle, trips in by_vehicle.items():
        if vehicle in vehicles:
            errors += _day(scenario, vehicles[vehicle], trips, seconds, index, window)
    return errors


def _day(
    scenario: Scenario,
    vehicle: Van,
    trips: list[RouteTrip],
    seconds: list[list[int]],
    index: dict[tuple[str, str], int],
    window: bool,
) -> list[str]:
    """One vehicle's trips, one after the other."""
    groups = {g.id: g for g in scenario.groups}
    unloads = {d.id: round(d.unload_minutes * 60) for d in scenario.destinations}
    horizon = round(scenario.horizon_minutes * 60)
    base = scenario.base_of(vehicle).id
    until = vehicle.available_until
    errors = []
    name, ready, position = vehicle.id, round(vehicle.available_from * 60), base
    for n, trip in enumerate(sorted(trips, key=lambda t: t.depart)):
        origin = trip.origin or (base if n == 0 else position)
        if origin != position:
            where = "its base" if n == 0 else "where its last trip unloaded"
            errors.append(
                f"{name}: trip at {trip.depart}s leaves {origin}, not {where} ({position})"
            )
        if trip.depart + TOLERANCE < ready:
            errors.append(f"{name}: trip departs at {trip.depart}s, before {ready}s")
        clock, here = max(trip.depart, ready), index[("place", position)]
        for stop in trip.stops:
            group = groups.get(stop.group)
            if group is None:
                continue
            earliest = clock + seconds[here][index[("group", stop.group)]]
            if stop.eta + TOLERANCE < earliest:
                errors.append(
                    f"{name}: reaches {stop.group} at {stop.eta}s, not before {earliest}s"
                )
            if stop.eta + TOLERANCE < round(group.ready_minutes * 60):
                errors.append(f"{name}: picks up {stop.group} at {stop.eta}s, before it is ready")
            clock = max(stop.eta, earliest) + round(group.board_minutes * 60)
            here = index[("group", stop.group)]
        destination = trip.destination or scenario.destinations[0].id
        if destination not in unloads:
            return errors  # reported by `_destinations`
        earliest = clock + seconds[here][index[("place", destination)]]
        if trip.arrive + TOLERANCE < earliest:
            errors.append(
                f"{name}: reaches the destination at {trip.arrive}s, not before {earliest}s"
            )
        if window and trip.arrive > horizon + TOLERANCE:
            errors.append(f"{name}: arrives at {trip.arrive}s, after the window ({horizon}s)")
        ready = max(trip.arrive, earliest) + unloads[destination]
        if until is not None and ready > round(until * 60) + TOLERANCE:
            errors.append(f"{name}: unloaded at {ready}s, after its shift ends ({until:g} min)")
        position = destination
    return errors


def _kept(plan: RoutePlan, old: RoutePlan, now: int) -> list[str]:
    """Every trip of the old plan that had left by `now` unchanged; no new trip before it."""
    errors = []
    new = {_key(t) for t in plan.trips}
    kept = {_key(t) for t in old.trips if t.depart <= now}
    for trip in old.trips:
        if trip.depart <= now and _key(trip) not in new:
            errors.append(f"{trip.vehicle}: trip under way at {trip.depart}s changed or dropped")
    for trip in plan.trips:
        if _key(trip) not in kept and trip.depart + TOLERANCE < now:
            errors.append(f"{trip.vehicle}: new trip leaves at {trip.depart}s, before now ({now}s)")
    return errors


def _key(trip: RouteTrip) -> tuple[object, ...]:
    stops = tuple((s.group, s.load, s.eta) for s in trip.stops)
    return (trip.vehicle, trip.depart, trip.arrive, trip.origin, trip.destination, stops)
