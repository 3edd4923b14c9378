"""The evacuation planner: plain Python on PyVRP, no Django.

`parse_scenario` -> `build_problem` -> `plan` (near-optimal, with `lower_bound`), `greedy_plan`
(the hand method), `validate` (an independent check of any plan).
"""

from stranded.evacuation.planner.bound import lower_bound
from stranded.evacuation.planner.greedy import greedy_plan
from stranded.evacuation.planner.problem import (
    Problem,
    RoutePlan,
    RouteStop,
    RouteTrip,
    build_problem,
)
from stranded.evacuation.planner.scenario import (
    Group,
    Point,
    Scenario,
    ScenarioError,
    Van,
    parse_scenario,
)
from stranded.evacuation.planner.solve import SolveResult, plan
from stranded.evacuation.planner.travel import GreatCircle, OsrmTable, TravelModel
from stranded.evacuation.planner.validate import validate

__all__ = [
    "GreatCircle", "Group", "OsrmTable", "Point", "Problem", "RoutePlan", "RouteStop",
    "RouteTrip", "Scenario", "ScenarioError", "SolveResult", "TravelModel", "Van",
    "build_problem", "greedy_plan", "lower_bound", "parse_scenario", "plan", "validate",
]  # fmt: skip
