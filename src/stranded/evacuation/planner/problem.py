"""The problem as the solvers see it: pickup parts, points, travel matrices, and plans.

A group stays together unless no vehicle can take it whole; then it is split into parts that
the largest vehicles can take. Times inside are whole seconds; plans report minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from stranded.evacuation.planner.scenario import Group, Point, Scenario
from stranded.evacuation.planner.travel import GreatCircle, TravelModel

BASE, DESTINATION = 0, 1  # point indices; parts follow from 2


@dataclass(frozen=True)
class Part:
    group: Group
    load: tuple[int, int, int]
    index: int  # point index

    @property
    def persons(self) -> int:
        return sum(self.load)


@dataclass
class Problem:
    scenario: Scenario
    parts: list[Part]
    metres: list[list[int]]
    seconds: list[list[int]]
    # groups no vehicle of the fleet can carry, with the reason (never parts: always unserved)
    impossible: dict[str, str] = field(default_factory=dict)

    @property
    def horizon(self) -> int:
        return round(self.scenario.horizon_minutes * 60)

    @property
    def unload(self) -> int:
        return round(self.scenario.unload_minutes * 60)

    def board(self, part: Part) -> int:
        return round(part.group.board_minutes * 60)


def fits(load: tuple[int, int, int], capacity: tuple[int, int, int]) -> bool:
    return all(need <= room for need, room in zip(load, capacity, strict=True))


def split_group(group: Group, capacities: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The group whole if some vehicle takes it; else parts, each fitting some vehicle."""
    if any(fits(group.load, c) for c in capacities):
        return [group.load]
    parts: list[tuple[int, int, int]] = []
    remaining = list(group.load)
    while any(remaining):
        best = max(
            capacities, key=lambda c: sum(min(n, r) for n, r in zip(remaining, c, strict=True))
        )
        take = (min(remaining[0], best[0]), min(remaining[1], best[1]), min(remaining[2], best[2]))
        if not any(take):
            raise ValueError(f"group {group.id}: no vehicle can carry its needs {group.load}")
        parts.append(take)
        remaining = [n - t for n, t in zip(remaining, take, strict=True)]
    return parts


PLACES = ("seats", "wheelchair places", "stretchers")


def cannot_carry(group: Group, capacities: list[tuple[int, int, int]]) -> str:
    """Why no plan can carry the group ("" if some can): a need no vehicle has a place for.
    The group stays together, so its other members are not carried without that person."""
    missing = [PLACES[k] for k in range(3) if group.load[k] and not any(c[k] for c in capacities)]
    return f"no vehicle has {' or '.join(missing)}" if missing else ""


def build_problem(scenario: Scenario, travel: TravelModel | None = None) -> Problem:
    """The parts to carry. A group the fleet cannot carry at all is left out of the problem
    the solvers see (its scenario) and kept in `impossible` with the reason: it is reported
    unserved, never an error that stops the whole plan."""
    travel = travel or GreatCircle(scenario.detour, scenario.speed_kmh)
    capacities = [v.capacity for v in scenario.vehicles]
    impossible = {g.id: cannot_carry(g, capacities) for g in scenario.groups}
    impossible = {gid: why for gid, why in impossible.items() if why}
    carried = tuple(g for g in scenario.groups if g.id not in impossible)
    parts: list[Part] = []
    points: list[Point] = [scenario.base, scenario.destination]
    for group in carried:
        for load in split_group(group, capacities):
            parts.append(Part(group, load, len(points)))
            points.append(group.point)
    metres, seconds = travel.matrices(points)
    return Problem(replace(scenario, groups=carried), parts, metres, seconds, impossible)


@dataclass(frozen=True)
class Stop:
    group: str
    eta: int  # seconds from the start, arrival at the pickup
    load: tuple[int, int, int]


@dataclass(frozen=True)
class Trip:
    vehicle: str
    depart: int  # leaves the base (first trip) or the destination after unloading
    arrive: int  # reaches the destination
    stops: tuple[Stop, ...]


@dataclass
class Plan:
    trips: list[Trip]
    unserved: list[str] = field(default_factory=list)
    method: str = ""

    @property
    def makespan(self) -> int:
        return max((t.arrive for t in self.trips), default=0)

    @property
    def evacuated(self) -> int:
        return sum(sum(s.load) for t in self.trips for s in t.stops)

    @property
    def vehicle_time(self) -> int:
        by_vehicle: dict[str, int] = {}
        for trip in self.trips:
            by_vehicle[trip.vehicle] = max(by_vehicle.get(trip.vehicle, 0), trip.arrive)
        return sum(by_vehicle.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "evacuated": self.evacuated,
            "unserved": self.unserved,
            "makespan_minutes": minutes(self.makespan),
            "trips": [
                {
                    "vehicle": t.vehicle,
                    "depart": minutes(t.depart),
                    "arrive": minutes(t.arrive),
                    "stops": [
                        {
                            "group": s.group,
                            "eta": minutes(s.eta),
                            "seated": s.load[0],
                            "wheelchair": s.load[1],
                            "stretcher": s.load[2],
                        }
                        for s in t.stops
                    ],
                }
                for t in sorted(self.trips, key=lambda t: (t.vehicle, t.depart))
            ],
        }


def unserved(scenario: Scenario, trips: list[Trip]) -> list[str]:
    """Groups not carried in full by these trips."""
    carried: dict[str, int] = {}
    for trip in trips:
        for stop in trip.stops:
            carried[stop.group] = carried.get(stop.group, 0) + sum(stop.load)
    return [g.id for g in scenario.groups if carried.get(g.id, 0) < g.persons]


def unserved_reasons(problem: Problem, plan: Plan) -> dict[str, str]:
    """Why each unserved group is left: a need no vehicle has a place for, or the window
    (the lowest ranked are left first: no stretcher, no medical priority, far out)."""
    return {
        gid: problem.impossible.get(gid, "not within the window: lower ranked than those taken")
        for gid in plan.unserved
    }


def schedule(problem: Problem, vehicle: str, trips: list[list[Part]]) -> list[Trip]:
    """Times of a vehicle's trips, as early as the travel model allows (no waiting): from the
    base at minute 0, each pickup boarded on arrival, unloading before driving back."""
    s = problem.seconds
    clock, position, result = 0, BASE, []
    for parts in trips:
        if not parts:
            continue
        depart, stops = clock, []
        for part in parts:
            clock += s[position][part.index]
            stops.append(Stop(part.group.id, clock, part.load))
            clock += problem.board(part)
            position = part.index
        clock += s[position][DESTINATION]
        result.append(Trip(vehicle, depart, clock, tuple(stops)))
        clock, position = clock + problem.unload, DESTINATION
    return result


def minutes(seconds: int) -> float:
    return round(seconds / 60, 1)
