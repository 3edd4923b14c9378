"""Demo population: synthetic persons and inquiries whose names vary the way real ones do.

About 20,000 persons known to the operation (found in the field, evacuated, some deceased) and
2,000 inquiries from families; most inquiries are about someone already known, written in
another script or spelling, with typos, no father's name, an age instead of a date. The truth
(which inquiry is about which known person) goes to `STRANDED_DATA_DIR/demo-truth.csv`, so the
matches the demo shows can be checked.
"""

from __future__ import annotations

import csv
import random
from typing import Any

from django.conf import settings
from django.db import transaction

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Operation
from stranded.places.models import Place
from stranded.places.search import search_places
from stranded.tracing.actions import complete_follow_up, confirm_match, open_inquiry
from stranded.tracing.matching.synthetic import Person as Synthetic
from stranded.tracing.matching.synthetic import population, record
from stranded.tracing.models import (
    VULNERABILITIES,
    FollowUp,
    Match,
    Person,
    PersonStatus,
    Source,
    StatusChange,
    system_reason,
)

STATUSES = [
    (PersonStatus.LOCATED, 0.55), (PersonStatus.BELIEVED_ALIVE, 0.15),
    (PersonStatus.EVACUATION_REQUESTED, 0.1), (PersonStatus.EVACUATED, 0.1),
    (PersonStatus.DECLINED_EVACUATION, 0.07), (PersonStatus.DECEASED, 0.03),
]  # fmt: skip
RELATIONS = ("daughter", "son", "brother", "sister", "niece", "neighbour", "grandson")


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if Person.objects.filter(operation=operation).exists():
        out.write("tracing: the demo persons exist already; kept as they are")
        return
    known = 2_000 if small else 20_000
    inquiries = known // 10
    rng = random.Random(2023)
    people = population(known + inquiries, seed=2023)
    places = _places(operation, people)
    persons = _known_persons(operation, people[:known], places, rng)
    truth = _inquiries(operation, people, known, inquiries, places, persons, rng)
    _write_truth(truth)
    told = _confirmed(operation, truth)
    out.write(
        f"tracing: {len(persons)} persons and {inquiries} inquiries, {told} obvious matches "
        f"confirmed and their families to tell (synthetic)"
    )


def _places(operation: Operation, people: list[Synthetic]) -> dict[str, Place | None]:
    near = (operation.center_lat or 39.8155, operation.center_lon or 46.7519)
    found: dict[str, Place | None] = {}
    for name in {p.place for p in people}:
        hits = search_places(name, limit=1, near=near)
        found[name] = Place.objects.filter(pk=hits[0]["id"]).first() if hits else None
    return found


@transaction.atomic
def _known_persons(
    operation: Operation,
    people: list[Synthetic],
    places: dict[str, Place | None],
    rng: random.Random,
) -> dict[str, Person]:
    statuses, weights = zip(*STATUSES, strict=True)
    now = clock.now(operation)
    rows = []
    for person in people:
        data = record(person, person.key, rng)
        row = Person(
            operation=operation,
            given_name=data.given_name,
            family_name=data.family_name,
            father_name=data.father_name,
            sex=data.sex,
            birth_year=data.birth_year,
            place=places.get(person.place),
            address=data.address,
            source=Source.FIELD,
            status=rng.choices(statuses, weights)[0],
            consent_tracing=rng.random() < 0.9,
            created_at=now,
        )
        if data.birth_date:
            from datetime import date

            row.birth_date = date.fromisoformat(data.birth_date)
        for flag in VULNERABILITIES:
            setattr(row, flag, rng.random() < 0.06)
        rows.append(row)
    Person.objects.bulk_create(rows, batch_size=2000)
    StatusChange.objects.bulk_create(
        [
            StatusChange(person=p, status=p.status, at=now, reason=system_reason("demo"))
            for p in rows
        ],
        batch_size=2000,
    )
    record_event(actor=None, verb="demo.persons_seeded", detail={"count": len(rows)})
    return {person.key: row for person, row in zip(people, rows, strict=True)}


def _inquiries(
    operation: Operation,
    people: list[Synthetic],
    known: int,
    count: int,
    places: dict[str, Place | None],
    persons: dict[str, Person],
    rng: random.Random,
) -> list[tuple[str, str, str]]:
    from stranded.core.models import Membership

    officer = Membership.objects.filter(operation=operation, role="tracing_officer").first()
    by = officer.user if officer else None
    truth = []
    for number in range(count):
        # Two in three inquiries are about someone the team has already found.
        person = people[rng.randrange(known)] if rng.random() < 0.67 else people[known + number]
        data = record(person, f"inquiry-{number}", rng)
        sought: dict[str, Any] = {
            "given_name": data.given_name,
            "family_name": data.family_name,
            "father_name": data.father_name,
            "sex": data.sex,
            "address": data.address,
            "place": places.get(person.place),
        }
        if data.birth_approximate and data.birth_year:
            # an age is said today (the operation's today): the birth year it gives is the same
            sought["age_years"] = clock.today(operation).year - data.birth_year
        elif data.birth_year:
            sought["birth_year"] = data.birth_year
        inquiry = open_inquiry(
            operation=operation,
            by=by,  # type: ignore[arg-type]
            inquirer={
                "name": "(synthetic caller)",
                "contact": f"+374 00 {number:06d}",  # no such operator: never a real phone
                "relation": rng.choice(RELATIONS),
            },
            sought=sought,
            channel=rng.choice(("phone", "phone", "form", "partner")),
        )
        known_person = persons.get(person.key)
        truth.append(
            (
                inquiry.reference,
                str(inquiry.sought_id),
                str(known_person.pk) if known_person else "",
            )
        )
    return truth


def _confirmed(operation: Operation, truth: list[tuple[str, str, str]]) -> int:
    """A few obvious matches confirmed (the synthetic truth agrees): their families are to be
    told (one was told already)."""
    from stranded.core.models import Membership

    officer = Membership.objects.filter(operation=operation, role="tracing_officer").first()
    if officer is None:
        return 0
    right_for = {sought: known for _reference, sought, known in truth if known}
    likely = Match.objects.filter(
        operation=operation, band="likely", decision="pending", inquiry__isnull=False
    ).order_by("-probability", "pk")
    chosen: list[Match] = []
    seen: set[Any] = set()
    for match in likely[:100]:
        pair = {match.left_id, match.right_id}
        if right_for.get(str(match.left_id)) == str(match.right_id) and not pair & seen:
            chosen.append(match)
            seen |= pair
        if len(chosen) == 4:
            break
    for match in chosen:
        confirm_match(match=match, by=officer.user)
    first = FollowUp.objects.filter(operation=operation).order_by("created_at").first()
    if first is not None:
        outcome = "Phoned the caller: told that the person was found (synthetic)"
        complete_follow_up(follow_up=first, outcome=outcome, by=officer.user)
    return len(chosen)


def _write_truth(truth: list[tuple[str, str, str]]) -> None:
    path = settings.DATA_DIR / "demo-truth.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["inquiry", "sought_person", "known_person"])
        writer.writerows(truth)
