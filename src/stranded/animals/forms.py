"""Validation of sightings, actions, partners and pet inquiries, shared by pages and API.

Each `clean_*` takes a plain dict and returns it cleaned, or raises AnimalError naming the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from stranded.animals.models import NEEDS, AnimalAction, Condition, Species
from stranded.core import clock
from stranded.lib.fold import fold
from stranded.sweeps.forms import VisitError, nested, visit_items, whole


class AnimalError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


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


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    return str(data.get(key) or "").strip()[:limit]


def _choice(data: dict[str, Any], key: str, allowed: Any, default: str = "") -> str:
    value = str(data.get(key) or default).strip()
    if value not in [str(v) for v in allowed]:
        raise AnimalError(
            key,
            _("'%(value)s' is not one of %(join)s")
            % {"value": value, "join": ", ".join(str(v) for v in allowed)},
        )
    return value


def _float(data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise AnimalError(key, _("'%(value)s' is not a number") % {"value": value}) from None
    if not low <= number <= high:
        raise AnimalError(
            key,
            _("%(number)s is outside %(low)s..%(high)s")
            % {"number": number, "low": low, "high": high},
        )
    return number


def _count(data: dict[str, Any]) -> int:
    value = data.get("count")
    if value in (None, ""):
        return 1
    try:
        number = int(str(value))
    except ValueError:
        raise AnimalError(
            "count", _("'%(value)s' is not a whole number") % {"value": value}
        ) from None
    if not 1 <= number <= 1000:
        raise AnimalError("count", _("%(number)s is outside 1..1000") % {"number": number})
    return number


def _bool(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on", "y")


def _when(data: dict[str, Any], key: str) -> datetime:
    value = data.get(key) or clock.now()
    moment = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
    if moment is None:
        raise AnimalError(
            key, _("'%(value)s' is not a date and time (ISO 8601)") % {"value": value}
        )
    if timezone.is_naive(moment):
        raise AnimalError(key, _("the time zone is missing"))
    if moment > timezone.now() + timedelta(minutes=10):
        raise AnimalError(key, _("is in the future"))
    return moment


def _needs(data: dict[str, Any]) -> list[str]:
    needs = data.get("needs") or []
    if isinstance(needs, str):
        needs = needs.replace(",", " ").split()
    if not isinstance(needs, list):
        raise AnimalError("needs", _("must be a list"))
    for need in needs:
        if need not in NEEDS:
            raise AnimalError(
                "needs",
                _("'%(need)s' is not one of %(join)s") % {"need": need, "join": ", ".join(NEEDS)},
            )
    return list(dict.fromkeys(needs))


def _species(data: dict[str, Any]) -> tuple[str, str]:
    species = _choice(data, "species", Species.values)
    other = _text(data, "species_other", 60)
    if species == Species.OTHER and not other:
        raise AnimalError("species_other", _("say which animal when the species is 'other'"))
    return species, other if species == Species.OTHER else ""


def _point(data: dict[str, Any]) -> tuple[float | None, float | None]:
    lat, lon = _float(data, "lat", -90, 90), _float(data, "lon", -180, 180)
    if (lat is None) != (lon is None):
        raise AnimalError("lat", _("latitude and longitude come together"))
    return lat, lon


def clean_sighting(data: dict[str, Any]) -> dict[str, Any]:
    species, other = _species(data)
    lat, lon = _point(data)
    cleaned = {
        "species": species,
        "species_other": other,
        "count": _count(data),
        "condition": _choice(data, "condition", Condition.values, Condition.UNKNOWN),
        "address": _text(data, "address", 60),
        "area": _text(data, "area", 40),
        "place_text": _text(data, "place_text", 300),
        "lat": lat,
        "lon": lon,
        "owner_known": _bool(data.get("owner_known")),
        "owner_name": _text(data, "owner_name", 200),
        "owner_contact": _text(data, "owner_contact", 200),
        "colour": _text(data, "colour", 100),
        "markings": _text(data, "markings", 300),
        "needs": _needs(data),
        "seen_at": _when(data, "seen_at"),
        "notes": _text(data, "notes", 2000),
    }
    if (cleaned["owner_name"] or cleaned["owner_contact"]) and not cleaned["owner_known"]:
        cleaned["owner_known"] = True
    if cleaned["condition"] == Condition.DEAD and cleaned["needs"]:
        raise AnimalError("needs", _("a dead animal has no needs"))
    return cleaned


def clean_action(data: dict[str, Any]) -> dict[str, Any]:
    kind = _choice(data, "kind", AnimalAction.Kind.values)
    cleaned = {
        "kind": kind,
        "partner": _text(data, "partner", 60),
        "taken_to": _text(data, "taken_to", 200),
        "note": _text(data, "note", 2000),
    }
    if kind == AnimalAction.Kind.REFERRED and not cleaned["partner"]:
        raise AnimalError("partner", _("choose the partner the animal is referred to"))
    if kind == AnimalAction.Kind.RESCUED and not cleaned["taken_to"]:
        raise AnimalError("taken_to", _("say where the animal was taken"))
    return cleaned


def clean_partner(data: dict[str, Any]) -> dict[str, Any]:
    name = _text(data, "name", 200)
    if not name:
        raise AnimalError("name", _("is required"))
    species = data.get("species") or []
    if isinstance(species, str):
        species = species.replace(",", " ").split()
    for value in species:
        if value not in Species.values:
            raise AnimalError(
                "species",
                _("'%(value)s' is not one of %(join)s")
                % {"value": value, "join": ", ".join(Species.values)},
            )
    return {"name": name, "contact": _text(data, "contact", 300), "species": list(species)}


def clean_pet_inquiry(data: dict[str, Any]) -> dict[str, Any]:
    name = _text(data, "inquirer_name", 200)
    if not name:
        raise AnimalError("inquirer_name", _("is required"))
    species, other = _species(data)
    lat, lon = _point(data)
    return {
        "inquirer_name": name,
        "inquirer_contact": _text(data, "inquirer_contact", 200),
        "species": species,
        "species_other": other,
        "animal_name": _text(data, "animal_name", 100),
        "colour": _text(data, "colour", 100),
        "markings": _text(data, "markings", 300),
        "breed": _text(data, "breed", 100),
        "address": _text(data, "address", 60),
        "address_text": _text(data, "address_text", 300),
        "place": _text(data, "place", 60),
        "lat": lat,
        "lon": lon,
    }


def clean_visit_animals(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's `animals` list: species as written, how many, condition, what they need."""
    return visit_items(data, "animals", _visit_animal)


def _visit_animal(data: dict[str, Any], index: int) -> dict[str, Any]:
    try:
        needs = data.get("needs") or []
        if isinstance(needs, str):
            needs = needs.split()
        for need in needs:
            if need not in NEEDS:
                raise VisitError(
                    "needs",
                    _("'%(need)s' is not one of %(join)s")
                    % {"need": need, "join": ", ".join(NEEDS)},
                )
        species = str(data.get("species") or "").strip()[:60]
        if not species:
            raise VisitError("species", _("is required"))
        return {
            "species": species,
            "count": whole(data, "count", low=1, high=1000) or 1,
            "condition": str(data.get("condition") or "").strip()[:100],
            "needs": list(needs),
        }
    except VisitError as error:
        raise nested(f"animals[{index + 1}]", error) from None
