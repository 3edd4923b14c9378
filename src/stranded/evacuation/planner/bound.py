"""A valid lower bound on the makespan: no plan can get everyone out sooner.

Four relaxations, the largest wins (4, the fleet's time, is the strongest on large cases):
1. Each group alone: some vehicle must drive from the base to it, board it and drive to the
   destination, so the makespan is at least max over groups of the fastest such run.
2. Capacity over time: for each need (seats, wheelchair places, stretchers), a vehicle can have
   completed at most n(T) trips by time T, where the first trip takes at least the fastest
   base -> pickup -> destination run and each later one at least the unloading plus the fastest
   destination -> pickup -> destination run (any trip visits at least one pickup, and travel
   times obey the triangle inequality). The makespan is at least the first T at which
   sum over vehicles of capacity x n(T) covers the persons with that need.
3. Boarding and trips: as 2, with the boarding time of the persons carried (`boarding_and_trips`).
4. The fleet's time, vehicle by vehicle: a mixed-integer relaxation in which each vehicle's
   trips, drives and boarding must fit in T (`fleet_bound`, the argument in its docstring).
   It needs scipy (HiGHS), which the project already installs through reverse_geocoder.
Rounding of travel seconds is absorbed by a slack of a few seconds per trip. Every bound is
tested against exact optima of small cases found by enumeration (tests/evacuation).
Travel times are assumed to obey the triangle inequality (the great-circle model does; a
routing engine's table nearly does).
"""

from __future__ import annotations

import time

from stranded.evacuation.planner.problem import BASE, DESTINATION, Problem, fits

SLACK = 2  # seconds per leg, for rounding


def lower_bound(problem: Problem, *, seconds: float = 5.0) -> int:
    """The largest of the four bounds; `seconds` caps the mixed-integer one (4)."""
    simple = max(single_runs(problem), capacity_over_time(problem), boarding_and_trips(problem))
    return max(simple, fleet_bound(problem, simple, 2 * simple + 60, seconds=seconds))


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


