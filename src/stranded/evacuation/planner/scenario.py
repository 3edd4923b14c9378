"""What the planner is asked: the fleet, the groups waiting, the destination, the window.

`parse_scenario` reads the JSON of `stranded evacuation plan` and names the record and field of
anything wrong (`groups[3].seated: must be a whole number >= 0`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NEEDS = ("seated", "wheelchair", "stretcher")


class ScenarioError(ValueError):
    pass


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Vehicle:
    id: str
    seats: int
    wheelchair: int = 0
    stretcher: int = 0

    @property
    def capacity(self) -> tuple[int, int, int]:
        return (self.seats, self.wheelchair, self.stretcher)


@dataclass(frozen=True)
class Group:
    id: str
    point: Point
    seated: int = 0
    wheelchair: int = 0
    stretcher: int = 0
    priority: int = 0
    board_minutes: float = 5.0

    @property
    def load(self) -> tuple[int, int, int]:
        return (self.seated, self.wheelchair, self.stretcher)

    @property
    def persons(self) -> int:
        return self.seated + self.wheelchair + self.stretcher


@dataclass(frozen=True)
class Scenario:
    horizon_minutes: float
    base: Point
    destination: Point
    unload_minutes: float
    detour: float
    speed_kmh: float
    vehicles: tuple[Vehicle, ...]
    groups: tuple[Group, ...]


def _number(data: dict[str, Any], key: str, where: str, *, default: Any = None,
            integer: bool = False, minimum: float = 0.0) -> Any:  # fmt: skip
    value = data.get(key, default)
    if value is None:
        raise ScenarioError(f"{where}.{key}: missing")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{where}.{key}: must be a number, not {value!r}")
    if integer and value != int(value):
        raise ScenarioError(f"{where}.{key}: must be a whole number >= {minimum:g}")
    if value < minimum:
        raise ScenarioError(f"{where}.{key}: must be >= {minimum:g}")
    return int(value) if integer else float(value)


def _point(data: Any, where: str) -> Point:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: must be an object with lat and lon")
    lat = _number(data, "lat", where, minimum=-90)
    lon = _number(data, "lon", where, minimum=-180)
    if lat > 90 or lon > 180:
        raise ScenarioError(f"{where}: lat/lon out of range")
    return Point(lat, lon)


def parse_scenario(data: Any) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError("scenario: must be a JSON object")
    travel = data.get("travel", {})
    destination = data.get("destination")
    vehicles = [_vehicle(v, f"vehicles[{i}]") for i, v in enumerate(_list(data, "vehicles"))]
    groups = [_group(g, f"groups[{i}]") for i, g in enumerate(_list(data, "groups"))]
    _unique("vehicles", [v.id for v in vehicles])
    _unique("groups", [g.id for g in groups])
    return Scenario(
        horizon_minutes=_number(data, "horizon_minutes", "scenario", minimum=1),
        base=_point(data.get("base"), "base"),
        destination=_point(destination, "destination"),
        unload_minutes=_number(destination or {}, "unload_minutes", "destination", default=0),
        detour=_number(travel, "detour", "travel", default=1.3, minimum=1),
        speed_kmh=_number(travel, "speed_kmh", "travel", default=40, minimum=1),
        vehicles=tuple(vehicles),
        groups=tuple(groups),
    )


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise ScenarioError(f"{kind}[{i}].id: duplicate id {item!r}")
        seen.add(item)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ScenarioError(f"scenario.{key}: must be a list")
    return value


def _vehicle(data: Any, where: str) -> Vehicle:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: must be an object")
    vehicle = Vehicle(
        id=str(data.get("id", where)),
        seats=_number(data, "seats", where, default=0, integer=True),
        wheelchair=_number(data, "wheelchair", where, default=0, integer=True),
        stretcher=_number(data, "stretcher", where, default=0, integer=True),
    )
    if sum(vehicle.capacity) == 0:
        raise ScenarioError(f"{where}: carries nobody (seats, wheelchair and stretcher are 0)")
    return vehicle


def _group(data: Any, where: str) -> Group:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: must be an object")
    group = Group(
        id=str(data.get("id", where)),
        point=_point(data, where),
        seated=_number(data, "seated", where, default=0, integer=True),
        wheelchair=_number(data, "wheelchair", where, default=0, integer=True),
        stretcher=_number(data, "stretcher", where, default=0, integer=True),
        priority=_number(data, "priority", where, default=0, integer=True),
        board_minutes=_number(data, "board_minutes", where, default=5),
    )
    if group.persons == 0:
        raise ScenarioError(f"{where}: nobody to carry (seated, wheelchair and stretcher are 0)")
    return group
