"""Demo evacuation: requests in Khankendi and the villages, a fleet, the Hakari bridge crossing,
a plan computed here (a few seconds) and published; the demo driver drives Minibus 1.

Requests come first from the demo visits that met someone who wants to leave, then from the
demo's located persons grouped in households; new persons only if those run out.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from stranded.core import clock
from stranded.core.models import Membership, Operation
from stranded.evacuation.actions.plans import compute_plan, start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request, person_mobility, visit_point
from stranded.evacuation.models import Destination, EvacuationRequest, Plan, PlanStatus, Vehicle
from stranded.places.models import Place

HAKARI = ("Hakari bridge crossing", 39.5140, 46.5560)
KORNIDZOR = ("Kornidzor reception point", 39.5470, 46.5280)
FLEET = [
    ("Bus", "bus", 3, 45, 0, 0),
    ("Minibus", "minibus", 4, 18, 1, 0),
    ("Ambulance", "ambulance", 3, 2, 0, 2),
]
HOUSEHOLD = [(1, 50), (2, 35), (3, 15)]


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if Vehicle.objects.filter(operation=operation).exists():
        out.write("evacuation: the demo fleet exists already; kept as it is")
        return
    rng = random.Random(1915)
    crossing = _destinations(operation)
    _fleet(operation)
    target = 60 if small else 300
    created = _from_visits(operation, rng, target) + _from_persons(operation, rng, target)
    coordinator = Membership.objects.filter(operation=operation, role="coordinator").first()
    by = coordinator.user if coordinator else None
    starts = clock.now(operation).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    plan = start_plan(
        operation=operation,
        by=by,
        seconds=3 if small else 12,
        settings={
            "destination": crossing,
            "starts_at": starts,
            "horizon_minutes": 600,
            "board_minutes": 3,
        },
    )
    plan = compute_plan(plan=plan)  # here and now: the demo has no worker to wait for
    if plan.status == PlanStatus.DONE:
        plan = publish_plan(plan=plan, by=by)
    vehicles = Vehicle.objects.filter(operation=operation).count()
    out.write(
        f"evacuation: {created} requests, {vehicles} vehicles, plan {plan.status}: "
        f"{plan_summary(plan)} (synthetic)"
    )


def _destinations(operation: Operation) -> Destination:
    crossing = Place.objects.filter(kind="crossing", name__icontains="Hakari").first()
    reception = Place.objects.filter(name__icontains="Kornidzor", kind="facility").first()
    name, lat, lon = HAKARI
    hakari = Destination.objects.create(
        operation=operation,
        name=name,
        kind="crossing",
        place=crossing,
        lat=crossing.lat if crossing else lat,
        lon=crossing.lon if crossing else lon,
        unload_minutes=15,
        receiving_organisation="Armenian Red Cross Society",
    )
    name, lat, lon = KORNIDZOR
    Destination.objects.create(
        operation=operation,
        name=name,
        kind="reception",
        place=reception,
        lat=reception.lat if reception else lat,
        lon=reception.lon if reception else lon,
        unload_minutes=20,
        receiving_organisation="Ministry of Emergency Situations (Armenia)",
    )
    return hakari


def _fleet(operation: Operation) -> None:
    driver = Membership.objects.filter(operation=operation, role="driver").first()
    base = (operation.center_lat, operation.center_lon)
    for label, kind, count, seats, wheelchair, stretcher in FLEET:
        for number in range(1, count + 1):
            Vehicle.objects.create(
                operation=operation,
                name=f"{label} {number}",
                kind=kind,
                seats=seats,
                wheelchair=wheelchair,
                stretcher=stretcher,
                base_lat=base[0],
                base_lon=base[1],
                driver=driver.user if driver and label == "Minibus" and number == 1 else None,
            )


def _from_visits(operation: Operation, rng: random.Random, target: int) -> int:
    from stranded.sweeps.models import VisitPerson

    met = (
        VisitPerson.objects.filter(visit__operation=operation, wants_to_leave=True)
        .select_related("visit__address", "visit__area", "person")
        .order_by("visit__visited_at", "pk")
    )
    count = 0
    for vp in met[:target]:
        lat, lon = visit_point(vp.visit)
        consent = rng.random() < 0.85  # some said they want to leave but have not agreed yet
        create_request(
            operation=operation,
            by=None,
            lat=lat,
            lon=lon,
            consent=consent,
            persons=[(vp.person, person_mobility(vp.person, vp.mobility))],
            visit=vp.visit,
            address=vp.visit.address.text if vp.visit.address else "",
            medical_priority=2 if vp.condition == "critical" else 0,
        )
        count += 1
    return count


def _from_persons(operation: Operation, rng: random.Random, target: int) -> int:
    from stranded.tracing.models import Person

    left = target - EvacuationRequest.objects.filter(operation=operation).count()
    if left <= 0:
        return 0
    taken = EvacuationRequest.objects.filter(operation=operation).values("persons")
    persons = list(
        Person.objects.filter(
            operation=operation,
            merged_into__isnull=True,
            source="field",
            lat__isnull=False,
            status__in=("located", "believed_alive"),
        )
        .exclude(pk__in=taken)
        .order_by("area_id", "family_name", "given_name", "birth_year")[: left * 3]
    )
    if not persons:
        persons = _new_persons(operation, rng, left * 2)
    sizes, weights = zip(*HOUSEHOLD, strict=True)
    count = 0
    while persons and count < left:
        size = rng.choices(sizes, weights)[0]
        household, persons = persons[:size], persons[size:]
        head = household[0]
        create_request(
            operation=operation,
            by=None,
            lat=head.lat or 0.0,
            lon=head.lon or 0.0,
            consent=True,
            persons=[(p, person_mobility(p)) for p in household],
            address=head.address,
            pickup_place=head.place,
            medical_priority=1 if any(p.oxygen_or_dialysis for p in household) else 0,
        )
        count += 1
    return count


def _new_persons(operation: Operation, rng: random.Random, count: int) -> list[Any]:
    from stranded.tracing.actions import record_person

    lat, lon = operation.center_lat or 39.8155, operation.center_lon or 46.7519
    given = ("Arsen", "Anahit", "Gor", "Siranush", "Levon", "Gayane", "Hrant", "Lusine")
    family = ("Hakobyan", "Grigoryan", "Avetisyan", "Petrosyan", "Sargsyan", "Harutyunyan")
    return [
        record_person(
            operation=operation,
            source="field",
            status="located",
            by=None,
            data={
                "given_name": rng.choice(given),
                "family_name": rng.choice(family),
                "lat": lat + rng.uniform(-0.02, 0.02),
                "lon": lon + rng.uniform(-0.025, 0.025),
            },
        )
        for _ in range(count)
    ]


def plan_summary(plan: Plan) -> str:
    """What the plan achieves, each figure for the same persons (as on the plan page)."""
    figures = plan.result.get("figures", {})
    window = figures.get("window_minutes")
    said = (
        f"{plan.evacuated} of {plan.persons} persons out within the {window}-minute window "
        f"by minute {plan.makespan_minutes} (for them: lower bound "
        f"{plan.lower_bound_minutes}, hand plan {plan.greedy_makespan_minutes})"
    )
    if figures and not figures["everyone"]:
        said += (
            f"; everyone would need at least {figures['bound_all_minutes']} min, "
            f"the hand plan gets {figures['hand_in_window_persons']} out in it"
        )
    return said
