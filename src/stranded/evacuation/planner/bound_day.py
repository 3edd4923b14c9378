"""A lower bound for the day as it runs (several bases and destinations, shifts, groups ready
later, trips kept): the relaxations of `day_bound`, the simple problem's bounds (bound.py)
among them."""

from __future__ import annotations

from stranded.evacuation.planner.bound import lower_bound
from stranded.evacuation.planner.problem import BASE, DESTINATION, Problem, fits


def day_bound(problem: Problem, *, seconds: float = 3.0) -> int:
    """A lower bound for the day as it runs (several bases and destinations, shifts, groups
    ready later, trips kept), the largest of three relaxations:
    a. Each part alone: some vehicle able to carry it leaves from where and when it starts,
       reaches the part, waits until it is ready, boards it and drives to the nearest
       destination receiving it.
    b. The simple problem underneath: every vehicle at one virtual base at the earliest start
       of any, that base as near each pickup as the nearest vehicle start, one virtual
       destination as near each pickup as the nearest destination receiving it (the least
       unloading), then the bounds 1 to 6 above. Dropped: the shifts, the ready times, which
       destination receives what and the vehicles' different bases and start times (each
       only makes the real plan later).
    c. The fleet's working time: the boarding of every part and the shortest drive into it
       must fit in the vehicles' time between their start and the earlier of their shift's
       end and T.
    The trips kept from an earlier plan arrive when they arrive: the bound is at least the
    latest of them."""
    kept = max((t.arrive for t in problem.kept), default=0)
    if not problem.parts:
        return kept
    relaxed, start = _relaxed(problem)
    simple = start + lower_bound(relaxed, seconds=seconds)
    return max(kept, _alone(problem), simple, _working_time(problem))


def _alone(problem: Problem) -> int:
    s, best = problem.seconds, 0
    for part in problem.parts:
        home = min(
            s[part.index][p]
            for d, p in enumerate(problem.destination_points)
            if part.allowed >> d & 1
        )
        vehicles = problem.scenario.vehicles
        reach = min(
            (
                max(clock + s[point][part.index], part.ready)
                for v, (point, clock) in enumerate(problem.starts)
                if fits(part.load, vehicles[v].capacity)
            ),
            default=0,
        )
        best = max(best, reach + problem.board(part) + home)
    return best


def _relaxed(problem: Problem) -> tuple[Problem, int]:
    """The simple problem of (b) and the earliest start it is shifted by."""
    import numpy as np

    s = np.array(problem.seconds, dtype=np.int64)
    starts = sorted({point for point, _ in problem.starts})
    dests = problem.destination_points
    for part in problem.parts:
        k = part.index
        allowed = [p for d, p in enumerate(dests) if part.allowed >> d & 1]
        s[BASE, k] = s[starts, k].min()
        s[k, DESTINATION] = s[k, allowed].min()
        s[DESTINATION, k] = s[dests, k].min()
    s[BASE, DESTINATION] = s[starts][:, dests].min()
    s[DESTINATION, DESTINATION] = s[BASE, BASE] = 0
    scenario = problem.scenario
    unload = min(problem.unloads) / 60
    relaxed_scenario = type(scenario)(
        scenario.horizon_minutes,
        scenario.base,
        scenario.destination,
        unload,
        scenario.detour,
        scenario.speed_kmh,
        scenario.vehicles,
        scenario.groups,
        scenario.bases[:1],
        scenario.destinations[:1],
    )
    matrix = s.tolist()
    relaxed = Problem(relaxed_scenario, list(problem.parts), problem.metres, matrix)
    return relaxed, min(clock for _, clock in problem.starts)


def _working_time(problem: Problem) -> int:
    """(c): the least T at which the vehicles' working time covers the work."""
    s = problem.seconds
    points = sorted(
        {p.index for p in problem.parts}
        | {point for point, _ in problem.starts}
        | set(problem.destination_points)
    )
    work = 0
    for part in problem.parts:
        others = [s[j][part.index] for j in points if j != part.index]
        work += problem.board(part) + min(others, default=0)
    # parts of one group share a point: the drive into it counts once
    shared: dict[int, int] = {}
    for part in problem.parts:
        shared[part.index] = shared.get(part.index, 0) + 1
    work -= sum(
        (count - 1) * min((s[j][i] for j in points if j != i), default=0)
        for i, count in shared.items()
    )
    spans = [
        (clock, 2**40 if end is None else end)
        for (_, clock), end in zip(problem.starts, problem.ends, strict=True)
    ]
    low, high = 0, 2**31
    while high - low > 1:
        middle = (low + high) // 2
        if sum(max(0, min(middle, end) - start) for start, end in spans) >= work:
            high = middle
        else:
            low = middle
    return high
