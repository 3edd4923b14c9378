"""The day as it runs: several bases and destinations, shifts, groups ready later, a plan kept.

The makespan searches of `solve.py` and `balance.py` rest on a vehicle that never waits and
always starts at one base at minute 0; here a vehicle starts at its base when its shift starts
(or where a plan being kept leaves it), may wait for a group not yet ready, must unload before
its shift ends, and each trip goes to a destination receiving all it carries. So each vehicle's
day is timed exactly (`Routes.end`) and the search is a ruin and recreate (as SISR, Christiaens
and Vanden Berghe 2020): take out a string of nearby pickups, put each back where it costs
least by an estimate, checking the few best places exactly. The same search serves when not
everyone fits: the highest ranked are put back first, and a plan is better when it carries more
of the highest rank, then more persons, then ends sooner (`Routes.score`).

First plans: the hand plan (greedy.py, the same rules) and an event simulation (the vehicle free
soonest fills a trip with the nearest parts, waiting for none longer than needed) under a
bisected deadline.
"""

from __future__ import annotations

import heapq
import math
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from stranded.evacuation.planner.problem import (
    Problem,
    RoutePlan,
    RouteTrip,
    late,
    schedule,
    unserved,
)

Score = tuple[int, int, int, int]
CHECKED = 6  # places checked exactly per part put back


def top_rank(problem: Problem) -> set[str]:
    """The groups of the highest rank: stretcher cases and those of the highest medical
    priority (as the window ranks them)."""
    groups = problem.scenario.groups
    highest = max((g.priority for g in groups), default=0)
    return {g.id for g in groups if g.stretcher or (highest and g.priority == highest)}


def served(plan: RoutePlan, top: set[str]) -> tuple[int, int]:
    """(persons of the highest rank out, persons out)."""
    persons = [(s.group, sum(s.load)) for t in plan.trips for s in t.stops]
    return sum(n for g, n in persons if g in top), sum(n for _, n in persons)


def better(plan: RoutePlan, than: RoutePlan, top: set[str]) -> bool:
    return (*served(plan, top), -plan.makespan) > (*served(than, top), -than.makespan)


