"""`stranded evacuation plan SCENARIO.json [--seconds S] [--json]` and
`stranded evacuation solve-vrplib FILE [--seconds S] --json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.evacuation.planner import (
    ScenarioError,
    build_problem,
    greedy_plan,
    parse_scenario,
    plan,
    validate,
)
from stranded.evacuation.planner.cvrp import InstanceError, solve_cvrp
from stranded.evacuation.planner.problem import RoutePlan, minutes, plan_from_json, unserved_reasons


class Command(BaseCommand):
    help = "Plan evacuation trips, or solve a CVRPLIB instance with the same engine."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        planning = sub.add_parser("plan", help="plan trips for a scenario (JSON)")
        planning.add_argument("scenario", type=Path)
        planning.add_argument("--seconds", type=float, default=30.0)
        planning.add_argument("--seed", type=int, default=1)
        planning.add_argument("--json", action="store_true")
        planning.add_argument("--keep", type=Path, help="a plan printed earlier (JSON) to keep")
        planning.add_argument(
            "--now",
            type=float,
            default=None,
            help="minutes: the trips of --keep that left are kept",
        )
        vrplib = sub.add_parser(
            "solve-vrplib", help="solve a CVRPLIB instance (X set .vrp, or Solomon .txt)"
        )
        vrplib.add_argument("file", type=Path)
        vrplib.add_argument("--seconds", type=float, default=30.0)
        vrplib.add_argument("--seed", type=int, default=1)
        vrplib.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "plan":
            self.plan(options)
        else:
            try:
                result = solve_cvrp(
                    options["file"], seconds=options["seconds"], seed=options["seed"]
                )
            except InstanceError as error:
                raise CommandError(str(error)) from error
            if options["json"]:
                self.stdout.write(json.dumps({"cost": result["cost"], "routes": result["routes"]}))
            else:
                self.stdout.write(f"cost {result['cost']} with {len(result['routes'])} routes")

    def plan(self, options: dict[str, Any]) -> None:
        try:
            scenario = parse_scenario(json.loads(options["scenario"].read_text(encoding="utf-8")))
        except OSError as error:
            raise CommandError(f"{options['scenario']}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{options['scenario']}: not JSON: {error}") from error
        except ScenarioError as error:
            raise CommandError(f"{options['scenario']}: {error}") from error
        old, now = self.kept(options)
        kept = [t for t in old.trips if t.depart <= now] if old is not None else []
        known = {v.id for v in scenario.vehicles}
        for trip in kept:
            if trip.vehicle not in known:
                raise CommandError(f"{options['keep']}: trip of unknown vehicle {trip.vehicle!r}")
        problem = build_problem(scenario, kept=kept, now=now)
        outcome = plan(problem, seconds=options["seconds"], seed=options["seed"])
        errors = validate(scenario, outcome.plan, keep=(old, now) if old is not None else None)
        if errors:
            raise CommandError("the plan failed its own check: " + "; ".join(errors[:5]))
        greedy = greedy_plan(problem)
        result: dict[str, Any] = {
            **outcome.plan.to_json(),
            "lower_bound_minutes": minutes(outcome.lower_bound),
            "greedy_makespan_minutes": minutes(greedy.makespan),
            "unserved_reasons": unserved_reasons(problem, outcome.plan),
        }
        if old is not None:
            result["kept_trips"] = len(kept)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{result['evacuated']} persons out by minute {result['makespan_minutes']} "
            f"(lower bound {result['lower_bound_minutes']}, hand plan "
            f"{result['greedy_makespan_minutes']}); {len(result['trips'])} trips; "
            f"unserved: {', '.join(result['unserved']) or 'none'}"
        )

    def kept(self, options: dict[str, Any]) -> tuple[RoutePlan | None, int]:
        """The plan to keep (--keep) and the minute from which to plan (--now), in seconds."""
        now = round((options["now"] or 0) * 60)
        if options["keep"] is None:
            if options["now"] is not None:
                raise CommandError("--now: needs --keep PLAN.json (the plan under way)")
            return None, 0
        if options["now"] is None:
            raise CommandError("--keep: needs --now MINUTES (when the new plan starts)")
        try:
            return plan_from_json(json.loads(options["keep"].read_text(encoding="utf-8"))), now
        except OSError as error:
            raise CommandError(f"{options['keep']}: {error.strerror}") from error
        except ValueError as error:  # JSONDecodeError too
            raise CommandError(f"{options['keep']}: {error}") from error
