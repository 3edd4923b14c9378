"""Demo sweeps: a 250 m grid over Khankendi, the real villages around it, two days of visits.

The mix follows the situation report: most of the town reached in two days, a few cells due
again, both teams holding areas now, the rural areas mostly not reached yet.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, Team
from stranded.lib.geo import great_circle_km
from stranded.places import geometry
from stranded.places.locate import locator_for
from stranded.places.mapdata import operation_focus
from stranded.places.models import Address, Area, AreaState, Place, address_key
from stranded.sweeps.actions import assign_area, save_areas
from stranded.sweeps.coverage import recompute
from stranded.sweeps.models import AreaEvent, Visit, VisitPerson

TOWN_RADIUS_M = 2600
VILLAGE_KM = 45
STREETS = (
    "Azatamartikneri", "Tumanyan", "Vazgen Sargsyan", "Mashtots", "Tigran Mets", "Nzhdeh",
    "Khorenatsi", "Isahakyan", "Charents", "Lisinyan", "Sasuntsi Davit", "Hekimyan",
)  # fmt: skip
OUTCOMES = [("no_answer", 30), ("empty", 35), ("persons_present", 25), ("refused", 3),
            ("damaged", 6), ("deceased_found", 1)]  # fmt: skip
UTILITY = [("working", 35), ("not_working", 50), ("unknown", 15)]
NEEDS = ("medicines", "food", "drinking_water", "gas_heating", "winter_clothing_fuel",
         "electricity", "medical_care", "psychosocial")  # fmt: skip
ANIMALS = ("dog", "cat", "horse", "cow", "chickens")


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if Area.objects.filter(operation=operation).exists():
        out.write("sweeps: the demo areas exist already; kept as they are")
        return
    rng = random.Random(1023)
    center = operation_focus(operation) or (39.8155, 46.7519)
    shapes = list(
        geometry.grid(
            geometry.circle(*center, TOWN_RADIUS_M),
            int(operation.setting("sweep_cell_m", 250)),
            "KHA",
        )
    )
    shapes += _villages(center)
    save_areas(operation=operation, shapes=shapes, by=None)
    located = _place_people(operation, center, rng)
    visits = _two_days(operation, center, rng, small)
    counts = recompute(operation)
    out.write(
        f"sweeps: {len(shapes)} areas, {located} persons and leads placed, {visits} visits, "
        f"{counts['due']} areas due again (synthetic)"
    )


def _villages(center: tuple[float, float]) -> list[geometry.Shape]:
    shapes, used = [], set()
    # The villages and towns of the region (Armenia's side of the crossing is not swept).
    places = Place.objects.filter(kind__in=("village", "town"), country_code="AZ")
    places = places.order_by("-population", "name")
    for place in places:
        km = great_circle_km(center, (place.lat, place.lon))
        if not (TOWN_RADIUS_M / 1000 + 1 < km <= VILLAGE_KM):
            continue
        code = "V-" + "".join(ch for ch in place.name.upper() if ch.isalnum())[:16]
        if code in used:
            continue
        used.add(code)
        radius = 500 if place.population < 2000 else 900
        shapes.append(geometry.village(code, place.name, place.lat, place.lon, radius, place.pk))
    return shapes


@transaction.atomic
def _place_people(operation: Operation, center: tuple[float, float], rng: random.Random) -> int:
    """Demo persons and leads carry only a place: give them a point near it, and their area."""
    from stranded.tracing.models import Lead, Person

    locator = locator_for(operation)
    changed = 0
    for model in (Person, Lead):
        rows = list(
            model.objects.filter(operation=operation, lat__isnull=True).select_related("place")  # type: ignore[attr-defined]
        )
        for row in rows:
            base = (row.place.lat, row.place.lon) if row.place else None
            if base is None or great_circle_km(base, center) < 3:
                base, spread = center, 0.018  # the town: anywhere in it
            else:
                spread = 0.004
            row.lat = base[0] + rng.uniform(-spread, spread)
            row.lon = base[1] + rng.uniform(-spread, spread) * 1.3
            area_id = locator.find(row.lat, row.lon)
            row.area_id = area_id
            changed += area_id is not None
        model.objects.bulk_update(rows, ["lat", "lon", "area"], batch_size=2000)  # type: ignore[attr-defined]
    return changed


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@transaction.atomic
def _two_days(
    operation: Operation, center: tuple[float, float], rng: random.Random, small: bool
) -> int:
    teams = list(Team.objects.filter(operation=operation).order_by("name"))
    if not teams:
        return 0
    coordinator = Membership.objects.filter(operation=operation, role="coordinator").first()
    by = coordinator.user if coordinator else None
    now = clock.now(operation)
    cells = sorted(
        Area.objects.filter(operation=operation, kind="cell"),
        key=lambda a: great_circle_km(center, (a.center_lat, a.center_lon)),
    )
    villages = list(Area.objects.filter(operation=operation, kind="village"))
    swept = cells[: int(len(cells) * 0.55)] + villages[:3]
    visits = 0
    for number, area in enumerate(swept):
        team = teams[number % len(teams)]
        when = now - timedelta(hours=rng.uniform(4, 47))
        visits += _visits(operation, area, team, when, rng, 2 if small else rng.randint(2, 6))
        outcome = {
            "visits": area.visits.count(),
            "persons": VisitPerson.objects.filter(visit__area=area).count(),
        }
        Area.objects.filter(pk=area.pk).update(
            state=AreaState.SWEPT, last_swept_at=when, last_swept_by=team, last_outcome=outcome
        )
        AreaEvent.objects.bulk_create(
            [
                AreaEvent(
                    area=area, verb="assigned", team=team, by=by, at=when - timedelta(hours=2)
                ),
                AreaEvent(area=area, verb="swept", team=team, by=by, at=when, detail=outcome),
            ]
        )
    # Now: each team holds a few cells next to what it swept, one of them begun.
    following = cells[len(swept) - 3 : len(swept) - 3 + 4 * len(teams)]
    for number, area in enumerate(following):
        team = teams[number % len(teams)]
        assign_area(area=area, team=team, by=by, hours=8)  # type: ignore[arg-type]
        if number < len(teams):
            visits += _visits(operation, area, team, now - timedelta(minutes=40), rng, 2)
            Area.objects.filter(pk=area.pk).update(state=AreaState.IN_PROGRESS)
    record_event(actor=None, verb="demo.sweeps_seeded", target=operation, detail={"visits": visits})
    return visits


def _visits(
    operation: Operation, area: Area, team: Team, when: Any, rng: random.Random, count: int
) -> int:
    from stranded.tracing.models import Person

    residents = list(Person.objects.filter(area=area, merged_into__isnull=True)[:count])
    for number in range(count):
        at = when - timedelta(minutes=12 * number)
        outcome = _pick(rng, OUTCOMES)
        if outcome == "persons_present" and not residents:
            outcome = "empty"
        text = f"{rng.choice(STREETS)} {rng.randint(1, 80)}"
        lat = area.center_lat + rng.uniform(-0.0008, 0.0008)
        lon = area.center_lon + rng.uniform(-0.001, 0.001)
        utilities = {u: _pick(rng, UTILITY) for u in ("electricity", "water", "gas")}
        if outcome in ("no_answer", "empty", "refused"):
            utilities = dict.fromkeys(utilities, "unknown")
        address, _ = Address.objects.get_or_create(
            operation=operation,
            key=address_key(text, area),
            defaults={"area": area, "text": text, "lat": lat, "lon": lon},
        )
        Address.objects.filter(pk=address.pk).update(
            last_visit_at=at, last_outcome=outcome, **utilities
        )
        needs, animals = [], []
        if outcome == "persons_present":
            needs = [
                {"kind": k, "urgency": rng.choice(("medium", "high", "critical")), "note": ""}
                for k in rng.sample(NEEDS, rng.randint(1, 3))
            ]
        if rng.random() < 0.25:
            animals = [
                {
                    "species": rng.choice(ANIMALS),
                    "count": rng.randint(1, 5),
                    "condition": rng.choice(("thin", "injured", "well")),
                    "needs": rng.sample(("food", "water", "veterinary_care"), 1),
                }
            ]
        visit = Visit.objects.create(
            operation=operation,
            area=area,
            address=address,
            team=team,
            visited_at=at,
            lat=lat,
            lon=lon,
            outcome=outcome,
            needs=needs,
            animals=animals,
            remains=[{"count": 1, "condition": "", "effects": ""}]
            if outcome == "deceased_found"
            else [],
            **utilities,
        )
        if outcome == "persons_present":
            person = residents.pop()
            VisitPerson.objects.create(
                visit=visit,
                person=person,
                condition=rng.choice(("well", "needs_care", "critical")),
                wants_to_leave=rng.random() < 0.4,
            )
    return count
