import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.evacuation.test_planner import BUS, group, scenario

DATA = Path(__file__).parent / "data"


def run(*args: str) -> str:
    out = StringIO()
    call_command("evacuation", *args, stdout=out)
    return out.getvalue()


def test_it_plans_a_scenario_and_prints_the_documented_json(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(
        json.dumps(
            scenario(
                [group("a", 0.01, seated=4), group("b", 0.02, seated=9)],
                [BUS, {**BUS, "id": "bus2"}],
            )
        )
    )
    result = json.loads(run("plan", str(path), "--seconds", "1", "--json"))
    assert set(result) == {
        "evacuated",
        "unserved",
        "makespan_minutes",
        "lower_bound_minutes",
        "greedy_makespan_minutes",
        "trips",
        "unserved_reasons",
    }
    assert (result["evacuated"], result["unserved"], result["unserved_reasons"]) == (13, [], {})
    assert (
        result["lower_bound_minutes"]
        <= result["makespan_minutes"]
        <= result["greedy_makespan_minutes"]
    )
    stop = result["trips"][0]["stops"][0]
    assert set(stop) == {"group", "eta", "seated", "wheelchair", "stretcher"}
    assert max(t["arrive"] for t in result["trips"]) == result["makespan_minutes"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["groups"][1].update(seated=-2), "groups[1].seated: must be >= 0"),
        (lambda d: d["groups"][0].update(seated=2.5), "groups[0].seated: must be a whole number"),
        (lambda d: d["vehicles"][0].update(seats="many"), "vehicles[0].seats: must be a number"),
        (lambda d: d.pop("horizon_minutes"), "scenario.horizon_minutes: missing"),
        (lambda d: d["groups"].append(dict(d["groups"][0])), "groups[2].id: duplicate id 'a'"),
    ],
)
def test_it_names_the_record_and_field_of_a_bad_scenario(
    tmp_path: Path, change: object, message: str
) -> None:
    data = scenario([group("a", 0.01, seated=4), group("b", 0.02, seated=3)], [BUS])
    change(data)  # type: ignore[operator]
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run("plan", str(path), "--seconds", "1")


def test_it_solves_a_cvrplib_instance_to_its_optimum() -> None:
    result = json.loads(run("solve-vrplib", str(DATA / "tiny.vrp"), "--seconds", "1", "--json"))
    # Two routes: {2, 3} and {4, 5}... the optimum pairs neighbours: 10+10+14 and 10+10+14.
    assert result["cost"] == 68
    assert sorted(sorted(r) for r in result["routes"]) == [[2, 3], [4, 5]] or sorted(
        sorted(r) for r in result["routes"]
    ) == [[2, 5], [3, 4]]


def test_it_solves_a_solomon_instance_with_its_time_windows() -> None:
    path = DATA / "tiny-solomon.txt"
    result = json.loads(run("solve-vrplib", str(path), "--seconds", "1", "--json"))
    # customer 4 closes at 25 and customer 3 opens at 50: 0 -> 4 -> 3 -> 0, never 3 before 4
    assert result["cost"] == 80.0
    assert sorted(result["routes"]) == [[1, 2], [4, 3]] or sorted(result["routes"]) == [
        [2, 1],
        [4, 3],
    ]


def test_a_file_that_is_no_instance_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.vrp"
    path.write_text("NAME : broken\nDIMENSION : x\n")
    with pytest.raises(CommandError, match=r"broken\.vrp: not a CVRPLIB instance"):
        run("solve-vrplib", str(path), "--seconds", "1")
    with pytest.raises(CommandError, match=r"missing\.vrp"):
        run("solve-vrplib", str(tmp_path / "missing.vrp"), "--seconds", "1")


def test_a_group_no_vehicle_can_carry_is_reported_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    groups = [group("a", 0.01, seated=4), group("bedridden", 0.02, seated=1, stretcher=1)]
    path.write_text(json.dumps(scenario(groups, [BUS])))
    result = json.loads(run("plan", str(path), "--seconds", "1", "--json"))
    assert (result["evacuated"], result["unserved"]) == (4, ["bedridden"])
    assert result["unserved_reasons"] == {"bedridden": "no vehicle has stretchers"}
    # nobody at all the fleet can carry: an empty plan, not an error
    path.write_text(json.dumps(scenario(groups[1:], [BUS])))
    result = json.loads(run("plan", str(path), "--seconds", "1", "--json"))
    assert (result["evacuated"], result["unserved"], result["trips"]) == (0, ["bedridden"], [])


def test_it_keeps_a_plan_under_way_and_plans_the_rest(tmp_path: Path) -> None:
    from tests.evacuation.test_planner_rules import day

    path, kept = tmp_path / "day.json", tmp_path / "plan.json"
    data = day()
    path.write_text(json.dumps(data))
    first = json.loads(run("plan", str(path), "--seconds", "1", "--json"))
    assert {(t["vehicle"], t["from"], t["destination"]) for t in first["trips"]} == {
        ("bus", "askeran", "crossing"),
        ("ambulance", "town", "hospital"),
    }
    kept.write_text(json.dumps(first))
    data["groups"].append({"id": "late", "lat": 39.84, "lon": 46.77, "seated": 2})
    path.write_text(json.dumps(data))
    now = min(t["depart"] for t in first["trips"]) + 5
    second = json.loads(
        run("plan", str(path), "--keep", str(kept), "--now", str(now), "--json", "--seconds", "1")
    )
    under_way = [t for t in first["trips"] if t["depart"] <= now]
    assert all(t in second["trips"] for t in under_way)
    assert (second["kept_trips"], second["unserved"]) == (len(under_way), [])
    assert any(s["group"] == "late" for t in second["trips"] for s in t["stops"])
    with pytest.raises(CommandError, match="--keep: needs --now"):
        run("plan", str(path), "--keep", str(kept))
