"""What the planner is asked: the fleet, the groups waiting, the destinations, the window.

`parse_scenario` reads the JSON of `stranded evacuation plan` and names the record and field of
anything wrong (`groups[3].seated: must be a whole number >= 0`).

The day as it runs: several `bases` (a vehicle names its `base`, default the scenario's
`base`), shifts (`available_from`, `available_until` in minutes: a vehicle leaves its base no
earlier than the first and is back at a destination, unloaded, no later than the second),
several `destinations`, each receiving only the kinds of place it `accepts`, groups naming the
`destinations` they may go to and the minute they are `ready_minutes`. A scenario without any
of these means what it always meant: one base, one destination for everyone, every vehicle free
all day, every group ready at the start.
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
class Place:
    """A base (where vehicles start) or a destination (where they unload)."""

    id: str
    point: Point
    unload_minutes: float = 0.0
    accepts: tuple[str, ...] = NEEDS


@dataclass(frozen=True)
class Van:
    id: str
    seats: int
    wheelchair: int = 0
    stretcher: int = 0
    base: str = ""  # "" = the scenario's base
    available_from: float = 0.0  # minutes
    available_until: float | None = None  # minutes; None = the end of the window

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
    destinations: tuple[str, ...] = ()  # () = any destination accepting its needs
    ready_minutes: float = 0.0

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
    vehicles: tuple[Van, ...]
    groups: tuple[Group, ...]
    bases: tuple[Place, ...] = ()  # the first is `base`
    destinations: tuple[Place, ...] = ()  # the first is `destination`

    def base_of(self, vehicle: Van) -> Place:
        return next((b for b in self.bases if b.id == vehicle.base), self.bases[0])

    def until(self, vehicle: Van) -> float:
        if vehicle.available_until is None:
            return self.horizon_minutes
        return min(vehicle.available_until, self.horizon_minutes)

    @property
    def simple(self) -> bool:
        """One base, one destination for all, everyone free and ready all day: the problem
        the makespan searches were built for."""
        return (
            len({self.base_of(v).id for v in self.vehicles}) <= 1
            and len(self.destinations) == 1
            and set(self.destinations[0].accepts) == set(NEEDS)
            and all(
                v.available_from == 0 and self.until(v) >= self.horizon_minutes
                for v in self.vehicles
            )
            and all(g.ready_minutes == 0 for g in self.groups)
        )


def _number(
    data: dict[str, Any],
    key: str,
    where: str,
    *,
    default: Any = None,
    integer: bool = False,
    minimum: float = 0.0,
) -> Any:
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
    bases = _places(data, "base", "bases", destination=False)
    destinations = _places(data, "destination", "destinations", destination=True)
    vehicles = [_vehicle(v, f"vehicles[{i}]") for i, v in enumerate(_list(data, "vehicles"))]
    groups = [_group(g, f"groups[{i}]") for i, g in enumerate(_list(data, "groups"))]
    _unique("vehicles", [v.id for v in vehicles])
    _unique("groups", [g.id for g in groups])
    _known(vehicles, groups, bases, destinations)
    horizon = _number(data, "horizon_minutes", "scenario", minimum=1)
    return Scenario(
        horizon_minutes=horizon,
        base=bases[0].point,
        destination=destinations[0].point,
        unload_minutes=destinations[0].unload_minutes,
        detour=_number(travel, "detour", "travel", default=1.3, minimum=1),
        speed_kmh=_number(travel, "speed_kmh", "travel", default=40, minimum=1),
        vehicles=tuple(vehicles),
        groups=tuple(groups),
        bases=tuple(bases),
        destinations=tuple(destinations),
    )


def _places(data: dict[str, Any], one: str, many: str, *, destination: bool) -> list[Place]:
    """The single `base`/`destination` (id "base"/"destination" unless it names one) and the
    list `bases`/`destinations` beside or instead of it; at least one of them."""
    places: list[Place] = []
    if data.get(one) is not None or data.get(many) is None:
        places.append(_place(data.get(one), one, one, destination=destination))
    listed = data.get(many)
    if listed is not None:
        if not isinstance(listed, list) or not listed:
            raise ScenarioError(f"scenario.{many}: must be a non-empty list")
        places += [
            _place(item, f"{many}[{i}]", f"{one}-{i + 1}", destination=destination)
            for i, item in enumerate(listed)
        ]
    _unique(many, [p.id for p in places])
    return places


def _place(data: Any, where: str, default_id: str, *, destination: bool) -> Place:
    point = _point(data, where)
    if not destination:
        return Place(str(data.get("id", default_id)), point)
    accepts = data.get("accepts", list(NEEDS))
    if not isinstance(accepts, list) or not accepts or any(a not in NEEDS for a in accepts):
        raise ScenarioError(f"{where}.accepts: must be a non-empty list of {', '.join(NEEDS)}")
    unload = _number(data, "unload_minutes", where, default=0)
    return Place(str(data.get("id", default_id)), point, unload, tuple(accepts))


def _known(
    vehicles: list[Van], groups: list[Group], bases: list[Place], destinations: list[Place]
) -> None:
    base_ids, destination_ids = {b.id for b in bases}, {d.id for d in destinations}
    for i, vehicle in enumerate(vehicles):
        if vehicle.base and vehicle.base not in base_ids:
            raise ScenarioError(f"vehicles[{i}].base: unknown base {vehicle.base!r}")
    for i, group in enumerate(groups):
        for name in group.destinations:
            if name not in destination_ids:
                raise ScenarioError(f"groups[{i}].destinations: unknown destination {name!r}")


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


def _vehicle(data: Any, where: str) -> Van:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: must be an object")
    vehicle = Van(
        id=str(data.get("id", where)),
        seats=_number(data, "seats", where, default=0, integer=True),
        wheelchair=_number(data, "wheelchair", where, default=0, integer=True),
        stretcher=_number(data, "stretcher", where, default=0, integer=True),
        base=str(data.get("base") or ""),
        available_from=_number(data, "available_from", where, default=0),
        available_until=(
            None if data.get("available_until") is None else _number(data, "available_until", where)
        ),
    )
    if vehicle.available_until is not None and vehicle.available_until < vehicle.available_from:
        raise ScenarioError(f"{where}.available_until: before available_from")
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
        destinations=_names(data, "destinations", where),
        ready_minutes=_number(data, "ready_minutes", where, default=0),
    )
    if group.persons == 0:
        raise ScenarioError(f"{where}: nobody to carry (seated, wheelchair and stretcher are 0)")
    return group


def _names(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ScenarioError(f"{where}.{key}: must be a non-empty list of destination ids")
    return tuple(value)
