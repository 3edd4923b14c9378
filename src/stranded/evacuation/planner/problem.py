"""The problem as the solvers see it: pickup parts, points, travel matrices, and plans.

A group stays together unless no vehicle can take it whole, or no one destination it may go to
receives all its needs (a stretcher case to the hospital, the family to the crossing); then it
is split into parts that the largest vehicles can take. Times inside are whole seconds; plans
report minutes.

Points: 0 the first base, 1 the first destination, the parts from 2, then the other bases and
destinations. Each vehicle starts at a point and a time (its base and shift start, or where a
plan being kept leaves it) and may have to be back, unloaded, by a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from stranded.evacuation.planner.scenario import NEEDS, Group, Point, Scenario
from stranded.evacuation.planner.travel import GreatCircle, TravelModel

BASE, DESTINATION = 0, 1  # point indices; parts follow from 2


@dataclass(frozen=True)
class Part:
    group: Group
    load: tuple[int, int, int]
    index: int  # point index
    ready: int = 0  # seconds: nobody boards before
    allowed: int = 1  # bit d set: destination d (of the scenario's list) may receive this part

    @property
    def persons(self) -> int:
        return sum(self.load)


@dataclass
class Problem:
    scenario: Scenario
    parts: list[Part]
    metres: list[list[int]]
    seconds: list[list[int]]
    # groups no vehicle of the fleet can carry, with the reason (never parts: always unserved)
    impossible: dict[str, str] = field(default_factory=dict)
    places: dict[int, str] = field(default_factory=dict)  # point index -> base or destination id
    destination_points: list[int] = field(default_factory=lambda: [DESTINATION])
    unloads: list[int] = field(default_factory=list)  # seconds, per destination
    starts: list[tuple[int, int]] = field(default_factory=list)  # per vehicle: (point, second)
    ends: list[int | None] = field(default_factory=list)  # per vehicle: back unloaded by
    kept: list[RouteTrip] = field(default_factory=list)  # trips of a plan being kept, unchanged
    now: int = 0  # seconds: no new trip leaves before
    _numbers: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Defaults of the simple problem: every vehicle at the base at minute 0, all day."""
        scenario, count = self.scenario, len(self.scenario.vehicles)
        if not self.places and scenario.bases and scenario.destinations:
            self.places = {BASE: scenario.bases[0].id, DESTINATION: scenario.destinations[0].id}
        self.unloads = self.unloads or [self.unload]
        self.starts = self.starts or [(BASE, 0)] * count
        self.ends = self.ends or [None] * count

    @property
    def simple(self) -> bool:
        """The problem the makespan searches were built for (see `Scenario.simple`)."""
        return self.scenario.simple and not self.kept and not self.now

    @property
    def horizon(self) -> int:
        return round(self.scenario.horizon_minutes * 60)

    @property
    def unload(self) -> int:
        return round(self.scenario.unload_minutes * 60)

    def board(self, part: Part) -> int:
        return round(part.group.board_minutes * 60)

    def number(self, vehicle: str) -> int:
        if len(self._numbers) != len(self.scenario.vehicles):
            self._numbers.update({v.id: n for n, v in enumerate(self.scenario.vehicles)})
        return self._numbers[vehicle]

    def unload_at(self, destination: str) -> int:
        for d, point in enumerate(self.destination_points):
            if self.places.get(point) == destination and self.unloads:
                return self.unloads[d]
        return self.unload

    def choose_destination(self, position: int, allowed: int, after: int | None) -> int:
        """The destination (its number) receiving `allowed` that frees the vehicle soonest,
        counting the drive on to the point `after` when there is a next pickup."""
        if len(self.destination_points) == 1:
            return 0
        s = self.seconds
        best, chosen = -1, 0
        for d, point in enumerate(self.destination_points):
            if not allowed >> d & 1:
                continue
            cost = s[position][point] + self.unloads[d] + (s[point][after] if after else 0)
            if best < 0 or cost < best:
                best, chosen = cost, d
        return chosen


def fits(load: tuple[int, int, int], capacity: tuple[int, int, int]) -> bool:
    return all(need <= room for need, room in zip(load, capacity, strict=True))


