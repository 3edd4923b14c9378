"""Every change of sightings, partners and pet inquiries: atomic, audited.

Sighting status: open -> in care (rescued, vet care) -> referred (to a partner) -> resolved
(owner found); fed and watered close those needs and leave the status as it is. A resolved
sighting takes no more actions. New sightings and new pet inquiries are matched at once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.animals import matching
from stranded.animals.forms import (
    AnimalActionForm,
    PartnerForm,
    PetInquiryForm,
    SightingForm,
    condition_of,
    species_of,
)
from stranded.animals.models import (
    AnimalAction,
    AnimalPartner,
    Condition,
    PetCandidate,
    PetInquiry,
    Sighting,
)
from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.http import reference
from stranded.core.inputs import InputError
from stranded.core.models import Operation, User
from stranded.core.roles import Perm
from stranded.lib.fold import fold
from stranded.places.locate import area_for
from stranded.places.models import Address, Area
from stranded.sweeps.models import Visit

Kind = AnimalAction.Kind
Status = Sighting.Status
# What each action does to the sighting: the status it moves to (None: unchanged), the need met.
EFFECTS: dict[str, tuple[str | None, str | None]] = {
    Kind.FED: (None, "needs_food"),
    Kind.WATERED: (None, "needs_water"),
    Kind.VET_CARE: (Status.IN_CARE, "needs_veterinary"),
    Kind.RESCUED: (Status.IN_CARE, None),
    Kind.REFERRED: (Status.REFERRED, None),
    Kind.OWNER_FOUND: (Status.RESOLVED, None),
}
FOR_THE_LIVING = (Kind.FED, Kind.WATERED, Kind.VET_CARE)


def _place(operation: Operation, cleaned: dict[str, Any], by: User) -> dict[str, Any]:
    """Address, area and coordinates of a new sighting; the recorder's team must hold the area."""
    address = None
    if cleaned["address"]:
        address = Address.objects.filter(
            operation=operation, pk=reference(cleaned["address"], "address")
        ).first()
        if address is None:
            raise InputError("address", _("no such address in this operation"))
    lat, lon = cleaned["lat"], cleaned["lon"]
    if lat is None and address is not None:
        lat, lon = address.lat, address.lon
    area: Area | None = None
    if cleaned["area"]:
        area = Area.objects.filter(operation=operation, code=cleaned["area"]).first()
        if area is None:
            raise InputError(
                "area", _("no area '%(area)s' in this operation") % {"area": cleaned["area"]}
            )
    area = area or (address.area if address else None) or area_for(operation, lat, lon)
    if not by.can(Perm.ASSIGN_AREAS):
        if area is None:
            raise InputError("area", _("give the area, an address or coordinates inside an area"))
        if not Area.objects.held_by(by.team).filter(pk=area.pk).exists():
            raise InputError("area", _("%(code)s is not held by your team") % {"code": area.code})
    return {
        "address": address,
        "area": area,
        "lat": lat,
        "lon": lon,
        "place_text": cleaned["place_text"] or (address.text if address else ""),
    }


@transaction.atomic
def record_sighting(*, operation: Operation, data: dict[str, Any], by: User) -> Sighting:
    cleaned = SightingForm.check(data)
    place = _place(operation, cleaned, by)
    needs = cleaned.pop("needs")
    for key in ("address", "area", "lat", "lon", "place_text"):
        cleaned.pop(key)
    sighting = Sighting.objects.create(
        operation=operation,
        **cleaned,
        **place,
        seen_by=by,
        team=_team(by, operation),
        needs_food="food" in needs,
        needs_water="water" in needs,
        needs_veterinary="veterinary_care" in needs,
    )
    _recorded(sighting, by)
    return sighting


def _team(by: User | None, operation: Operation) -> Any:
    team = by.team if by is not None else None
    return team if team is not None and team.operation_id == operation.pk else None


def _recorded(sighting: Sighting, by: User | None) -> None:
    detail = {
        "species": sighting.species,
        "count": sighting.count,
        "area": sighting.area.code if sighting.area else "",
        "visit": str(sighting.visit_id or ""),
    }
    record_event(actor=by, verb="sighting.recorded", target=sighting, detail=detail)
    match_sighting(sighting)


