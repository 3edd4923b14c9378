"""`stranded bench planner`: evacuation plans against their bound, the hand plan and OR-Tools;
CVRPLIB X instances against their best-known costs.

Scenarios (`planner/generate.py`): 100, 1,000 and 5,000 persons around Khankendi, the Hakari
bridge as destination, buses, minibuses and ambulances. For each: our makespan over the lower
bound, over the hand plan (first come first served, nearest vehicle), and over OR-Tools given
the same model and the same time; every plan checked by the validator.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from django.conf import settings

from stranded.evacuation.planner import (
    Problem,
    RoutePlan,
    Scenario,
    build_problem,
    greedy_plan,
    parse_scenario,
    plan,
    validate,
)
from stranded.evacuation.planner.cvrp import solve_cvrp
from stranded.evacuation.planner.generate import scenario


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench planner")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--only", choices=["scenarios", "day", "cvrplib"])
    parser.add_argument(
        "--day-sizes",
        default="300,1000,3000",
        help="persons of the generated day scenarios (720 min)",
    )
    parser.add_argument(
        "--short", default="1000:300", help="PERSONS:MINUTES, a day too short for everyone"
    )
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--seed", type=int, default=0, help="another set of generated scenarios")
    parser.add_argument(
        "--cvrplib-dir", type=Path, default=Path(settings.BASE_DIR).parent / "shared/data/cvrplib"
    )
    parser.add_argument(
        "--instances", default="X-n101-k25,X-n153-k22,X-n200-k36,X-n251-k28,X-n303-k21,X-n401-k29"
    )
    parser.add_argument(
        "--solomon",
        default="C101,R101,RC101,C201,R201,RC201",
        help="Solomon instances (time windows), '' for none",
    )
    parser.add_argument(
        "--large-seconds",
        type=float,
        default=60.0,
        help="from 5,000 persons (the issue allows 60 s)",
    )
    parser.add_argument("--quick", action="store_true", help="a few seconds per case")
    args = parser.parse_args(argv)
    seconds = 3.0 if args.quick else args.seconds
    large = 3.0 if args.quick else args.large_seconds
    if args.only in (None, "scenarios"):
        scenarios([int(n) for n in args.sizes.split(",")], seconds, args.seed, large)
    if args.only in (None, "day"):
        persons, _, window = args.short.partition(":")
        cases = [(int(n), 720) for n in args.day_sizes.split(",") if n]
        days(cases + ([(int(persons), int(window))] if persons else []), seconds, args.seed)
    if args.only in (None, "cvrplib"):
        cvrplib(args.cvrplib_dir, args.instances.split(","), seconds)
        solomon = [name for name in args.solomon.split(",") if name]
        if solomon:
            cvrplib(args.cvrplib_dir, solomon, seconds, suffix=".txt")


LARGE = 5000  # persons; from here on a scenario gets `large` seconds


def scenarios(sizes: list[int], seconds: float, seed: int = 0, large: float = 60.0) -> None:
    from benchmarks import _ortools

    print(
        f"Evacuation scenarios, {seconds:g} s each, {large:g} s from {LARGE:,} persons, the "
        "same for OR-Tools (makespan in minutes; lower is better)"
    )
    print(
        f"  {'persons':>7} {'groups':>6} {'ours':>7} {'bound':>7} {'/bound':>7} {'hand':>7} "
        f"{'/hand':>6} {'OR-Tools':>9} {'/OR-T':>6} {'unserved':>8} {'time':>6}"
    )
    base = seconds
    for persons in sizes:
        seconds = large if persons >= LARGE else base
        data = parse_scenario(scenario(persons, seed=persons + seed))
        problem, ours, bound, hand, used = ran(data, seconds)
        other = _ortools.solve(problem, seconds)
        check(
            data, persons, (("ours", ours, True), ("hand", hand, False), ("OR-Tools", other, True))
        )
        other_text, ratio = ("none", "-")
        if other is not None:
            other_text = f"{other.makespan / 60:9.1f}" + ("*" if other.unserved else "")
            ratio = f"{ours.makespan / max(other.makespan, 1):6.2f}"
        print(
            f"  {persons:>7} {len(data.groups):>6} {ours.makespan / 60:7.1f} {bound / 60:7.1f} "
            f"{ours.makespan / max(bound, 1):7.2f} {hand.makespan / 60:7.1f} "
            f"{ours.makespan / max(hand.makespan, 1):6.2f} {other_text:>9} {ratio:>6} "
            f"{len(ours.unserved):>8} {used:5.0f}s"
        )
    print("  (* OR-Tools left persons behind; targets: ours <= 1.15 x bound, <= 0.8 x hand)")


def ran(data: Scenario, seconds: float) -> tuple[Problem, RoutePlan, int, RoutePlan, float]:
    """Our plan of the scenario (with its bound and the seconds it took) and the hand plan."""
    problem = build_problem(data)
    started = time.perf_counter()
    outcome = plan(problem, seconds=seconds)
    used = time.perf_counter() - started
    return problem, outcome.plan, outcome.lower_bound, greedy_plan(problem), used


def check(
    data: Scenario, persons: int, plans: tuple[tuple[str, RoutePlan | None, bool], ...]
) -> None:
    """Every plan through the validator (the hand plan may run past the window)."""
    for name, candidate, window in plans:
        errors = validate(data, candidate, window=window) if candidate else []
        if errors:
            print(f"  {name} plan for {persons} persons is INVALID: {errors[:3]}")


def days(cases: list[tuple[int, int]], seconds: float, seed: int = 0) -> None:
    """Generated day scenarios (`generate_day.py`): two bases, a hospital receiving stretcher
    cases only and a crossing for all, shifts of 4 to 8 hours, a third of the requests ready
    during the day. Ours against the day bound, the hand plan (the same rules; cut at the
    window when not everyone fits) and OR-Tools given the same model and time."""
    from benchmarks import _ortools
    from stranded.evacuation.planner.day import served, top_rank, within_window
    from stranded.evacuation.planner.generate_day import day_scenario

    print(
        f"Day scenarios, {seconds:g} s each, the same for OR-Tools (makespan in minutes; "
        "persons out / of the highest rank out when not everyone fits)"
    )
    print(
        f"  {'persons':>7} {'window':>6} {'ours':>7} {'bound':>7} {'/bound':>7} {'hand':>7} "
        f"{'OR-Tools':>9} {'out ours':>10} {'out hand':>10} {'out OR-T':>10} "
        f"{'time':>6}"
    )
    for persons, window in cases:
        data = parse_scenario(day_scenario(persons, seed=persons + seed, horizon_minutes=window))
        problem, ours, bound, hand, used = ran(data, seconds)
        cut = within_window(problem, hand)
        other = _ortools.solve_day(problem, seconds)
        if other is not None:  # re-timed by `schedule`: its trips past the window are dropped
            other = within_window(problem, other)
        top = top_rank(problem)
        check(
            data,
            persons,
            (
                ("ours", ours, True),
                ("hand", hand, False),
                ("hand cut", cut, True),
                ("OR-Tools", other, True),
            ),
        )

        def out(candidate: RoutePlan | None, top: set[str] = top) -> str:
            if candidate is None:
                return "none"
            got = served(candidate, top)
            return f"{got[1]}/{got[0]}"

        ratio = "-" if ours.unserved else f"{ours.makespan / max(bound, 1):7.2f}"
        hand_text = f"{hand.makespan / 60:7.1f}" + ("*" if hand.unserved else "")
        other_text = (
            "none"
            if other is None
            else (f"{other.makespan / 60:9.1f}" + ("*" if other.unserved else ""))
        )
        print(
            f"  {persons:>7} {window:>6} {ours.makespan / 60:7.1f} {bound / 60:7.1f} "
            f"{ratio:>7} {hand_text:>7} {other_text:>9} "
            f"{out(ours):>10} {out(cut):>10} {out(other):>10} {used:5.0f}s"
        )
    print(
        "  (* left persons behind. Targets: ours <= 1.15 x bound where everyone fits; where "
        "not, at least the hand plan's persons and highest rank out)"
    )


def cvrplib(folder: Path, names: list[str], seconds: float, suffix: str = ".vrp") -> None:
    if not folder.is_dir():
        print(f"CVRPLIB: no instances at {folder} (give --cvrplib-dir)")
        return
    kind = "X instances" if suffix == ".vrp" else "Solomon instances (time windows)"
    print(f"CVRPLIB {kind} through the planner's PyVRP runner, {seconds:g} s each")
    for name in names:
        path = folder / f"{name}{suffix}"
        if not path.exists():
            print(f"  {name:<12} not found at {path}")
            continue
        best = _best_known(folder / f"{name}.sol")
        started = time.perf_counter()
        result = solve_cvrp(path, seconds=seconds)
        used = time.perf_counter() - started
        gap = (result["cost"] - best) / best * 100 if best else float("nan")
        if suffix == ".vrp":
            customers = int(name.split("-")[1][1:]) - 1
            target = f"(target <= {1.0 if customers <= 200 else 2.0:g}%)"
        else:
            target = f"({len(result['routes'])} routes)"
        print(
            f"  {name:<12} cost {result['cost']:>9} best {best:>9g} gap {gap:5.2f}% "
            f"{target} in {used:.0f} s"
        )


def _best_known(path: Path) -> float:
    for line in path.read_text().splitlines():
        if line.lower().startswith("cost"):
            return float(line.split()[1])
    return 0.0
