"""CVRPLIB instances through the planner's own PyVRP runner (a check of the engine on
instances with best-known solutions). Distances: Euclidean, rounded to the nearest integer,
as CVRPLIB's X set defines them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pyvrp import Model
from pyvrp.stop import MaxRuntime


def read_instance(path: Path) -> dict[str, Any]:
    import vrplib

    return vrplib.read_instance(str(path))  # type: ignore[no-any-return]


def solve_cvrp(path: Path, *, seconds: float = 30.0, seed: int = 1) -> dict[str, Any]:
    """{"cost": C, "routes": [[node numbers as in the file, depot excluded], ...]}."""
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
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    # Node numbers as in the file's NODE_COORD_SECTION (the depot is node 1 there).
    routes = [
        [clients[a.idx] + 1 for a in route.schedule() if a.is_client()]
        for route in result.best.routes()
    ]
    return {"cost": int(result.cost()), "routes": routes, "feasible": result.best.is_feasible()}