def split_group(
    group: Group, capacities: list[tuple[int, int, int]], load: tuple[int, int, int] | None = None
) -> list[tuple[int, int, int]]:
    """The group (or `load` of it) whole if some vehicle takes it; else parts, each fitting
    some vehicle."""
    load = group.load if load is None else load
    if any(fits(load, c) for c in capacities):
        return [load]
    parts: list[tuple[int, int, int]] = []
    remaining = list(load)
    while any(remaining):
        best = max(
            capacities, key=lambda c: sum(min(n, r) for n, r in zip(remaining, c, strict=True))
        )
        take = (min(remaining[0], best[0]), min(remaining[1], best[1]), min(remaining[2], best[2]))
        if not any(take):
            raise ValueError(f"group {group.id}: no vehicle can carry its needs {group.load}")
        parts.append(take)
        remaining = [n - t for n, t in zip(remaining, take, strict=True)]
    return parts


PLACES = ("seats", "wheelchair places", "stretchers")


def cannot_carry(group: Group, capacities: list[tuple[int, int, int]]) -> str:
    """Why no plan can carry the group ("" if some can): a need no vehicle has a place for.
    The group stays together, so its other members are not carried without that person."""
    missing = [PLACES[k] for k in range(3) if group.load[k] and not any(c[k] for c in capacities)]
    return f"no vehicle has {' or '.join(missing)}" if missing else ""


def allowed_destinations(scenario: Scenario, group: Group) -> list[int]:
    """Per kind of place (seated, wheelchair, stretcher): the bits of the destinations the
    group may go to that receive it."""
    names = set(group.destinations) or {d.id for d in scenario.destinations}
    return [
        sum(
            1 << n
            for n, d in enumerate(scenario.destinations)
            if d.id in names and NEEDS[k] in d.accepts
        )
        for k in range(3)
    ]


def no_destination(scenario: Scenario, group: Group) -> str:
    """Why no destination can receive the group ("" if the needs all have one)."""
    allowed = allowed_destinations(scenario, group)
    missing = [PLACES[k] for k in range(3) if group.load[k] and not allowed[k]]
    if not missing:
        return ""
    return f"no destination it may go to receives {' or '.join(missing)} cases"


def group_loads(
    scenario: Scenario,
    group: Group,
    capacities: list[tuple[int, int, int]],
    load: tuple[int, int, int] | None = None,
) -> list[tuple[tuple[int, int, int], int]]:
    """The parts of a group as (load, destination bits): together if one destination receives
    all its needs, else each need to its own destinations."""
    load = group.load if load is None else load
    allowed = allowed_destinations(scenario, group)
    together = -1
    for k in range(3):
        if load[k]:
            together &= allowed[k]
    if together:
        return [(part, together) for part in split_group(group, capacities, load)]
    result = []
    for k in range(3):
        if load[k]:
            alone = (load[0] if k == 0 else 0, load[1] if k == 1 else 0, load[2] if k == 2 else 0)
            result += [(part, allowed[k]) for part in split_group(group, capacities, alone)]
    return result


def build_problem(
    scenario: Scenario,
    travel: TravelModel | None = None,
    *,
    kept: list[RouteTrip] | None = None,
    now: int = 0,
) -> Problem:
    """The parts to carry. A group the fleet cannot carry at all is left out of the problem
    the solvers see (its scenario) and kept in `impossible` with the reason: it is reported
    unserved, never an error that stops the whole plan. With `kept` (the trips of a plan that
    have left by `now`), only what those trips do not carry is planned, from where each
    vehicle is then."""
    travel = travel or GreatCircle(scenario.detour, scenario.speed_kmh)
    capacities = [v.capacity for v in scenario.vehicles]
    impossible = {
        g.id: cannot_carry(g, capacities) or no_destination(scenario, g) for g in scenario.groups
    }
    impossible = {gid: why for gid, why in impossible.items() if why}
    done = carried_loads(kept or [])
    carried = tuple(g for g in scenario.groups if g.id not in impossible)
    parts: list[Part] = []
    points: list[Point] = [scenario.bases[0].point, scenario.destinations[0].point]
    for group in carried:
        left = tuple(n - c for n, c in zip(group.load, done.get(group.id, (0, 0, 0)), strict=True))
        if not any(left):
            continue
        for load, allowed in group_loads(scenario, group, capacities, left):  # type: ignore[arg-type]
            ready = round(group.ready_minutes * 60)
            parts.append(Part(group, load, len(points), ready, allowed))
            points.append(group.point)
    places = {BASE: scenario.bases[0].id, DESTINATION: scenario.destinations[0].id}
    for place in (*scenario.bases[1:], *scenario.destinations[1:]):
        places[len(points)] = place.id
        points.append(place.point)
    metres, seconds = travel.matrices(points)
    index = {name: i for i, name in places.items()}
    problem = Problem(
        replace(scenario, groups=carried),
        parts,
        metres,
        seconds,
        impossible,
        places,
        [DESTINATION, *(index[d.id] for d in scenario.destinations[1:])],
        [round(d.unload_minutes * 60) for d in scenario.destinations],
        kept=list(kept or []),
        now=now,
    )
    problem.starts, problem.ends = _vehicle_days(problem, index)
    return problem


