"""The plan a coordinator makes by hand: first come, first served, into the nearest vehicle.

Groups are taken in the order they asked (a group ready later asks later). Each goes into the
nearest vehicle that still has room on its current trip, for a destination the trip's others may
go to as well; when none has, the vehicle that can take the group and would reach it soonest
drives its passengers to a destination, unloads, and comes back for it. At the end every vehicle
with passengers drives to a destination. The same rules as the planner: a vehicle starts at its
base when its shift starts, waits for a group not yet ready, and takes nobody it could not
unload before its shift ends; the window is not enforced (the hand plan is measured as it runs,
and cut at the window to compare when not everyone fits).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stranded.evacuation.planner.problem import (
    Part,
    Problem,
    RoutePlan,
    RouteTrip,
    fits,
    schedule,
    unserved,
)


@dataclass
class _Vehicle:
    id: str
    capacity: tuple[int, int, int]
    time: int
    position: int
    end: int | None
    load: tuple[int, int, int] = (0, 0, 0)
    allowed: int = -1
    parts: list[Part] = field(default_factory=list)
    trips: list[list[Part]] = field(default_factory=list)


def greedy_plan(problem: Problem) -> RoutePlan:
    starts = problem.starts
    # the shift's end only: the hand plan runs past the window (and is cut at it to compare)
    ends = [
        None if v.available_until is None else round(v.available_until * 60)
        for v in problem.scenario.vehicles
    ]
    fleet = [
        _Vehicle(v.id, v.capacity, clock, point, end)
        for v, (point, clock), end in zip(problem.scenario.vehicles, starts, ends, strict=True)
    ]
    for part in sorted(problem.parts, key=lambda p: p.ready):
        roomy = [
            v
            for v in fleet
            if fits(_add(v.load, part.load), v.capacity)
            and v.allowed & part.allowed
            and _in_shift(problem, v, part, again=False)
        ]
        if roomy:
            vehicle = min(roomy, key=lambda v: (problem.seconds[v.position][part.index], v.time))
        else:
            able = [
                v
                for v in fleet
                if fits(part.load, v.capacity) and _in_shift(problem, v, part, again=True)
            ]
            if not able:
                continue
            vehicle = min(able, key=lambda v: _back_at(problem, v, part))
            _unload(problem, vehicle, part.index)
        _pick_up(problem, vehicle, part)
    trips: list[RouteTrip] = []
    for vehicle in fleet:
        if vehicle.parts:
            vehicle.trips.append(vehicle.parts)
        trips += schedule(problem, vehicle.id, vehicle.trips)
    kept = [*problem.kept, *trips]
    return RoutePlan(trips=kept, unserved=unserved(problem.scenario, kept), method="greedy")


def _add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _in_shift(problem: Problem, vehicle: _Vehicle, part: Part, *, again: bool) -> bool:
    """Whether the vehicle, taking the part (on its trip, or `again` after unloading), can
    still unload everyone before its shift ends."""
    if vehicle.end is None:
        return True
    s = problem.seconds
    clock, position = vehicle.time, vehicle.position
    allowed = part.allowed if again else vehicle.allowed & part.allowed
    if again and vehicle.parts:
        d = problem.choose_destination(position, vehicle.allowed, part.index)
        clock += s[position][problem.destination_points[d]] + problem.unloads[d]
        position = problem.destination_points[d]
    clock = max(clock + s[position][part.index], part.ready) + problem.board(part)
    d = problem.choose_destination(part.index, allowed, None)
    return clock + s[part.index][problem.destination_points[d]] + problem.unloads[d] <= vehicle.end


def _back_at(problem: Problem, vehicle: _Vehicle, part: Part) -> int:
    s = problem.seconds
    if not vehicle.parts:
        return max(vehicle.time + s[vehicle.position][part.index], part.ready)
    d = problem.choose_destination(vehicle.position, vehicle.allowed, part.index)
    point = problem.destination_points[d]
    back = vehicle.time + s[vehicle.position][point] + problem.unloads[d] + s[point][part.index]
    return max(back, part.ready)


def _pick_up(problem: Problem, vehicle: _Vehicle, part: Part) -> None:
    arrival = max(vehicle.time + problem.seconds[vehicle.position][part.index], part.ready)
    vehicle.parts.append(part)
    vehicle.time = arrival + problem.board(part)
    vehicle.position = part.index
    vehicle.load = _add(vehicle.load, part.load)
    vehicle.allowed &= part.allowed


def _unload(problem: Problem, vehicle: _Vehicle, after: int) -> None:
    if not vehicle.parts:
        return
    d = problem.choose_destination(vehicle.position, vehicle.allowed, after)
    point = problem.destination_points[d]
    vehicle.time += problem.seconds[vehicle.position][point] + problem.unloads[d]
    vehicle.position = point
    vehicle.trips.append(vehicle.parts)
    vehicle.load, vehicle.parts, vehicle.allowed = (0, 0, 0), [], -1
