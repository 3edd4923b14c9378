"""Travel times between points: a model on coordinates, or a routing engine's table.

No road network of the region is available offline, so the default is the great-circle
distance times a detour factor, over a speed. `OsrmTable` asks an OSRM server's table service
instead when one is configured; both give metres and seconds.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from stranded.evacuation.planner.scenario import Point
from stranded.lib.geo import EARTH_RADIUS_KM, great_circle_km


class TravelModel(Protocol):
    def matrices(self, points: Sequence[Point]) -> tuple[list[list[int]], list[list[int]]]:
        """(metres, seconds) from every point to every point."""
        ...


@dataclass(frozen=True)
class GreatCircle:
    detour: float = 1.3
    speed_kmh: float = 40.0

    def metres(self, a: Point, b: Point) -> int:
        return round(great_circle_km((a.lat, a.lon), (b.lat, b.lon)) * self.detour * 1000)

    def seconds(self, metres: int) -> int:
        return round(metres / (self.speed_kmh / 3.6))

    def matrices(self, points: Sequence[Point]) -> tuple[list[list[int]], list[list[int]]]:
        """The haversine of `great_circle_km`, on whole arrays (5,000 points in a second);
        rounding half to even like Python's round()."""
        lat = np.radians(np.array([p.lat for p in points], dtype=float))
        lon = np.radians(np.array([p.lon for p in points], dtype=float))
        h = (
            np.sin((lat[None, :] - lat[:, None]) / 2) ** 2
            + np.cos(lat[:, None])
            * np.cos(lat[None, :])
            * np.sin((lon[None, :] - lon[:, None]) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
        metres = np.rint(km * self.detour * 1000)
        seconds = np.rint(metres / (self.speed_kmh / 3.6))
        return metres.astype(np.int64).tolist(), seconds.astype(np.int64).tolist()


@dataclass(frozen=True)
class OsrmTable:
    """An OSRM server's table service: `{url}/table/v1/driving/{lon,lat;...}`."""

    url: str
    timeout: float = 30.0

    def matrices(self, points: Sequence[Point]) -> tuple[list[list[int]], list[list[int]]]:
        coordinates = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points)
        request = (
            f"{self.url.rstrip('/')}/table/v1/driving/{coordinates}?annotations=distance,duration"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            data = json.load(response)
        if data.get("code") != "Ok":
            raise RuntimeError(
                f"routing engine answered {data.get('code')}: {data.get('message', '')}"
            )
        metres = [[round(v) for v in row] for row in data["distances"]]
        seconds = [[round(v) for v in row] for row in data["durations"]]
        return metres, seconds
