"""CVRPLIB instances through the planner's own PyVRP runner (a check of the engine on
instances with best-known solutions).

- X set (`.vrp`, capacitated): Euclidean distances rounded to the nearest integer, as the X set
  defines them; routes name the nodes as the file numbers them (the depot is node 1).
- Solomon set (`.txt`, time windows, a limited fleet): distances and times are Euclidean,
  multiplied by ten and truncated (the DIMACS convention under which the best-known costs such
  as C101's 827.3 are given); the cost is given back in the file's units, to one decimal, and
  routes name customers by their number in the file (the depot is 0).

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

from stranded.evacuation.planner.day import plain_signals

WORKERS = 2

_MODEL: list[tuple[Model, list[int], int]] = []


class InstanceError(ValueError):
    pass


def is_solomon(path: Path) -> bool:
    """Solomon files start with the instance's name, then a VEHICLE section."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = [line.strip() for line in handle.readlines()[:6] if line.strip()]
    return len(head) > 1 and head[1].upper() == "VEHICLE"


def read_instance(path: Path) -> dict[str, Any]:
    import vrplib

    try:
        if is_solomon(path):
            instance = vrplib.read_instance(str(path), instance_format="solomon")
            instance["solomon"] = True
            return instance  # type: ignore[no-any-return]
        return vrplib.read_instance(str(path))  # type: ignore[no-any-return]
    except OSError as error:
        raise InstanceError(f"{path}: {error.strerror}") from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise InstanceError(f"{path}: not a CVRPLIB instance ({error})") from error


def build(path: Path) -> tuple[Model, list[int], int]:
    """The PyVRP model, the file's node number of each client, and the cost's scale."""
    instance = read_instance(path)
    if instance.get("solomon"):
        return _build_solomon(instance)
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
    return model, [i + 1 for i in clients], 1


def _build_solomon(instance: dict[str, Any]) -> tuple[Model, list[int], int]:
    coords, demands = instance["node_coord"], instance["demand"]
    windows, service = instance["time_window"], instance["service_time"]
    model = Model()
    locations = [model.add_location(x=float(x), y=float(y)) for x, y in coords]
    depot = model.add_depot(
        locations[0], tw_early=int(windows[0][0] * 10), tw_late=int(windows[0][1] * 10)
    )
    clients = list(range(1, len(coords)))
    for i in clients:
        model.add_client(
            locations[i],
            delivery=[int(demands[i])],
            service_duration=int(service[i] * 10),
            tw_early=int(windows[i][0] * 10),
            tw_late=int(windows[i][1] * 10),
        )
    model.add_vehicle_type(
        int(instance["vehicles"]),
        capacity=[int(instance["capacity"])],
        start_depot=depot,
        end_depot=depot,
        tw_early=int(windows[0][0] * 10),
        tw_late=int(windows[0][1] * 10),
    )
    for i, a in enumerate(coords):
        for j, b in enumerate(coords):
            if i != j:
                tenths = int(math.dist(a, b) * 10)
                model.add_edge(locations[i], locations[j], distance=tenths, duration=tenths)
    return model, clients, 10


def _search(job: tuple[float, int]) -> dict[str, Any]:
    seconds, seed = job
    model, numbers, scale = _MODEL[0]
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    routes = [
        [numbers[a.idx] for a in route.schedule() if a.is_client()]
        for route in result.best.routes()
    ]
    cost = int(result.cost()) if scale == 1 else round(result.cost() / scale, 1)
    return {"cost": cost, "routes": routes, "feasible": result.best.is_feasible()}


def solve_cvrp(path: Path, *, seconds: float = 30.0, seed: int = 1) -> dict[str, Any]:
    """{"cost": C, "routes": [[node numbers as in the file, depot excluded], ...]}."""
    _MODEL[:] = [build(path)]
    workers = max(1, min(WORKERS, os.cpu_count() or 1))
    jobs = [(seconds, seed + n) for n in range(workers)]
    try:
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            fork = multiprocessing.get_context("fork")
            with fork.Pool(workers, initializer=plain_signals) as pool:
                results = pool.map(_search, jobs, chunksize=1)
        else:
            results = [_search(jobs[0])]
    finally:
        _MODEL.clear()
    feasible = [r for r in results if r["feasible"]] or results
    return min(feasible, key=lambda r: r["cost"])
