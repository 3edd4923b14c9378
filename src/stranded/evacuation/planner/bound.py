"""A valid lower bound on the makespan: no plan can get everyone out sooner.

Relaxations, the largest wins (4, the fleet's time, is the strongest on large cases; 5,
trip by trip, on small fleets; 6 strengthens both):
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
5. Trip by trip, for small fleets: which part rides on which trip of which vehicle, in
   integers; each trip's drive at least its longest single-pickup run (`trip_bound`).
6. Edge by edge, inside 4 and 5: a trip also drives at least the nearest way into (or out of)
   each of its pickups, plus the shortest way out of its origin and into the destination
   (`edge_terms`); this counts the driving between pickups that 1 to 5 leave out, which
   matters most on small cases where families live far apart.
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
    """The largest of the five bounds; `seconds` caps the mixed-integer ones (4 and 5).

    Bounds 2 to 4 charge every trip at least the shortest run of any part, so a few persons
    waiting next to the destination would make every trip look short. Taking parts away never
    makes the best plan later (their stops dropped, the rest arrive no later: triangle
    inequality), so the bound of the problem without such near parts is a bound too; the
    larger is kept."""
    started = time.perf_counter()
    simple = max(single_runs(problem), capacity_over_time(problem), boarding_and_trips(problem))
    near = _near_parts(problem)
    share = seconds / 2 if near else seconds
    fleet = max(simple, fleet_bound(problem, simple, 2 * simple + 60, seconds=share))
    if near:
        rest = Problem(
            problem.scenario,
            [p for k, p in enumerate(problem.parts) if k not in near],
            problem.metres,
            problem.seconds,
        )
        fleet = max(fleet, fleet_bound(rest, fleet, 2 * fleet + 60, seconds=share))
    left = seconds - (time.perf_counter() - started)
    return max(fleet, trip_bound(problem, fleet, seconds=left))


def _near_parts(problem: Problem) -> set[int]:
    """Parts whose round trip from the destination is under half the median one."""
    s = problem.seconds
    again = [s[DESTINATION][p.index] + s[p.index][DESTINATION] for p in problem.parts]
    if len(again) < 4:
        return set()
    median = sorted(again)[len(again) // 2]
    near = {k for k, value in enumerate(again) if value < median / 2}
    return near if len(near) < len(again) / 4 else set()


def edge_terms(problem: Problem) -> tuple[dict[int, list[int]], list[int], int]:
    """What every trip drives at least, edge by edge (6, used by 4 and 5; exact on the travel
    matrix, no triangle inequality needed). A trip from origin o (the base or the destination)
    through pickups j1..jk drives s(o, j1) + s(j1, j2) + ... + s(jk, destination). With
    O(o) = min over pickups of s(o, j) and D = min over pickups of s(j, destination):
    - entering: s(o, j1) >= O(o) + in_o(j1) and s(j(i-1), j(i)) >= in_o(j(i)), where
      in_o(j) = min(nearest other pickup to j, s(o, j) - O(o));
    - leaving: s(j(i), j(i+1)) >= out(j(i)) and s(jk, destination) >= D + out(jk), where
      out(j) = min(nearest pickup from j, s(j, destination) - D).
    So a trip drives at least O(o) + D + the sum of in_o over its parts, and at least
    O(o) + D + the sum of out. Returns ({origin: [O(o) + D, in_o per part]}, out per part,
    D): the first origin is the base, the later ones the destination."""
    import numpy as np

    s = np.asarray(problem.seconds, dtype=np.int64)
    idx = np.array([p.index for p in problem.parts], dtype=np.int64)
    between = s[np.ix_(idx, idx)].copy()
    np.fill_diagonal(between, np.iinfo(np.int64).max)
    if len(idx) > 1:
        nearest_in, nearest_out = between.min(axis=0), between.min(axis=1)
    else:
        nearest_in = nearest_out = np.zeros(len(idx), dtype=np.int64)
    leave = s[idx, DESTINATION]
    least_leave = int(leave.min())
    out = np.minimum(nearest_out, leave - least_leave)
    terms: dict[int, list[int]] = {}
    for origin in (BASE, DESTINATION):
        enter = s[origin, idx]
        least = int(enter.min())
        terms[origin] = [least + least_leave, *np.minimum(nearest_in, enter - least).tolist()]
    return terms, out.tolist(), least_leave


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
    settle in its time counts as feasible, so the bound stays valid.
    The same vehicle's time also holds with each trip's drive counted edge by edge (6,
    `edge_terms`): O(o) + D per trip, plus in_o (or out) per part carried."""

    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    if not problem.parts:
        return 0
    edges, leave, _ = edge_terms(problem)
    fixed_first, *enter_first = edges[BASE]
    fixed_again, *enter_again = edges[DESTINATION]
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
    fine = 15 if len(problem.parts) <= 400 else 30  # edge terms are a few dozen seconds
    counts: dict[tuple[tuple[int, int, int], int, int, int, int, int, int], int] = {}
    for j, p in enumerate(problem.parts):
        extra_first = max(first[p.index] - 2 * SLACK - f_min, 0) // bucket * bucket
        extra_again = max(again[p.index] - 2 * SLACK - r_min, 0) // bucket * bucket
        key = (
            p.load,
            problem.board(p),
            extra_first,
            extra_again,
            enter_first[j] // fine * fine,
            enter_again[j] // fine * fine,
            leave[j] // fine * fine,
        )
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
            for c, ((load, *_), _) in enumerate(classes):
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
                    load, board, extra_first, extra_again, *_ = classes[c][0]
                    share = (sum(load) if need is None else load[need]) / width
                    entries.append((v, board + share * (extra_again if later else extra_first)))
                entries.append((y, -float(budget)))
                row(entries, -np.inf, 0.0)
            # edge by edge: each trip O(o) + D, each part its entering (or leaving) term
            edge_budget = limit - fixed_first - (n - 1) * (fixed_again + unload)
            for leaving in (False, True):
                entries = []
                for v, c, later in mine:
                    _, board, _, _, in_first, in_again, out = classes[c][0]
                    term = out if leaving else (in_again if later else in_first)
                    entries.append((v, float(board + term)))
                entries.append((y, -float(edge_budget)))
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
        result = milp(
            np.zeros(n_vars),
            constraints=LinearConstraint(matrix, lower, upper),
            integrality=integrality,
            bounds=Bounds(0, np.inf),
            options={"time_limit": left},
        )
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


