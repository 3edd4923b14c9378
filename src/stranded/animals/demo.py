"""Demo animals: sightings from the demo visits, three partners, actions on half the sightings,
and three pet inquiries, one of them about a dog the teams have seen (synthetic data)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from stranded.animals.actions import (
    open_pet_inquiry,
    record_action,
    save_partner,
    sightings_from_visit,
)
from stranded.animals.models import Condition, Sighting, Species
from stranded.core.audit import record_event
from stranded.core.inputs import InputError
from stranded.core.models import Membership, Operation, User
from stranded.sweeps.models import Visit

PARTNERS = [
    {"name": "Stepanakert stray animal shelter", "contact": "shelter desk (demo)",
     "species": ["dog", "cat"]},
    {"name": "Animal welfare NGO (regional, demo)", "contact": "hotline (demo)", "species": []},
    {"name": "Livestock collection point Kornidzor (demo)", "contact": "radio channel 4",
     "species": ["horse", "cow", "sheep_goat", "chickens"]},
]  # fmt: skip
COLOURS = ("black", "white", "brown", "grey", "ginger", "black and white", "spotted", "bay")
MARKINGS = ("", "", "white patch on chest", "torn left ear", "red collar", "limps")
INQUIRIES = [
    {"inquirer_name": "Demo inquirer Anahit", "species": "cat", "animal_name": "Mko",
     "colour": "рыжий", "markings": "white paws", "address_text": "Mashtots 12"},
    {"inquirer_name": "Demo inquirer Hayk", "species": "horse", "animal_name": "Nazar",
     "colour": "գորշ", "address_text": "near the school"},
]  # fmt: skip


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if Sighting.objects.filter(operation=operation).exists():
        out.write("animals: the demo sightings exist already; kept as they are")
        return
    rng = random.Random(6006)
    membership = Membership.objects.filter(operation=operation, role="coordinator").first()
    if membership is None:
        out.write("animals: no coordinator in the demo operation; skipped")
        return
    by = membership.user
    partners = [save_partner(operation=operation, data=p, by=by) for p in PARTNERS]
    sightings = _from_visits(operation, rng)
    acted = _actions(sightings, partners, rng, by)
    inquiries = _inquiries(operation, sightings, by)
    record_event(
        actor=None,
        verb="demo.animals_seeded",
        target=operation,
        detail={"sightings": len(sightings), "actions": acted},
    )
    out.write(
        f"animals: {len(sightings)} sightings from visits, {len(partners)} partners, "
        f"{acted} actions, {inquiries} pet inquiries (synthetic)"
    )


@transaction.atomic
def _from_visits(operation: Operation, rng: random.Random) -> list[Sighting]:
    visits = (
        Visit.objects.filter(operation=operation)
        .exclude(animals=[])
        .select_related("address", "area", "team")
        .order_by("visited_at", "id")
    )
    sightings: list[Sighting] = []
    for visit in visits:
        for sighting in sightings_from_visit(visit=visit, by=None):
            # Demo visits carry no colours: give the animals some, so that pets can be matched.
            sighting.colour = rng.choice(COLOURS)
            sighting.markings = rng.choice(MARKINGS)
            sighting.save(update_fields=["colour", "markings"])
            sightings.append(sighting)
    return sightings


def _action_for(sighting: Sighting, partners: list[Any], rng: random.Random) -> dict[str, Any]:
    if sighting.needs_food:
        return {"kind": "fed", "note": "dry food left"}
    if sighting.needs_water:
        return {"kind": "watered"}
    takers = [p for p in partners if p.handles(sighting.species)]
    if takers and rng.random() < 0.5:
        return {"kind": "referred", "partner": str(rng.choice(takers).pk)}
    if sighting.needs_veterinary:
        return {"kind": "vet_care", "note": "wound cleaned"}
    return {"kind": "rescued", "taken_to": "Team base courtyard"}


@transaction.atomic
def _actions(sightings: list[Sighting], partners: list[Any], rng: random.Random, by: User) -> int:
    done = 0
    for sighting in sightings[::2]:
        if sighting.condition == Condition.DEAD:
            continue
        try:
            record_action(sighting=sighting, data=_action_for(sighting, partners, rng), by=by)
            done += 1
        except InputError:
            continue
    return done


@transaction.atomic
def _inquiries(operation: Operation, sightings: list[Sighting], by: User) -> int:
    dog = next(
        (
            s
            for s in sightings
            if s.species == Species.DOG
            and s.lat is not None
            and s.status != Sighting.Status.RESOLVED
        ),
        None,
    )
    data: list[dict[str, Any]] = [dict(item) for item in INQUIRIES]
    if dog is not None:
        # Sought by a family who left from the same street: the demo's matching inquiry.
        data.append(
            {
                "inquirer_name": "Demo inquirer Lusine",
                "species": "dog",
                "animal_name": "Sev",
                "colour": dog.colour,
                "markings": dog.markings or "",
                "address_text": dog.place_text,
                "lat": round(dog.lat + 0.001, 6),  # type: ignore[operator]
                "lon": dog.lon,
            }
        )
    # The horse was kept where the teams have seen horses: its last known place is that area.
    area = next((s.area for s in sightings if s.area and s.species == Species.HORSE), None)
    if area is not None:
        data[1].update(
            lat=round(area.center_lat, 6),
            lon=round(area.center_lon, 6),
            address_text=f"{area.name or area.code}, near the school",
        )
    for item in data:
        open_pet_inquiry(operation=operation, data=item, by=by)
    return len(data)
