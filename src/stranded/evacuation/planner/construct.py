"""A first plan for the search to start from: the vehicle free soonest fills a trip. An event
simulation. The vehicle that is free first (at the base at minute 0, then at the destination
after unloading) builds its next trip: from where it is, the nearest waiting part that fits what
is left of its capacity, then the nearest from there, and so on, until nothing fits or the next
pickup would cost a long detour on a trip already well filled. Parts needing a place few
vehicles have (a stretcher, a wheelchair place) go first into the vehicles that have it, and
while such parts wait those vehicles carry nothing else: their rounds are the pace. Quick (a few
seconds for 5,000 persons) and far better balanced than the hand plan, since every vehicle keeps
working until everyone is out.
"""

from __future__ import annotations

import heapq
import time

import numpy as np

from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Problem,
    RoutePlan,
    schedule,
    unserved,
)

DETOUR = 30 * 60  # seconds: a trip at least half full does not go this far out of its way


def constructed_plan(problem: Problem, deadline: int | None = None, spare: int = 0) -> RoutePlan:
    """The simulation; with a `deadline`, no trip may reach the destination after it (a trip
    stops taking parts that would make it late, a vehicle that cannot make it retires), so the
    last round is shared out; parts left over are reported unserved."""
    parts = problem.parts
    limit = deadline if deadline is not None else 2**62
    if not parts:
        return RoutePlan([], [], method="constructed")
    seconds = np.asarray(problem.seconds, dtype=np.int64)
    index = np.array([p.index for p in parts])
    loads = np.array([p.load for p in parts], dtype=np.int64)
    boards = np.array([problem.board(p) for p in parts], dtype=np.int64)
    home = seconds[index, DESTINATION]
    # how scarce each part's needs are: parts needing stretchers first, then wheelchairs
    scarce = (loads[:, 2] > 0) * 2 + (loads[:, 1] > 0)
    waiting = np.ones(len(parts), dtype=bool)
    vehicles = problem.scenario.vehicles
    trips: dict[str, list[list[Part]]] = {v.id: [] for v in vehicles}
    queue = [(0, -sum(v.capacity), n, BASE) for n, v in enumerate(vehicles)]
    heapq.heapify(queue)
    able = [
        bool(any(np.all(loads[i] <= np.array(v.capacity)) for v in vehicles))
        for i in range(len(parts))
    ]
    waiting &= np.array(able, dtype=bool)
    while waiting.any() and queue:
        clock, _, n, position = heapq.heappop(queue)
        vehicle = vehicles[n]
        room = np.array(vehicle.capacity, dtype=np.int64)
        trip: list[Part] = []
        full = sum(vehicle.capacity)
        # a vehicle with scarce places carries only parts needing them while such parts wait:
        # filling it with seated persons would slow the rounds everyone with those needs waits on
        specialist = bool((waiting & (scarce > 0) & np.all(loads <= room, axis=1)).any())
        seated = 0  # persons without scarce needs taken by a specialist on this trip
        while True:
            fitting = waiting & np.all(loads <= room, axis=1)
            if not fitting.any():
                break
            special = fitting & (scarce > 0)
            if specialist and not special.any():
                fitting &= loads.sum(axis=1) <= spare - seated
                if not fitting.any():
                    break
            pool = special if special.any() else fitting
            if special.any():  # the scarcest need this vehicle can serve first
                pool = special & (scarce == scarce[special].max())
            candidates = np.flatnonzero(pool)
            times = seconds[position, index[candidates]]
            in_time = clock + times + boards[candidates] + home[candidates] <= limit
            if not in_time.any():
                break
            candidates, times = candidates[in_time], times[in_time]
            best = candidates[int(np.argmin(times))]
            target = index[best]
            if trip:
                extra = (
                    seconds[position, target]
                    + problem.board(parts[best])
                    + seconds[target, DESTINATION]
                    - seconds[position, DESTINATION]
                )
                if extra > DETOUR and 2 * (full - int(room.sum())) >= full:
                    break
            trip.append(parts[best])
            seated += int(loads[best].sum()) if scarce[best] == 0 else 0
            clock += int(seconds[position, target] + boards[best])
            waiting[best] = False
            room -= loads[best]
            position = int(target)
        if not trip:
            continue  # nothing left this vehicle can carry: it stays out of the queue
        trips[vehicle.id].append(trip)
        done = schedule(problem, vehicle.id, trips[vehicle.id])[-1]
        heapq.heappush(queue, (done.arrive + problem.unload, -full, n, DESTINATION))
    result = [t for v in vehicles for t in schedule(problem, v.id, trips[v.id])]
    return RoutePlan(result, unserved(problem.scenario, result), method="constructed")


def balanced_plan(problem: Problem, low: int, *, seconds: float = 5.0, spare: int = 0) -> RoutePlan:
    """The simulation under the smallest deadline it meets (bisection between `low` and its
    makespan without a deadline), within about `seconds`."""
    started = time.perf_counter()
    best = constructed_plan(problem, spare=spare)
    if best.unserved:
        return best
    high = best.makespan
    while high - low > 60 and time.perf_counter() - started < seconds:
        middle = (low + high) // 2
        candidate = constructed_plan(problem, middle, spare)
        if candidate.unserved:
            low = middle
        else:
            best, high = candidate, candidate.makespan
    return best
