"""Validation of sightings, actions, partners, pet inquiries and a visit's animals, shared by
pages and API.

Each form checks a plain dict with `XForm.check(data)`: the cleaned values, or InputError naming
every field at fault (core.inputs).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stranded.animals.models import NEEDS, AnimalAction, Condition, Species
from stranded.core.inputs import (
    Choice,
    Flag,
    InputForm,
    Moment,
    Point,
    Text,
    Whole,
    Words,
    check_rows,
)
from stranded.lib.fold import fold

# Words field teams write for species and condition (visits carry free text).
SPECIES_WORDS = {
    "dog": "dog", "dogs": "dog", "puppy": "dog", "puppies": "dog", "sobaka": "dog",
    "cat": "cat", "cats": "cat", "kitten": "cat", "kittens": "cat", "koshka": "cat",
    "horse": "horse", "horses": "horse", "donkey": "other", "cow": "cow", "cows": "cow",
    "cattle": "cow", "calf": "cow", "sheep": "sheep_goat", "goat": "sheep_goat",
    "goats": "sheep_goat", "sheep goat": "sheep_goat", "sheep_goat": "sheep_goat",
    "chicken": "chickens", "chickens": "chickens", "hens": "chickens", "poultry": "chickens",
}  # fmt: skip
CONDITION_WORDS = {"well": "healthy", "ok": "healthy", "good": "healthy", "fine": "healthy",
                   "": "unknown", "weak": "thin", "hungry": "thin", "wounded": "injured",
                   "ill": "sick", "deceased": "dead"}  # fmt: skip


def species_of(text: str) -> tuple[str, str]:
    """(species, species_other) from a choice value or a team's free text."""
    value = text.strip()
    if value in Species.values:
        return value, ""
    key = fold(value)
    if key in SPECIES_WORDS:
        species = SPECIES_WORDS[key]
        return species, value[:60] if species == Species.OTHER else ""
    return Species.OTHER, value[:60]


def condition_of(text: str) -> str:
    value = text.strip().lower()
    if value in Condition.values:
        return value
    return CONDITION_WORDS.get(value, Condition.UNKNOWN)


class WhichSpecies(InputForm):
    """The species, and which animal when it is 'other' (mixed into sightings and inquiries)."""

    species = Choice(Species.values)
    species_other = Text(60)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("species") == Species.OTHER:
            if not cleaned.get("species_other"):
                self.fault("species_other", _("say which animal when the species is 'other'"))
        elif "species_other" in cleaned:
            cleaned["species_other"] = ""
        return cleaned


class SightingForm(Point, WhichSpecies):
    count = Whole(1, 1000, default=1)
    condition = Choice(Condition.values, Condition.UNKNOWN)
    address = Text(60)
    area = Text(40)
    place_text = Text(300)
    owner_known = Flag()
    owner_name = Text(200)
    owner_contact = Text(200)
    colour = Text(100)
    markings = Text(300)
    needs = Words(NEEDS)
    seen_at = Moment()
    notes = Text(2000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("owner_name") or cleaned.get("owner_contact"):
            cleaned["owner_known"] = True
        if cleaned.get("condition") == Condition.DEAD and cleaned.get("needs"):
            self.fault("needs", _("a dead animal has no needs"))
        return cleaned


class AnimalActionForm(InputForm):
    kind = Choice(AnimalAction.Kind.values)
    partner = Text(60)
    taken_to = Text(200)
    note = Text(2000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == AnimalAction.Kind.REFERRED and not cleaned.get("partner"):
            self.fault("partner", _("choose the partner the animal is referred to"))
        if kind == AnimalAction.Kind.RESCUED and not cleaned.get("taken_to"):
            self.fault("taken_to", _("say where the animal was taken"))
        return cleaned


class PartnerForm(InputForm):
    name = Text(200, required=True)
    contact = Text(300)
    species = Words(Species.values)


class PetInquiryForm(Point, WhichSpecies):
    field_order = ["inquirer_name"]  # the inquirer first, then the animal, then where

    inquirer_name = Text(200, required=True)
    inquirer_contact = Text(200)
    animal_name = Text(100)
    colour = Text(100)
    markings = Text(300)
    breed = Text(100)
    address = Text(60)
    address_text = Text(300)
    place = Text(60)


class VisitAnimalForm(InputForm):
    """One animal of a visit: species as the team wrote it, how many, condition, needs."""

    species = Text(60, required=True)
    count = Whole(1, 1000, default=1)
    condition = Text(100)
    needs = Words(NEEDS)


def clean_visit_animals(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's `animals` list, each row checked (faults named `animals[2].species`)."""
    return check_rows(data, "animals", VisitAnimalForm)