def _vehicle_days(
    problem: Problem, index: dict[str, int]
) -> tuple[list[tuple[int, int]], list[int | None]]:
    """Where and when each vehicle starts (its base and shift; after the trips kept, the
    destination of its last one once unloaded, and not before `now`), and its end."""
    scenario = problem.scenario
    unload = {d.id: u for d, u in zip(scenario.destinations, problem.unloads, strict=True)}
    last: dict[str, RouteTrip] = {}
    for trip in problem.kept:
        if trip.vehicle not in last or trip.depart > last[trip.vehicle].depart:
            last[trip.vehicle] = trip
    starts: list[tuple[int, int]] = []
    ends: list[int | None] = []
    for vehicle in scenario.vehicles:
        base = scenario.base_of(vehicle)
        point = BASE if base is scenario.bases[0] else index[base.id]
        clock = round(vehicle.available_from * 60)
        if vehicle.id in last:
            trip = last[vehicle.id]
            point = index.get(trip.destination, DESTINATION)
            clock = trip.arrive + unload.get(trip.destination, problem.unload)
        starts.append((point, max(clock, problem.now)))
        until = vehicle.available_until
        ends.append(
            None if until is None and scenario.simple else round(scenario.until(vehicle) * 60)
        )
    return starts, ends


def carried_loads(trips: list[RouteTrip]) -> dict[str, tuple[int, int, int]]:
    carried: dict[str, tuple[int, int, int]] = {}
    for trip in trips:
        for stop in trip.stops:
            before = carried.get(stop.group, (0, 0, 0))
            carried[stop.group] = (
                before[0] + stop.load[0],
                before[1] + stop.load[1],
                before[2] + stop.load[2],
            )
    return carried


@dataclass(frozen=True)
class RouteStop:
    group: str
    eta: int  # seconds from the start, arrival at the pickup
    load: tuple[int, int, int]


@dataclass(frozen=True)
class RouteTrip:
    vehicle: str
    depart: int  # leaves the base (first trip) or the destination after unloading
    arrive: int  # reaches the destination
    stops: tuple[RouteStop, ...]
    origin: str = ""  # the base or destination it leaves from ("" = not named yet)
    destination: str = ""


@dataclass
class RoutePlan:
    trips: list[RouteTrip]
    unserved: list[str] = field(default_factory=list)
    method: str = ""

    @property
    def makespan(self) -> int:
        return max((t.arrive for t in self.trips), default=0)

    @property
    def evacuated(self) -> int:
        return sum(sum(s.load) for t in self.trips for s in t.stops)

    def to_json(self) -> dict[str, Any]:
        return {
            "evacuated": self.evacuated,
            "unserved": self.unserved,
            "makespan_minutes": minutes(self.makespan),
            "trips": [
                {
                    "vehicle": t.vehicle,
                    "from": t.origin,
                    "destination": t.destination,
                    "depart": minutes(t.depart),
                    "arrive": minutes(t.arrive),
                    "stops": [
                        {
                            "group": s.group,
                            "eta": minutes(s.eta),
                            "seated": s.load[0],
                            "wheelchair": s.load[1],
                            "stretcher": s.load[2],
                        }
                        for s in t.stops
                    ],
                }
                for t in sorted(self.trips, key=lambda t: (t.vehicle, t.depart))
            ],
        }


def unserved(scenario: Scenario, trips: list[RouteTrip]) -> list[str]:
    """Groups not carried in full by these trips."""
    carried: dict[str, int] = {}
    for trip in trips:
        for stop in trip.stops:
            carried[stop.group] = carried.get(stop.group, 0) + sum(stop.load)
    return [g.id for g in scenario.groups if carried.get(g.id, 0) < g.persons]