TRIP_BOUND_CELLS = 4000  # part x trip pairs above which the trip-by-trip program is not tried


def trip_bound(problem: Problem, low: int, *, seconds: float = 5.0) -> int:
    """5. Trip by trip (an integer program, solved by HiGHS), for small fleets.

    Binary x[j, v, t]: part j rides on trip t of vehicle v. Each part rides once; a trip carries
    at most its vehicle's capacity in each need; trip t + 1 is made only if trip t is. A trip's
    drive z[v, t] is at least base -> j -> destination (first trip) or destination -> j ->
    destination (later trips) for every part j on it (triangle inequality), and each vehicle's
    drives, boarding and unloadings (one fewer than its trips) fit in T. It is exact but for the
    drives between pickups, so on small cases it is much tighter than 4, which mixes trips
    fractionally. Infeasibility at T proves that no plan ends by T; a step HiGHS cannot settle
    in its time counts as feasible, so the bound stays valid. Vehicles of one capacity are
    interchangeable: the first of them makes at least as many trips as the next; so are a
    vehicle's later trips: the longer drive comes first."""
    if not problem.parts or seconds <= 0.1:
        return low
    started = time.perf_counter()

    def left() -> float:
        return seconds - (time.perf_counter() - started)

    # Upwards from the proven bound, a step at a time: infeasibility is proven quickly well
    # below the optimum and slowly near it, so the first step not proven infeasible ends it.
    step = max(60, low // 50)
    while left() > 0.1:
        status, _ = trip_program(problem, low + step - 1, seconds=left())
        if status != INFEASIBLE:
            break
        low += step
    return low


INFEASIBLE, FEASIBLE, UNSETTLED = "infeasible", "feasible", "unsettled"


def trip_program(
    problem: Problem, limit: int, *, seconds: float
) -> tuple[str, list[list[list[int]]] | None]:
    """The integer program of `trip_bound` at T = `limit`: whether it is infeasible, feasible
    or unsettled in `seconds` (or too large to try), and when feasible, its trips: per vehicle,
    per trip, the positions of the parts on it (unordered)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    started = time.perf_counter()
    parts, vehicles = problem.parts, problem.scenario.vehicles
    s, unload = problem.seconds, problem.unload
    first = [s[BASE][p.index] + s[p.index][DESTINATION] - 2 * SLACK for p in parts]
    again = [s[DESTINATION][p.index] + s[p.index][DESTINATION] - 2 * SLACK for p in parts]
    boards = [problem.board(p) for p in parts]
    least_first, least_again = max(min(first), 0), max(min(again), 0)
    edges, leave, _ = edge_terms(problem)
    # rounded travel seconds may break the triangle inequality by a second a leg
    slack = len(parts) + 1
    counts = []  # trips a vehicle can start by `limit`, each at least its shortest run
    for _ in vehicles:
        n = 0
        while least_first + n * (least_again + unload) <= limit + slack + n:
            n += 1
        counts.append(n)
    trips = [(v, t) for v, n in enumerate(counts) for t in range(n)]
    if len(parts) * len(trips) > TRIP_BOUND_CELLS or seconds <= 0.05:
        return UNSETTLED, None
    if not trips:
        return INFEASIBLE, None
    x: dict[tuple[int, int], int] = {}  # (part, trip) -> column
    for j, part in enumerate(parts):
        for number, (v, _) in enumerate(trips):
            if fits(part.load, vehicles[v].capacity):
                x[(j, number)] = len(x)
    o = {number: len(x) + number for number in range(len(trips))}
    z = {number: len(x) + len(trips) + number for number in range(len(trips))}
    columns = len(x) + 2 * len(trips)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
        for c, value in entries:
            rows.append(len(lower))
            cols.append(c)
            vals.append(value)
        lower.append(lo)
        upper.append(hi)

    for j in range(len(parts)):
        row([(x[(j, n)], 1.0) for n in range(len(trips)) if (j, n) in x], 1.0, 1.0)
    for number, (v, t) in enumerate(trips):
        capacity = vehicles[v].capacity
        mine = [(j, x[(j, number)]) for j in range(len(parts)) if (j, number) in x]
        for k in range(3):
            entries = [(c, float(parts[j].load[k])) for j, c in mine if parts[j].load[k]]
            row([*entries, (o[number], -float(capacity[k]))], -np.inf, 0.0)
        runs = first if t == 0 else again
        for j, c in mine:  # z >= run_j x_j, and a part rides only on a trip that is made
            row([(z[number], 1.0), (c, -float(runs[j]))], 0.0, np.inf)
            row([(c, 1.0), (o[number], -1.0)], -np.inf, 0.0)
        fixed, *enter = edges[BASE if t == 0 else DESTINATION]
        for terms in (enter, leave):  # z >= edge by edge (6), entering and leaving
            entries = [(c, -float(terms[j])) for j, c in mine if terms[j]]
            row([(z[number], 1.0), (o[number], -float(fixed)), *entries], 0.0, np.inf)
        if t > 0:
            row([(o[number], 1.0), (o[number - 1], -1.0)], -np.inf, 0.0)
        if t > 1:  # later trips are interchangeable: the longer drive first
            row([(z[number - 1], 1.0), (z[number], -1.0)], 0.0, np.inf)
    for v, n in enumerate(counts):
        mine_trips = [number for number, (w, _) in enumerate(trips) if w == v]
        entries = [(z[number], 1.0) for number in mine_trips]
        entries += [(o[number], float(unload)) for number in mine_trips[1:]]
        entries += [
            (x[(j, number)], float(boards[j]))
            for number in mine_trips
            for j in range(len(parts))
            if (j, number) in x
        ]
        row(entries, -np.inf, float(limit + slack + n))
        if v + 1 < len(vehicles) and vehicles[v + 1].capacity == vehicles[v].capacity:
            theirs = [number for number, (w, _) in enumerate(trips) if w == v + 1]
            row([(o[a], 1.0) for a in mine_trips] + [(o[b], -1.0) for b in theirs], 0, np.inf)
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(lower), columns)).tocsr()
    integrality = np.ones(columns)
    integrality[[z[number] for number in range(len(trips))]] = 0
    upper_bounds = np.ones(columns)
    upper_bounds[[z[number] for number in range(len(trips))]] = np.inf
    left = seconds - (time.perf_counter() - started)
    if left <= 0.05:
        return UNSETTLED, None
    result = milp(
        np.zeros(columns),
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=integrality,
        bounds=Bounds(0, upper_bounds),
        options={"time_limit": left},
    )
    if result.status == 2:
        return INFEASIBLE, None
    if result.x is None:
        return UNSETTLED, None
    chosen: list[list[list[int]]] = [[[] for _ in range(n)] for n in counts]
    for (j, number), c in x.items():
        if result.x[c] > 0.5:
            v, t = trips[number]
            chosen[v][t].append(j)
    return FEASIBLE, [[trip for trip in day if trip] for day in chosen]