class Routes:
    """Each vehicle's day as trips of part numbers, timed exactly."""

    def __init__(self, problem: Problem, plan: RoutePlan | None = None) -> None:
        self.problem = problem
        parts = problem.parts
        self.s = problem.seconds
        self.idx = [p.index for p in parts]
        self.ready = [p.ready for p in parts]
        self.board = [problem.board(p) for p in parts]
        self.allowed = [p.allowed for p in parts]
        self.load = [p.load for p in parts]
        self.persons = [p.persons for p in parts]
        top = top_rank(problem)
        self.top = [p.group.id in top for p in parts]
        self.cap = [v.capacity for v in problem.scenario.vehicles]
        self.points = problem.destination_points
        self.unloads = problem.unloads
        self.trips: list[list[list[int]]] = [[] for _ in self.cap]
        self.ends = [0] * len(self.cap)
        if plan is not None:
            self._read(plan)
        self.ends = [self.end(v, self.trips[v]) or 0 for v in range(len(self.cap))]

    def _read(self, plan: RoutePlan) -> None:
        free: dict[tuple[str, tuple[int, int, int]], list[int]] = {}
        for k, part in enumerate(self.problem.parts):
            free.setdefault((part.group.id, part.load), []).append(k)
        kept = {id(t) for t in self.problem.kept}
        for trip in sorted(plan.trips, key=lambda t: t.depart):
            if id(trip) in kept:
                continue
            taken = [free[(s.group, s.load)].pop(0) for s in trip.stops]
            self.trips[self.problem.number(trip.vehicle)].append(taken)

    def end(self, v: int, trips: list[list[int]]) -> int | None:
        """The vehicle's last arrival at a destination; None if a trip has no destination
        receiving all it carries, or it ends after the window or the shift."""
        s, idx, problem = self.s, self.idx, self.problem
        position, clock = problem.starts[v]
        arrive = 0
        for n, trip in enumerate(trips):
            allowed = -1
            for k in trip:
                clock = max(clock + s[position][idx[k]], self.ready[k]) + self.board[k]
                position = idx[k]
                allowed &= self.allowed[k]
            if not allowed:
                return None
            after = idx[trips[n + 1][0]] if n + 1 < len(trips) else -1
            best, d = -1, 0
            for m, point in enumerate(self.points):
                if allowed >> m & 1:
                    cost = (
                        s[position][point]
                        + self.unloads[m]
                        + (s[point][after] if after >= 0 else 0)
                    )
                    if best < 0 or cost < best:
                        best, d = cost, m
            arrive = clock + s[position][self.points[d]]
            clock, position = arrive + self.unloads[d], self.points[d]
        if trips and (arrive > problem.horizon or (problem.ends[v] or math.inf) < clock):
            return None
        return arrive

    def placed(self) -> set[int]:
        return {k for trips in self.trips for trip in trips for k in trip}

    def score(self) -> Score:
        top = persons = 0
        for trips in self.trips:
            for trip in trips:
                for k in trip:
                    persons += self.persons[k]
                    top += self.persons[k] if self.top[k] else 0
        return (top, persons, -max(self.ends, default=0), -sum(self.ends))

    def plan(self, method: str) -> RoutePlan:
        parts = self.problem.parts
        trips = list(self.problem.kept)
        for v, vehicle in enumerate(self.problem.scenario.vehicles):
            trips += schedule(
                self.problem, vehicle.id, [[parts[k] for k in t] for t in self.trips[v]]
            )
        return RoutePlan(trips, unserved(self.problem.scenario, trips), method=method)

    def copy(self) -> list[list[list[int]]]:
        return [[list(t) for t in trips] for trips in self.trips]

    def restore(self, trips: list[list[list[int]]]) -> None:
        self.trips = [[list(t) for t in day] for day in trips]
        self.ends = [self.end(v, self.trips[v]) or 0 for v in range(len(self.cap))]

    def insert(self, k: int, *, balance: bool) -> bool:
        """Put part k back where it costs least: into a trip with room, or on a trip of its
        own anywhere in a vehicle's day. Places are ranked by an estimate of the time they
        add, and the CHECKED best are timed exactly. `balance`: prefer places that keep the
        last vehicle's end (everyone fits); else the least time added (to fit more in)."""
        options = self._estimates(k)
        if not options:
            return False
        top = max(self.ends, default=0)
        key = (lambda o: (max(self.ends[o[1]] + o[0], top), o[0])) if balance else None
        options.sort(key=key)
        chosen: tuple[tuple[int, int], int, list[list[int]]] | None = None
        checked = 0
        for _, v, n, position in options[: CHECKED * 4]:
            trips = [list(t) for t in self.trips[v]]
            if position < 0:
                trips.insert(n, [k])
            else:
                trips[n].insert(position, k)
            end = self.end(v, trips)
            if end is None:
                continue
            value = (max(end, top), end - self.ends[v]) if balance else (end - self.ends[v], end)
            if chosen is None or value < chosen[0]:
                chosen = (value, v, trips)
            checked += 1
            if checked >= CHECKED:
                break
        if chosen is None:
            return False
        _, v, trips = chosen
        self.trips[v] = trips
        self.ends[v] = self.end(v, trips) or 0
        return True

    def _estimates(self, k: int) -> list[tuple[int, int, int, int]]:
        """(time added by estimate, vehicle, trip, position or -1 for a trip of its own)."""
        s, idx, load = self.s, self.idx, self.load[k]
        here, result = idx[k], []
        pairs = enumerate(zip(self.points, self.unloads, strict=True))
        own = min((s[here][p] + u for m, (p, u) in pairs if self.allowed[k] >> m & 1), default=0)
        for v, trips in enumerate(self.trips):
            cap = self.cap[v]
            if any(need > room for need, room in zip(load, cap, strict=True)):
                continue
            start = self.problem.starts[v][0]
            origin = start
            for n, trip in enumerate(trips):
                allowed = self.allowed[k]
                carried = [0, 0, 0]
                for j in trip:
                    allowed &= self.allowed[j]
                    for m in range(3):
                        carried[m] += self.load[j][m]
                first = idx[trip[0]]
                result.append(
                    (
                        s[origin][here] + self.board[k] + own + s[here][first] - s[origin][first],
                        v,
                        n,
                        -1,
                    )
                )
                if allowed and all(
                    c + need <= room for c, need, room in zip(carried, load, cap, strict=True)
                ):
                    points = [origin, *(idx[j] for j in trip)]
                    for position in range(1, len(points) + 1):
                        a = points[position - 1]
                        if position < len(points):
                            b = points[position]
                            added = s[a][here] + s[here][b] - s[a][b]
                        else:
                            added = s[a][here] + own - min(s[a][p] for p in self.points)
                        result.append((added + self.board[k], v, n, position - 1))
                origin = (
                    self.points[0]
                    if len(self.points) == 1
                    else _nearest(self.points, s, idx[trip[-1]])
                )
            result.append((s[origin][here] + self.board[k] + own, v, len(trips), -1))
        return result

    def remove(self, taken: set[int]) -> None:
        for v, trips in enumerate(self.trips):
            if any(k in taken for trip in trips for k in trip):
                self.trips[v] = [
                    t for t in ([k for k in trip if k not in taken] for trip in trips) if t
                ]
                self.ends[v] = self.end(v, self.trips[v]) or 0


