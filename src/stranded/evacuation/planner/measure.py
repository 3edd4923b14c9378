"""What a plan achieves, each figure measured on the same persons.

A plan that leaves persons out (the window, the fleet) is compared with a lower bound and with
the hand plan for the persons it carries, never with the bound for everyone: that bound is the
reason why not everyone fits (getting all out takes at least that long), and is reported as such.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from stranded.evacuation.planner.bound import lower_bound
from stranded.evacuation.planner.bound_day import day_bound
from stranded.evacuation.planner.greedy import greedy_plan
from stranded.evacuation.planner.problem import Problem, RoutePlan, minutes


def measure(
    problem: Problem, found: RoutePlan, *, bound_all: int, seconds: float
) -> dict[str, Any]:
    """Persons out of how many, the bound and hand plan for those carried, and (when some are
    left) the bound for everyone and what the hand plan gets out within the window."""
    hand = greedy_plan(problem)
    figures: dict[str, Any] = {
        "persons_out": found.evacuated,
        "window_minutes": minutes(problem.horizon),
        "makespan_minutes": minutes(found.makespan),
    }
    if not found.unserved:
        return {
            **figures,
            "bound_minutes": minutes(bound_all),
            "hand_minutes": minutes(hand.makespan),
            "everyone": True,
        }
    left = set(found.unserved)
    carried = replace(problem, parts=[p for p in problem.parts if p.group.id not in left])
    same = greedy_plan(carried) if carried.parts else RoutePlan([])
    bound = _bound(carried, seconds) if carried.parts else 0
    in_window = [t for t in hand.trips if t.arrive <= problem.horizon]
    return {
        **figures,
        "everyone": False,
        "bound_minutes": minutes(bound),
        "hand_minutes": minutes(same.makespan),
        "bound_all_minutes": minutes(bound_all),
        "hand_all_minutes": minutes(hand.makespan),
        "hand_in_window_persons": sum(sum(s.load) for t in in_window for s in t.stops),
    }


def _bound(problem: Problem, seconds: float) -> int:
    if problem.simple:
        return lower_bound(problem, seconds=seconds)
    return day_bound(problem, seconds=seconds)