def sightings_from_visit(*, visit: Visit, by: User | None) -> list[Sighting]:
    """One sighting per animal entry of a visit, where and when the visit was."""
    created = []
    address = visit.address
    lat = visit.lat if visit.lat is not None else (address.lat if address else None)
    lon = visit.lon if visit.lon is not None else (address.lon if address else None)
    for entry in visit.animals:
        species, other = species_of(str(entry.get("species") or ""))
        needs = entry.get("needs") or []
        condition = condition_of(str(entry.get("condition") or ""))
        sighting = Sighting.objects.create(
            operation=visit.operation,
            species=species,
            species_other=other,
            count=int(entry.get("count") or 1),
            condition=condition,
            address=address,
            area=visit.area,
            lat=lat,
            lon=lon,
            place_text=address.text if address else "",
            seen_at=visit.visited_at,
            seen_by=by,
            team=visit.team,
            visit=visit,
            needs_food="food" in needs and condition != Condition.DEAD,
            needs_water="water" in needs and condition != Condition.DEAD,
            needs_veterinary="veterinary_care" in needs and condition != Condition.DEAD,
        )
        _recorded(sighting, by)
        created.append(sighting)
    return created


def _partner(sighting: Sighting, key: str) -> AnimalPartner:
    partner = AnimalPartner.objects.filter(
        operation=sighting.operation_id, pk=reference(key, "partner"), active=True
    ).first()
    if partner is None:
        raise InputError("partner", _("no such partner in this operation"))
    if not partner.handles(sighting.species):
        raise InputError(
            "partner",
            _("%(name)s does not take %(species_label)s")
            % {"name": partner.name, "species_label": sighting.species_label},
        )
    return partner


@transaction.atomic
def record_action(*, sighting: Sighting, data: dict[str, Any], by: User) -> AnimalAction:
    cleaned = AnimalActionForm.check(data)
    sighting = Sighting.objects.select_for_update().get(pk=sighting.pk)
    kind = cleaned["kind"]
    if sighting.status == Status.RESOLVED:
        raise InputError("kind", _("the sighting is resolved; record a new sighting instead"))
    if sighting.condition == Condition.DEAD and kind in FOR_THE_LIVING:
        raise InputError("kind", _("the animal was found dead"))
    partner = _partner(sighting, cleaned["partner"]) if kind == Kind.REFERRED else None
    action = AnimalAction.objects.create(
        sighting=sighting,
        kind=kind,
        partner=partner,
        taken_to=cleaned["taken_to"],
        note=cleaned["note"],
        by=by,
        at=clock.now(clock.of(sighting)),
        team=_team(by, sighting.operation),
    )
    _apply(sighting, kind)
    record_event(
        actor=by,
        verb=f"sighting.{kind}",
        target=sighting,
        detail={
            "action": str(action.pk),
            "status": sighting.status,
            "partner": str(partner.pk) if partner else "",
        },
    )
    return action


def _apply(sighting: Sighting, kind: str) -> None:
    status, need = EFFECTS[kind]
    fields = []
    # Referral outranks care: care given later does not undo a referral.
    undoes_referral = status == Status.IN_CARE and sighting.status == Status.REFERRED
    if status is not None and status != sighting.status and not undoes_referral:
        sighting.status = status
        fields.append("status")
    if need is not None:
        setattr(sighting, need, False)
        fields.append(need)
    if fields:
        sighting.save(update_fields=fields)


@transaction.atomic
def save_partner(*, operation: Operation, data: dict[str, Any], by: User) -> AnimalPartner:
    cleaned = PartnerForm.check(data)
    partner, created = AnimalPartner.objects.update_or_create(
        operation=operation,
        name=cleaned["name"],
        defaults={"contact": cleaned["contact"], "species": cleaned["species"]},
    )
    verb = "animal_partner.created" if created else "animal_partner.updated"
    record_event(actor=by, verb=verb, target=partner, detail={"species": partner.species})
    return partner


def _inquiry_place(operation: Operation, cleaned: dict[str, Any]) -> dict[str, Any]:
    from stranded.places.models import Place

    address = place = None
    if cleaned["address"]:
        address = Address.objects.filter(
            operation=operation, pk=reference(cleaned["address"], "address")
        ).first()
        if address is None:
            raise InputError("address", _("no such address in this operation"))
    if cleaned["place"]:
        place = Place.objects.filter(pk=reference(cleaned["place"], "place")).first()
        if place is None:
            raise InputError("place", _("no place '%(place)s'") % {"place": cleaned["place"]})
    text = cleaned["address_text"] or (address.text if address else "")
    if address is None and text and cleaned["lat"] is None:
        address = _known_address(operation, text)
    return {"address": address, "place": place, "address_text": text}