def unserved_reasons(problem: Problem, plan: RoutePlan) -> dict[str, str]:
    """Why each unserved group is left: a need no vehicle or destination has a place for, no
    vehicle able to reach it in its shift, or the window (the lowest ranked are left first:
    no stretcher, no medical priority, far out)."""
    reasons = {}
    for gid in plan.unserved:
        reason = problem.impossible.get(gid) or _out_of_reach(problem, gid)
        reasons[gid] = reason or "not within the window: lower ranked than those taken"
    return reasons


def _out_of_reach(problem: Problem, gid: str) -> str:
    """Why no vehicle alone could take a part of the group ("" if some could)."""
    s = problem.seconds
    for part in problem.parts:
        if part.group.id != gid:
            continue
        if part.ready > problem.horizon:
            return "ready only after the window"
        for v, vehicle in enumerate(problem.scenario.vehicles):
            if not fits(part.load, vehicle.capacity):
                continue
            point, clock = problem.starts[v]
            clock = max(clock + s[point][part.index], part.ready) + problem.board(part)
            for d, home in enumerate(problem.destination_points):
                if not part.allowed >> d & 1:
                    continue
                arrive = clock + s[part.index][home]
                end = problem.ends[v]
                if arrive <= problem.horizon and (
                    end is None or arrive + problem.unloads[d] <= end
                ):
                    break
            else:
                continue
            break
        else:
            return "no vehicle can reach it, board it and unload it within its shift and the window"
    return ""


def schedule(problem: Problem, vehicle: str, trips: list[list[Part]]) -> list[RouteTrip]:
    """Times of a vehicle's trips, as early as the travel model allows: from where and when
    the vehicle starts (its base at its shift start), each pickup boarded on arrival (or when
    the group is ready, the vehicle waiting there), unloading before driving on. Each trip
    goes to the destination receiving all it carries that frees the vehicle soonest (towards
    its next pickup)."""
    s = problem.seconds
    number = problem.number(vehicle)
    position, clock = problem.starts[number]
    result = []
    trips = [parts for parts in trips if parts]
    for n, parts in enumerate(trips):
        depart, origin, stops = clock, position, []
        allowed = -1
        for part in parts:
            clock = max(clock + s[position][part.index], part.ready)
            stops.append(RouteStop(part.group.id, clock, part.load))
            clock += problem.board(part)
            position = part.index
            allowed &= part.allowed
        after = trips[n + 1][0].index if n + 1 < len(trips) else None
        d = problem.choose_destination(position, allowed, after)
        point = problem.destination_points[d]
        clock += s[position][point]
        result.append(
            RouteTrip(
                vehicle,
                depart,
                clock,
                tuple(stops),
                problem.places.get(origin, ""),
                problem.places.get(point, ""),
            )
        )
        clock += problem.unloads[d]
        position = point
    return result


def late(problem: Problem, vehicle: str, trips: list[RouteTrip]) -> bool:
    """Whether a vehicle's trips end after the window or its shift."""
    if not trips:
        return False
    last = trips[-1]
    if last.arrive > problem.horizon:
        return True
    end = problem.ends[problem.number(vehicle)]
    return end is not None and last.arrive + problem.unload_at(last.destination) > end


def minutes(seconds: int) -> float:
    return round(seconds / 60, 1)


def plan_from_json(data: object) -> RoutePlan:
    """A plan as `Plan.to_json` printed it (minutes back to seconds), to be kept."""
    if not isinstance(data, dict) or not isinstance(data.get("trips"), list):
        raise ValueError("plan: must be a JSON object with a list of trips")
    trips = []
    for i, item in enumerate(data["trips"]):
        try:
            stops = tuple(
                RouteStop(
                    str(s["group"]),
                    round(float(s["eta"]) * 60),
                    (
                        int(s.get("seated", 0)),
                        int(s.get("wheelchair", 0)),
                        int(s.get("stretcher", 0)),
                    ),
                )
                for s in item["stops"]
            )
            trips.append(
                RouteTrip(
                    str(item["vehicle"]),
                    round(float(item["depart"]) * 60),
                    round(float(item["arrive"]) * 60),
                    stops,
                    str(item.get("from", "")),
                    str(item.get("destination", "")),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"plan.trips[{i}]: {error!r}") from error
    return RoutePlan(trips, [str(g) for g in data.get("unserved", [])])
