"""The plan a coordinator makes by hand: first come, first served, into the nearest vehicle.

Groups are taken in the order they asked. Each goes into the nearest vehicle that still has room
on its current trip; when none has, the vehicle that can take the group and would reach it
soonest drives its passengers to the destination, unloads, and comes back for it. At the end
every vehicle with passengers drives to the destination.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Plan,
    Problem,
    Stop,
    Trip,
    fits,
)


@dataclass
class _Vehicle:
    id: str
    capacity: tuple[int, int, int]
    time: int = 0
    position: int = BASE
    depart: int = 0
    load: tuple[int, int, int] = (0, 0, 0)
    stops: list[Stop] = field(default_factory=list)


def greedy_plan(problem: Problem) -> Plan:
    fleet = [_Vehicle(v.id, v.capacity) for v in problem.scenario.vehicles]
    trips: list[Trip] = []
    unserved: list[str] = []
    for part in problem.parts:
        roomy = [v for v in fleet if fits(_add(v.load, part.load), v.capacity)]
        if roomy:
            vehicle = min(roomy, key=lambda v: (problem.seconds[v.position][part.index], v.time))
        else:
            able = [v for v in fleet if fits(part.load, v.capacity)]
            if not able:
                unserved.append(part.group.id)
                continue
            vehicle = min(able, key=lambda v: _back_at(problem, v, part))
            _unload(problem, vehicle, trips)
        _pick_up(problem, vehicle, part)
    for vehicle in fleet:
        if vehicle.stops:
            _unload(problem, vehicle, trips)
    return Plan(trips=trips, unserved=sorted(set(unserved)), method="greedy")


def _add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _back_at(problem: Problem, vehicle: _Vehicle, part: Part) -> int:
    s = problem.seconds
    if not vehicle.stops:
        return vehicle.time + s[vehicle.position][part.index]
    return (
        vehicle.time
        + s[vehicle.position][DESTINATION]
        + problem.unload
        + s[DESTINATION][part.index]
    )


def _pick_up(problem: Problem, vehicle: _Vehicle, part: Part) -> None:
    arrival = vehicle.time + problem.seconds[vehicle.position][part.index]
    vehicle.stops.append(Stop(part.group.id, arrival, part.load))
    vehicle.time = arrival + problem.board(part)
    vehicle.position = part.index
    vehicle.load = _add(vehicle.load, part.load)


def _unload(problem: Problem, vehicle: _Vehicle, trips: list[Trip]) -> None:
    arrival = vehicle.time + problem.seconds[vehicle.position][DESTINATION]
    trips.append(Trip(vehicle.id, vehicle.depart, arrival, tuple(vehicle.stops)))
    vehicle.time = vehicle.depart = arrival + problem.unload
    vehicle.position = DESTINATION
    vehicle.load, vehicle.stops = (0, 0, 0), []