def _known_address(operation: Operation, text: str) -> Address | None:
    """The swept building a family names, when exactly one in the operation has that name."""
    key = fold(text)
    if not key:
        return None
    found = list(Address.objects.filter(operation=operation, key__endswith=f"|{key}")[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def open_pet_inquiry(*, operation: Operation, data: dict[str, Any], by: User) -> PetInquiry:
    cleaned = PetInquiryForm.check(data)
    cleaned.update(_inquiry_place(operation, cleaned))
    inquiry = PetInquiry.objects.create(
        operation=operation, created_by=by, created_at=clock.now(operation), **cleaned
    )
    record_event(
        actor=by, verb="pet_inquiry.opened", target=inquiry, detail={"species": inquiry.species}
    )
    match_inquiry(inquiry)
    return inquiry


def _animal(row: Sighting | PetInquiry) -> matching.Animal:
    if isinstance(row, PetInquiry):
        point = row.point
    else:
        point = (row.lat, row.lon) if row.lat is not None and row.lon is not None else None
    return matching.Animal(
        species=row.species,
        species_other=row.species_other,
        colour=row.colour,
        markings=row.markings,
        point=point,
    )


def _store(inquiry: PetInquiry, sighting: Sighting, scored: matching.Scored) -> None:
    PetCandidate.objects.update_or_create(
        inquiry=inquiry,
        sighting=sighting,
        defaults={"score": scored.score, "reasons": scored.reasons},
    )


def match_inquiry(inquiry: PetInquiry) -> int:
    """Score the operation's sightings not yet resolved for an open inquiry; store candidates."""
    if inquiry.status != PetInquiry.Status.OPEN:
        return 0
    sightings = Sighting.objects.filter(operation=inquiry.operation_id, species=inquiry.species)
    pairs = [(s, _animal(s)) for s in sightings.active()]
    ranked = matching.rank(_animal(inquiry), pairs)  # type: ignore[arg-type]
    for sighting, scored in ranked:
        _store(inquiry, sighting, scored)  # type: ignore[arg-type]
    return len(ranked)


def match_sighting(sighting: Sighting) -> int:
    """Score a new sighting against the open pet inquiries of its species."""
    inquiries = PetInquiry.objects.filter(
        operation=sighting.operation_id,
        species=sighting.species,
        status=PetInquiry.Status.OPEN,
    ).select_related("address", "place")
    seen = _animal(sighting)
    found = 0
    for inquiry in inquiries:
        scored = matching.score(_animal(inquiry), seen)
        if scored is not None and scored.score >= matching.THRESHOLD:
            _store(inquiry, sighting, scored)
            found += 1
    return found


@transaction.atomic
def confirm_pet_match(
    *, inquiry: PetInquiry, sighting: Sighting, by: User, note: str = ""
) -> PetInquiry:
    inquiry = PetInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status != PetInquiry.Status.OPEN:
        raise InputError(
            "inquiry",
            _("the inquiry is %(status)s") % {"status": inquiry.get_status_display().lower()},
        )
    if sighting.operation_id != inquiry.operation_id or sighting.species != inquiry.species:
        raise InputError("sighting", _("the sighting is not of the sought species"))
    text = note.strip() or f"Owner found through pet inquiry {str(inquiry.pk)[:8]}."
    record_action(sighting=sighting, data={"kind": Kind.OWNER_FOUND, "note": text}, by=by)
    inquiry.status, inquiry.matched_sighting = PetInquiry.Status.MATCHED, sighting
    inquiry.save(update_fields=["status", "matched_sighting"])
    PetCandidate.objects.update_or_create(
        inquiry=inquiry,
        sighting=sighting,
        defaults={
            "decision": PetCandidate.Decision.CONFIRMED,
            "score": _score(inquiry, sighting),
            "reasons": ["confirmed by a person"],
        },
    )
    record_event(
        actor=by, verb="pet_inquiry.matched", target=inquiry, detail={"sighting": str(sighting.pk)}
    )
    return inquiry


def _score(inquiry: PetInquiry, sighting: Sighting) -> float:
    existing = PetCandidate.objects.filter(inquiry=inquiry, sighting=sighting).first()
    if existing is not None:
        return existing.score
    scored = matching.score(_animal(inquiry), _animal(sighting))
    return scored.score if scored else 0.0


@transaction.atomic
def close_pet_inquiry(*, inquiry: PetInquiry, by: User, reason: str = "") -> PetInquiry:
    inquiry = PetInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status != PetInquiry.Status.OPEN:
        raise InputError(
            "inquiry",
            _("the inquiry is %(status)s") % {"status": inquiry.get_status_display().lower()},
        )
    inquiry.status = PetInquiry.Status.CLOSED
    inquiry.close_reason = reason.strip()[:200]
    inquiry.save(update_fields=["status", "close_reason"])
    detail = {"at": timezone.now().isoformat(), "with_reason": bool(reason)}
    record_event(actor=by, verb="pet_inquiry.closed", target=inquiry, detail=detail)
    return inquiry