def _nearest(points: list[int], s: list[list[int]], here: int) -> int:
    return min(points, key=lambda p: s[here][p])


def search(
    problem: Problem,
    start: RoutePlan,
    *,
    seconds: float,
    seed: int = 1,
    on_best: Callable[[int], None] | None = None,
) -> RoutePlan:
    """Ruin and recreate from `start` for about `seconds`; the best plan by `Routes.score`."""
    started = time.perf_counter()
    rng = random.Random(seed)
    routes = Routes(problem, start)
    everyone = set(range(len(problem.parts)))
    out = sorted(everyone - routes.placed())
    for k in _order(routes, out, rng):  # what the first plan left out, if it now fits
        routes.insert(k, balance=True)
    best, best_score = routes.copy(), routes.score()
    current = best_score
    count = len(problem.parts)
    iteration = 0
    while time.perf_counter() - started < seconds and count:
        iteration += 1
        saved = routes.copy()
        taken = _ruin(routes, rng, count)
        routes.remove(taken)
        waiting = sorted(everyone - routes.placed())
        if len(waiting) > 2 * len(taken) + 4:  # not everyone fits: a few of the others try
            others = [k for k in waiting if k not in taken and not routes.top[k]]
            chosen = rng.sample(others, min(len(others), len(taken) + 2))
            waiting = sorted(taken | set(chosen) | {k for k in waiting if routes.top[k]})
        # everyone in: keep the last end down; else mostly fit more in, at times end sooner
        balance = best_score[1] == sum(routes.persons) or rng.random() < 0.3
        for k in _order(routes, waiting, rng):
            routes.insert(k, balance=balance)
        score = routes.score()
        # accept sideways and slightly worse ends (the search must cross plateaus)
        threshold = 1.0 + 0.01 * (1 - (time.perf_counter() - started) / seconds)
        if score > best_score:
            best, best_score = routes.copy(), score
            if on_best is not None:
                on_best(-score[2])
        if score >= current or (score[:2] == current[:2] and -score[2] <= -current[2] * threshold):
            current = score
        else:
            routes.restore(saved)
    routes.restore(best)
    return routes.plan("day search")


def _order(routes: Routes, waiting: list[int], rng: random.Random) -> list[int]:
    """The highest ranked first; within a rank the scarce places first, then at random."""
    rng.shuffle(waiting)
    return sorted(waiting, key=lambda k: (-routes.top[k], -routes.load[k][2], -routes.load[k][1]))


