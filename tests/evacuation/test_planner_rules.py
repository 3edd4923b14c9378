"""The day's rules (bases, shifts, destinations, ready times, a plan kept), each broken in a
hand-made plan and caught by the validator."""

import copy
from dataclasses import replace
from typing import Any

from stranded.evacuation.planner import (
    RoutePlan,
    build_problem,
    greedy_plan,
    parse_scenario,
    validate,
)
from stranded.evacuation.planner.problem import schedule

TOWN = {"id": "town", "lat": 39.8155, "lon": 46.7519}
ASKERAN = {"id": "askeran", "lat": 39.9333, "lon": 46.8333}
CROSSING = {"id": "crossing", "lat": 39.5140, "lon": 46.5560, "unload_minutes": 15}
HOSPITAL = {"id": "hospital", "lat": 39.8210, "lon": 46.7640, "unload_minutes": 10,
            "accepts": ["stretcher"]}  # fmt: skip


def day() -> dict[str, Any]:
    """A fresh copy each time: tests change their scenario."""
    return copy.deepcopy(
        {
            "horizon_minutes": 600,
            "bases": [TOWN, ASKERAN],
            "destinations": [CROSSING, HOSPITAL],
            "vehicles": [
                {
                    "id": "bus",
                    "seats": 10,
                    "base": "askeran",
                    "available_from": 60,
                    "available_until": 400,
                },
                {"id": "ambulance", "seats": 1, "stretcher": 1, "base": "town"},
            ],
            "groups": [
                {"id": "family", "lat": 39.83, "lon": 46.76, "seated": 4, "ready_minutes": 150},
                {
                    "id": "bed",
                    "lat": 39.80,
                    "lon": 46.74,
                    "stretcher": 1,
                    "destinations": ["hospital"],
                },
            ],
        }
    )


def planned(data: dict[str, Any]) -> tuple[Any, RoutePlan]:
    scenario = parse_scenario(data)
    hand = greedy_plan(build_problem(scenario))
    assert validate(scenario, hand) == []
    return scenario, hand


def trip_of(plan: RoutePlan, vehicle: str) -> int:
    return next(n for n, t in enumerate(plan.trips) if t.vehicle == vehicle)


def broken(plan: RoutePlan, vehicle: str, **changes: Any) -> RoutePlan:
    trips = list(plan.trips)
    n = trip_of(plan, vehicle)
    trips[n] = replace(trips[n], **changes)
    return RoutePlan(trips, list(plan.unserved))


def test_it_plans_the_day_by_the_rules() -> None:
    _, hand = planned(day())
    bus, ambulance = hand.trips[trip_of(hand, "bus")], hand.trips[trip_of(hand, "ambulance")]
    assert (bus.origin, bus.destination, bus.depart) == ("askeran", "crossing", 3600)
    assert bus.stops[0].eta == 150 * 60  # waits for the family to be ready
    assert (ambulance.origin, ambulance.destination) == ("town", "hospital")
    assert hand.to_json()["trips"][0]["from"] == "town"


def test_it_catches_a_trip_from_another_base() -> None:
    scenario, hand = planned(day())
    errors = validate(scenario, broken(hand, "bus", origin="town"))
    assert errors == ["bus: trip at 3600s leaves town, not its base (askeran)"]


def test_it_catches_a_trip_before_the_shift_starts() -> None:
    scenario, hand = planned(day())
    errors = validate(scenario, broken(hand, "bus", depart=600))
    assert errors == ["bus: trip departs at 600s, before 3600s"]


def test_it_catches_a_vehicle_unloading_after_its_shift() -> None:
    data = day()
    data["vehicles"][0]["available_until"] = 120
    scenario = parse_scenario(data)
    problem = build_problem(parse_scenario(day()))
    trips = schedule(problem, "bus", [[p for p in problem.parts if p.group.id == "family"]])
    errors = validate(scenario, RoutePlan([*trips, *greedy_plan(problem).trips[1:]]))
    assert any("bus: unloaded at" in e and "after its shift ends (120 min)" in e for e in errors)


def test_it_catches_a_destination_refusing_what_it_is_given() -> None:
    scenario, hand = planned(day())
    errors = validate(scenario, broken(hand, "bus", destination="hospital"))
    assert "does not receive seated (family)" in errors[0]


def test_it_catches_a_group_taken_where_it_may_not_go() -> None:
    scenario, hand = planned(day())
    errors = validate(scenario, broken(hand, "ambulance", destination="crossing"))
    assert errors[0].endswith("group bed may not go to crossing")


def test_it_catches_a_pickup_before_the_group_is_ready() -> None:
    scenario, hand = planned(day())
    bus = hand.trips[trip_of(hand, "bus")]
    early = (replace(bus.stops[0], eta=bus.stops[0].eta - 1200),)
    errors = validate(scenario, broken(hand, "bus", stops=early))
    assert errors == ["bus: picks up family at 7800s, before it is ready"]


def test_it_catches_a_kept_trip_changed_and_a_new_one_in_the_past() -> None:
    scenario, hand = planned(day())
    now = hand.trips[trip_of(hand, "ambulance")].depart + 60
    changed = broken(hand, "ambulance", arrive=hand.trips[trip_of(hand, "ambulance")].arrive + 60)
    errors = validate(scenario, changed, keep=(hand, now), window=False)
    assert any(e == "ambulance: trip under way at 0s changed or dropped" for e in errors)
    assert validate(scenario, hand, keep=(hand, now)) == []
    bus_now = hand.trips[trip_of(hand, "bus")].depart - 60
    later = broken(hand, "bus", depart=bus_now - 600)
    errors = validate(scenario, later, keep=(RoutePlan([]), bus_now))
    assert any(e.startswith("bus: new trip leaves at") for e in errors)


def test_it_reads_old_scenarios_as_before() -> None:
    data = day()
    data["base"], data["destination"] = TOWN, CROSSING
    del data["bases"], data["destinations"], data["vehicles"][0]["base"]
    data["vehicles"][0].pop("available_from"), data["vehicles"][0].pop("available_until")
    data["groups"][0].pop("ready_minutes"), data["groups"][1].pop("destinations")
    scenario = parse_scenario(data)
    assert scenario.simple
    assert [b.id for b in scenario.bases] == ["town"]
