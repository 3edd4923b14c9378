"""CVRPLIB instances through the planner's own PyVRP runner (a check of the engine on
instances with best-known solutions). Distances: Euclidean, rounded to the nearest integer,
as CVRPLIB's X set defines them.

The search runs on WORKERS processes with different seeds (the machine has 2 cores), and the
cheapest feasible result wins: independent searches of iterated local search differ a lot
from seed to seed, so two of them at equal wall time beat one."""

from __future__ import annotations

import math
import multiprocessing
import os
from pathlib import Path
from typing import Any

from pyvrp import Model
from pyvrp.stop import MaxRuntime

WORKERS = 2

_MODEL: list[tuple[Model, list[int]]] = []


def read_instance(path: Path) -> dict[str, Any]:
    import vrplib

    return vrplib.read_instance(str(path))  # type: ignore[no-any-return]


def build(path: Path) -> tuple[Model, list[int]]:
    instance = read_instance(path)
    coords = instance["node_coord"]
    demands = instance["demand"]
    depot = int(instance.get("depot", [0])[0])
    model = Model()
    locations = [model.add_location(x=float(x), y=float(y)) for x, y in coords]
    depot_ref = model.add_depot(locations[depot])
    clients = [i for i in range(len(coords)) if i != depot]
    for i in clients:
        model.add_client(locations[i], delivery=[int(demands[i])])
    capacity = [int(instance["capacity"])]
    model.add_vehicle_type(
        len(clients), capacity=capacity, start_depot=depot_ref, end_depot=depot_ref
    )
    for i, a in enumerate(coords):
        for j, b in enumerate(coords):
            if i != j:
                model.add_edge(locations[i], locations[j], distance=round(math.dist(a, b)))
    return model, clients


def _search(job: tuple[float, int]) -> dict[str, Any]:
    seconds, seed = job
    model, clients = _MODEL[0]
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    # Node numbers as in the file's NODE_COORD_SECTION (the depot is node 1 there).
    routes = [
        [clients[a.idx] + 1 for a in route.schedule() if a.is_client()]
        for route in result.best.routes()
    ]
    return {"cost": int(result.cost()), "routes": routes, "feasible": result.best.is_feasible()}


def solve_cvrp(path: Path, *, seconds: float = 30.0, seed: int = 1) -> dict[str, Any]:
    """{"cost": C, "routes": [[node numbers as in the file, depot excluded], ...]}."""
    _MODEL[:] = [build(path)]
    workers = max(1, min(WORKERS, os.cpu_count() or 1))
    jobs = [(seconds, seed + n) for n in range(workers)]
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_search, jobs, chunksize=1)
        else:
            results = [_search(jobs[0])]
    finally:
        _MODEL.clear()
    feasible = [r for r in results if r["feasible"]] or results
    return min(feasible, key=lambda r: r["cost"])
