"""A team's worklist in walking/driving order: an open path from the team's start point.

Plain Python on PyVRP (no Django): the path starts at the team's start and ends at its last
address (a free end depot), minimising the distance over great-circle metres times a detour
factor. `nearest_neighbour` is the order a team makes by eye, for the benchmark's comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyvrp import Model
from pyvrp.stop import MaxRuntime

from stranded.lib.geo import great_circle_km

DETOUR = 1.3


@dataclass(frozen=True)
class Stop:
    key: str
    lat: float
    lon: float


def _metres(a: tuple[float, float], b: tuple[float, float]) -> int:
    return round(great_circle_km(a, b) * 1000 * DETOUR)


def length(start: tuple[float, float], stops: Sequence[Stop]) -> int:
    """Metres along the path from start through the stops in order."""
    total, here = 0, start
    for stop in stops:
        total += _metres(here, (stop.lat, stop.lon))
        here = (stop.lat, stop.lon)
    return total


def nearest_neighbour(start: tuple[float, float], stops: Sequence[Stop]) -> list[Stop]:
    left, order, here = list(stops), [], start
    while left:
        nearest = min(left, key=lambda s: _metres(here, (s.lat, s.lon)))
        left.remove(nearest)
        order.append(nearest)
        here = (nearest.lat, nearest.lon)
    return order


def route(
    start: tuple[float, float], stops: Sequence[Stop], *, seconds: float = 1.0, seed: int = 1
) -> list[Stop]:
    """The shortest open path found in `seconds`; never longer than nearest-neighbour order."""
    if len(stops) <= 2:
        return nearest_neighbour(start, stops)
    points = [start, *((s.lat, s.lon) for s in stops)]
    model = Model()
    locations = [model.add_location(x=lon, y=lat) for lat, lon in points]
    end = model.add_location(x=start[1], y=start[0])
    depot = model.add_depot(locations[0], name="start")
    finish = model.add_depot(end, name="end")
    for stop, location in zip(stops, locations[1:], strict=True):
        model.add_client(location, name=stop.key)
    model.add_vehicle_type(1, start_depot=depot, end_depot=finish)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            distance = _metres(a, b)
            model.add_edge(locations[i], locations[j], distance=distance, duration=distance)
        model.add_edge(locations[i], end, distance=0, duration=0)  # the path ends anywhere
        model.add_edge(end, locations[i], distance=0 if i == 0 else 10**9, duration=0)
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    fallback = nearest_neighbour(start, stops)
    if not result.is_feasible():
        return fallback
    # Client activity idx k is the model's k-th client, stops[k].
    schedule = result.best.routes()[0].schedule()
    order = [stops[a.idx] for a in schedule if a.is_client()]
    return order if length(start, order) <= length(start, fallback) else fallback