def fleet_bound(problem: Problem, low: int, high: int, *, seconds: float = 5.0) -> int:
    """4. The fleet's time, vehicle by vehicle (a mixed-integer relaxation, solved by HiGHS).

    A vehicle making n trips by time T spends, up to its last arrival, the drive of each trip,
    the boarding of every part it carries and n - 1 unloadings, all within T. A trip's drive
    is at least its longest single-pickup run (triangle inequality): from the base, F_j =
    base -> j -> destination for the first trip, R_j = destination -> j -> destination for a
    later one. With F = min F_j, w_j = load_j / capacity (in one need, or in persons; the
    weights of one trip sum to at most 1) and every R_j >= R:
        max over j of R_j >= R + sum over j of w_j (R_j - R),
    a convex combination of values none above the maximum. So a vehicle of capacity c making n
    trips needs
        F + (n - 1)(R + unload) + sum over its parts of board_j + w_j (X_j - X)  <=  T,
    X being F on its first trip and R on the others, and carries at most c per trip in each need.
    Relaxing which parts ride with which vehicle and trip to fractions, and counting per vehicle
    kind how many vehicles make n trips (integers), gives a mixed-integer program whose
    infeasibility at T proves that no plan ends by T. Coefficients are rounded down (buckets
    of travel seconds), which only relaxes it further. HiGHS answers exactly; a step it cannot
    settle in its time counts as feasible, so the bound stays valid."""

    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    if not problem.parts:
        return 0
    started = time.perf_counter()
    s, unload = problem.seconds, problem.unload
    first = {p.index: s[BASE][p.index] + s[p.index][DESTINATION] for p in problem.parts}
    again = {p.index: s[DESTINATION][p.index] + s[p.index][DESTINATION] for p in problem.parts}
    f_min = max(min(first.values()) - 2 * SLACK, 0)
    r_min = max(min(again.values()) - 2 * SLACK, 0)
    kinds: dict[tuple[int, int, int], int] = {}
    for vehicle in problem.scenario.vehicles:
        kinds[vehicle.capacity] = kinds.get(vehicle.capacity, 0) + 1
    bucket = 60 if len(problem.parts) <= 400 else 180
    counts: dict[tuple[tuple[int, int, int], int, int, int], int] = {}
    for p in problem.parts:
        extra_first = max(first[p.index] - 2 * SLACK - f_min, 0) // bucket * bucket
        extra_again = max(again[p.index] - 2 * SLACK - r_min, 0) // bucket * bucket
        key = (p.load, problem.board(p), extra_first, extra_again)
        counts[key] = counts.get(key, 0) + 1
    classes = list(counts.items())

    def feasible(limit: int, integral: bool) -> bool:
        slots = []  # (kind index, trips, budget)
        for t, capacity in enumerate(kinds):
            n = 1
            # Rounded travel seconds may break the triangle inequality by a second a leg (in
            # the plan's favour); a trip has at most one leg per person carried, plus one.
            legs = n * (sum(capacity) + 1)
            while limit - f_min - (n - 1) * (r_min + unload) + legs >= 0:
                slots.append((t, n, limit - f_min - (n - 1) * (r_min + unload) + legs))
                n += 1
                legs = n * (sum(capacity) + 1)
        if not slots:
            return False
        capacities = list(kinds)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lower: list[float] = []
        upper: list[float] = []
        n_vars = len(slots)

        def row(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
            r = len(lower)
            for c, v in entries:
                rows.append(r)
                cols.append(c)
                vals.append(v)
            lower.append(lo)
            upper.append(hi)

        class_vars: list[list[int]] = [[] for _ in classes]
        for y, (t, n, budget) in enumerate(slots):
            capacity = capacities[t]
            mine: list[tuple[int, int, bool]] = []
            for c, ((load, _, _, _), _) in enumerate(classes):
                if not fits(load, capacity):
                    continue
                for later in (False, True) if n > 1 else (False,):
                    mine.append((n_vars, c, later))
                    class_vars[c].append(n_vars)
                    n_vars += 1
            for k in range(3):
                for later in (False, True) if n > 1 else (False,):
                    entries = [(v, float(classes[c][0][0][k])) for v, c, lt in mine if lt == later]
                    entries.append((y, -float(capacity[k] * ((n - 1) if later else 1))))
                    row(entries, -np.inf, 0.0)
            weights: list[tuple[int, int | None]] = [(sum(capacity), None)]
            weights += [(capacity[k], k) for k in range(3) if capacity[k]]
            for width, need in weights:
                entries = []
                for v, c, later in mine:
                    load, board, extra_first, extra_again = classes[c][0]
                    share = (sum(load) if need is None else load[need]) / width
                    entries.append((v, board + share * (extra_again if later else extra_first)))
                entries.append((y, -float(budget)))
                row(entries, -np.inf, 0.0)
        for t, capacity in enumerate(capacities):
            row([(y, 1.0) for y, slot in enumerate(slots) if slot[0] == t], 0.0, kinds[capacity])
        for c, (_, count) in enumerate(classes):
            row([(v, 1.0) for v in class_vars[c]], count, count)
        matrix = coo_matrix((vals, (rows, cols)), shape=(len(lower), n_vars)).tocsr()
        integrality = np.zeros(n_vars)
        if integral:
            integrality[: len(slots)] = 1
        left = seconds - (time.perf_counter() - started)
        if left <= 0.05:
            return True  # out of time: not proven infeasible
        result = milp(np.zeros(n_vars), constraints=LinearConstraint(matrix, lower, upper),
                      integrality=integrality, bounds=Bounds(0, np.inf),
                      options={"time_limit": left})  # fmt: skip
        return bool(result.status != 2)  # 2: proven infeasible; anything else counts as feasible

    high = max(high, low)
    while not feasible(high, False):
        if time.perf_counter() - started > seconds:
            return low
        low, high = high + 1, high * 2
    for integral in (False, True):
        lo, hi = low, high
        while lo < hi:
            middle = (lo + hi) // 2
            if feasible(middle, integral):
                hi = middle
            else:
                lo = middle + 1
        low = lo
    return low