def _ruin(routes: Routes, rng: random.Random, count: int) -> set[int]:
    """A string of pickups near one another (a street, a village), around a part of a
    vehicle that ends late half of the time."""
    placed = sorted(routes.placed())
    if not placed:
        return set()
    if rng.random() < 0.5:
        late_v = max(range(len(routes.ends)), key=lambda v: routes.ends[v])
        mine = [k for trip in routes.trips[late_v] for k in trip]
        centre = rng.choice(mine or placed)
    else:
        centre = rng.choice(placed)
    size = min(len(placed), rng.randint(2, max(3, min(30, count // 6))))
    s, idx = routes.s, routes.idx
    near = sorted(placed, key=lambda k: s[idx[centre]][idx[k]] + s[idx[k]][idx[centre]])
    return set(near[:size])


def constructed(problem: Problem, deadline: int | None = None) -> RoutePlan:
    """The event simulation: the vehicle free soonest fills a trip from where it is with the
    part it can reach (and board, once ready) soonest, then the next, while the trip can still
    unload within the vehicle's shift, the window and `deadline`; parts needing a place few
    vehicles have go first into the vehicles that have them."""
    routes = Routes(problem)
    limit = deadline if deadline is not None else math.inf
    waiting = set(range(len(problem.parts)))
    queue = [(clock, v) for v, (_, clock) in enumerate(problem.starts)]
    heapq.heapify(queue)
    while waiting and queue:
        _, v = heapq.heappop(queue)
        trip: list[int] = []
        room = list(routes.cap[v])
        while True:
            fitting = [
                k
                for k in waiting
                if _room(routes.load[k], room) and (not trip or _together(routes, trip, k))
            ]
            special = [k for k in fitting if routes.load[k][1] or routes.load[k][2]]
            pool = special or fitting
            trial = None
            for k in sorted(pool, key=lambda k: _reach(routes, v, trip, k))[:CHECKED]:
                end = routes.end(v, [*routes.trips[v], [*trip, k]])
                if end is not None and end <= limit:
                    trial = k
                    break
            if trial is None:
                break
            trip.append(trial)
            waiting.discard(trial)
            room = [r - n for r, n in zip(room, routes.load[trial], strict=True)]
        if not trip:
            continue  # nothing more this vehicle can take: it leaves the queue
        routes.trips[v].append(trip)
        done = schedule(
            problem,
            problem.scenario.vehicles[v].id,
            [[problem.parts[k] for k in t] for t in routes.trips[v]],
        )[-1]
        heapq.heappush(queue, (done.arrive + problem.unload_at(done.destination), v))
    routes.ends = [routes.end(v, routes.trips[v]) or 0 for v in range(len(routes.cap))]
    return routes.plan("day simulation")


def _room(load: tuple[int, int, int], room: list[int]) -> bool:
    return load[0] <= room[0] and load[1] <= room[1] and load[2] <= room[2]


def _together(routes: Routes, trip: list[int], k: int) -> bool:
    allowed = routes.allowed[k]
    for j in trip:
        allowed &= routes.allowed[j]
    return bool(allowed)


def _reach(routes: Routes, v: int, trip: list[int], k: int) -> int:
    """When vehicle v could board part k next (by an estimate from where it is)."""
    problem = routes.problem
    if trip:
        position = routes.idx[trip[-1]]
    elif routes.trips[v]:
        position = _nearest(routes.points, routes.s, routes.idx[routes.trips[v][-1][-1]])
    else:
        position = problem.starts[v][0]
    return max(routes.s[position][routes.idx[k]], routes.ready[k] - problem.starts[v][1])


def balanced(problem: Problem, low: int, *, seconds: float) -> RoutePlan:
    """The simulation under the smallest deadline at which it still takes everyone."""
    started = time.perf_counter()
    best = constructed(problem)
    if best.unserved:
        return best
    high = best.makespan
    while high - low > 120 and time.perf_counter() - started < seconds:
        middle = (low + high) // 2
        candidate = constructed(problem, middle)
        if candidate.unserved:
            low = middle
        else:
            best, high = candidate, candidate.makespan
    return best


def within_window(problem: Problem, plan: RoutePlan) -> RoutePlan:
    """The plan without the trips that end after the window or a vehicle's shift."""
    kept: list[RouteTrip] = list(problem.kept)
    ids = {id(t) for t in problem.kept}
    by_vehicle: dict[str, list[RouteTrip]] = {}
    for trip in sorted(plan.trips, key=lambda t: t.depart):
        if id(trip) not in ids:
            by_vehicle.setdefault(trip.vehicle, []).append(trip)
    for vehicle, trips in by_vehicle.items():
        while trips and late(problem, vehicle, trips):
            trips = trips[:-1]
        kept += trips
    return RoutePlan(kept, unserved(problem.scenario, kept), method="hand plan within the window")


def best_of(candidates: list[RoutePlan], hand: RoutePlan, top: set[str]) -> RoutePlan:
    """Of the plans within the window, the best (`better`) among those carrying at least as
    many persons, and as many of the highest rank, as the hand plan cut at the window; that
    cut is a candidate itself, so the guarantee holds by construction."""
    floor = served(hand, top)
    fair = [
        c for c in candidates if all(a >= b for a, b in zip(served(c, top), floor, strict=True))
    ]
    best = hand
    for candidate in fair:
        if better(candidate, best, top):
            best = candidate
    return best


def plan_day(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 1,
    report: Callable[[int, int], None] | None = None,
) -> tuple[RoutePlan, int]:
    """The best plan found in `seconds`, and the bound it is measured against: the hand plan
    and the simulation as first plans, the search from the better (and, on the second core,
    from the other with another seed), the best within the window kept."""
    from stranded.evacuation.planner.bound_day import day_bound
    from stranded.evacuation.planner.greedy import greedy_plan

    started = time.perf_counter()
    top = top_rank(problem)
    bound = day_bound(problem, seconds=min(3.0, 0.1 * seconds))
    hand = greedy_plan(problem)
    cut = within_window(problem, hand)
    first = balanced(problem, bound, seconds=min(3.0, 0.1 * seconds))
    starts = sorted((first, cut), key=lambda p: (*served(p, top), -p.makespan), reverse=True)

    def on_best(makespan: int) -> None:
        if report is not None:
            report(makespan, bound)

    left = seconds - (time.perf_counter() - started) - 0.2
    with beside(lambda: search(problem, starts[1], seconds=left, seed=seed + 101)) as other:
        found = _pyvrp(problem, starts[0], seconds=0.5 * left, seed=seed, top=top)
        rest = seconds - (time.perf_counter() - started) - 0.2
        found = search(problem, found, seconds=rest, seed=seed, on_best=on_best)
        candidates = [found, first, *(p for p in [other()] if p is not None)]
    return best_of(candidates, cut, top), bound


def _pyvrp(
    problem: Problem, start: RoutePlan, *, seconds: float, seed: int, top: set[str]
) -> RoutePlan:
    """PyVRP where it can say the day (`day_pyvrp.expressible`): a first run for the least
    vehicle time within the shifts, a second asking every vehicle back a step before the best
    makespan; the better of its plans and `start`."""
    from stranded.evacuation.planner.day_pyvrp import as_plan, day_pyvrp, expressible

    if not expressible(problem):
        return start
    best, optional = start, bool(start.unserved)
    latest = problem.horizon
    for run in range(2):
        trips = day_pyvrp(
            problem, seconds=seconds / 2, seed=seed + run, latest=latest, optional=optional
        )
        found = as_plan(problem, trips) if trips is not None else None
        if found is not None and better(found, best, top):
            best = found
        latest = round(best.makespan * 0.97)
    return best


_JOB: list[Callable[[], RoutePlan]] = []


def _job(_: int) -> RoutePlan:
    return _JOB[0]()


def plain_signals() -> None:
    """A forked search dies at once on SIGTERM, whatever handler its parent had: it inherits the
    task worker's, which ignores SIGTERM while a task runs; a search so stopped was once seen
    hanging, and the worker waiting on it for good. Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def beside(job: Callable[[], RoutePlan]) -> Iterator[Callable[[], RoutePlan | None]]:
    """`job` in a forked process (it shares the matrices); the callable waits for its plan.
    None where there is one core or no fork."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    if (os.cpu_count() or 1) < 2 or not forks:
        yield lambda: None
        return
    _JOB[:] = [job]
    pool = multiprocessing.get_context("fork").Pool(1, initializer=plain_signals)
    try:
        result = pool.apply_async(_job, (0,))
        yield lambda: result.get()
    finally:
        pool.terminate()
        pool.join()
        _JOB.clear()
