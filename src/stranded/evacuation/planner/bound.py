"""A valid lower bound on the makespan: no plan can get everyone out sooner.

Two relaxations, the larger wins:
1. Each group alone: some vehicle must drive from the base to it, board it and drive to the
   destination, so the makespan is at least max over groups of the fastest such run.
2. Capacity over time: for each need (seats, wheelchair places, stretchers), a vehicle can have
   completed at most n(T) trips by time T, where the first trip takes at least the fastest
   base -> pickup -> destination run and each later one at least the unloading plus the fastest
   destination -> pickup -> destination run (any trip visits at least one pickup, and travel
   times obey the triangle inequality). The makespan is at least the first T at which
   sum over vehicles of capacity x n(T) covers the persons with that need.
Rounding of travel seconds is absorbed by a slack of a few seconds per trip.
"""

from __future__ import annotations

from stranded.evacuation.planner.problem import BASE, DESTINATION, Problem, fits

SLACK = 2  # seconds per leg, for rounding


def lower_bound(problem: Problem) -> int:
    return max(single_runs(problem), capacity_over_time(problem), boarding_and_trips(problem))


def boarding_and_trips(problem: Problem) -> int:
    """3. Boarding takes time on the vehicle that carries the persons. A trip carrying L persons
    takes at least its drive plus L x rho, rho being the fastest boarding per person of any
    group; the first trip's drive is at least the fastest base -> pickup -> destination drive,
    each later one at least the unloading plus the fastest destination -> pickup -> destination
    drive. By time T a vehicle of capacity c can thus have carried at most
    max over n of min(n c, (T - first - (n - 1) again) / rho) persons; the fleet's sum must
    cover the persons, in each need and in all."""
    if not problem.parts:
        return 0
    s = problem.seconds
    first = min(s[BASE][p.index] + s[p.index][DESTINATION] for p in problem.parts)
    again = problem.unload + min(
        s[DESTINATION][p.index] + s[p.index][DESTINATION] for p in problem.parts
    )
    first, again = max(first - 2 * SLACK, 0), max(again - 2 * SLACK, 1)
    rho = min(problem.board(p) / p.persons for p in problem.parts)
    needs = [sum(p.load[k] for p in problem.parts) for k in range(3)]
    capacities = [v.capacity for v in problem.scenario.vehicles]

    def carried(time: int, capacity: int) -> float:
        best, trips = 0.0, 1
        while first + (trips - 1) * again <= time:
            left = time - first - (trips - 1) * again
            best = max(best, min(trips * capacity, left / rho if rho > 0 else trips * capacity))
            if trips * capacity >= sum(needs):
                break
            trips += 1
        return best

    def possible(time: int) -> bool:
        for k in range(3):
            if needs[k] and sum(carried(time, c[k]) for c in capacities) < needs[k]:
                return False
        return sum(carried(time, sum(c)) for c in capacities) >= sum(needs)

    low, high = first, max(first, 1)
    while not possible(high):
        high *= 2
    while low < high:
        middle = (low + high) // 2
        if possible(middle):
            high = middle
        else:
            low = middle + 1
    return low


def single_runs(problem: Problem) -> int:
    """1. Each group alone: base -> group -> destination in the fastest capable vehicle."""
    s = problem.seconds
    bound = 0
    for part in problem.parts:
        run = s[BASE][part.index] + problem.board(part) + s[part.index][DESTINATION]
        if any(fits(part.load, v.capacity) for v in problem.scenario.vehicles):
            bound = max(bound, run - 2 * SLACK)
    return bound


def capacity_over_time(problem: Problem) -> int:
    """2. Capacity over time, each trip at least its fastest single-pickup run."""
    if not problem.parts:
        return 0
    s = problem.seconds
    first = min(
        s[BASE][p.index] + problem.board(p) + s[p.index][DESTINATION] for p in problem.parts
    )
    again = problem.unload + min(
        s[DESTINATION][p.index] + problem.board(p) + s[p.index][DESTINATION] for p in problem.parts
    )
    first, again = max(first - 2 * SLACK, 0), max(again - 2 * SLACK, 1)
    bound = 0
    for need in range(3):
        persons = sum(p.load[need] for p in problem.parts)
        capacity = sum(v.capacity[need] for v in problem.scenario.vehicles)
        if persons == 0 or capacity == 0:
            continue
        low, high = first, first + (-(-persons // capacity)) * again
        while low < high:
            middle = (low + high) // 2
            trips = [_trips(middle, first, again) for _ in problem.scenario.vehicles]
            done = sum(
                v.capacity[need] * n for v, n in zip(problem.scenario.vehicles, trips, strict=True)
            )
            if done >= persons:
                high = middle
            else:
                low = middle + 1
        bound = max(bound, low)
    return bound


def _trips(time: int, first: int, again: int) -> int:
    return 0 if time < first else 1 + (time - first) // again
