"""Animals through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from stranded.animals import access
from stranded.animals.actions import (
    close_pet_inquiry,
    confirm_pet_match,
    open_pet_inquiry,
    record_action,
    record_sighting,
    save_partner,
)
from stranded.animals.forms import AnimalActionForm, PartnerForm, PetInquiryForm, SightingForm
from stranded.animals.models import NEEDS, AnimalAction, PetInquiry, Sighting
from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.inputs import InputError
from stranded.core.paging import API_LIMIT, window
from stranded.core.roles import Perm
from stranded.core.schemas import from_form

router = Router(tags=["animals"])


@from_form(SightingForm)
class SightingIn(Schema):
    pass


@from_form(AnimalActionForm)
class ActionIn(Schema):
    pass


@from_form(PartnerForm)
class PartnerIn(Schema):
    pass


@from_form(PetInquiryForm)
class PetInquiryIn(Schema):
    pass


class ConfirmIn(Schema):
    sighting_id: UUID
    note: str = ""


def action_out(action: AnimalAction) -> dict[str, Any]:
    return {
        "id": str(action.pk),
        "kind": action.kind,
        "at": action.at.isoformat(),
        "by": action.by.get_username() if action.by else "",
        "partner": action.partner.name if action.partner else "",
        "taken_to": action.taken_to,
        "note": action.note,
    }


def sighting_out(
    sighting: Sighting, *, owner: bool = False, actions: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(sighting.pk),
        "species": sighting.species,
        "species_other": sighting.species_other,
        "count": sighting.count,
        "condition": sighting.condition,
        "colour": sighting.colour,
        "markings": sighting.markings,
        "needs": sighting.needs,
        "status": sighting.status,
        "seen_at": sighting.seen_at.isoformat(),
        "lat": sighting.lat,
        "lon": sighting.lon,
        "area": sighting.area.code if sighting.area else "",
        "place_text": sighting.place_text,
        "address": str(sighting.address_id or ""),
        "team": str(sighting.team or ""),
        "visit": str(sighting.visit_id or ""),
        "owner_known": sighting.owner_known,
    }
    if owner:
        data.update(owner_name=sighting.owner_name, owner_contact=sighting.owner_contact)
    if actions:
        data["actions"] = [action_out(a) for a in sighting.actions.select_related("by", "partner")]
    return data


@router.get("/sightings")
def list_sightings(
    request: HttpRequest,
    species: str = "",
    need: str = "",
    status: str = "",
    limit: int = API_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Sightings, newest first, one page at a time (`limit` up to 500, `offset`)."""
    sightings = access.visible_sightings(actor(request)).select_related("area", "team")
    if species:
        sightings = sightings.filter(species=species)
    if need in NEEDS:
        sightings = sightings.needing(need).active()
    if status:
        sightings = sightings.filter(status=status)
    return [sighting_out(s) for s in window(sightings, limit, offset)]


@router.post("/sightings", response={201: dict[str, Any]})
def create_sighting(request: HttpRequest, payload: SightingIn) -> Status:
    operation = ensure_operation(actor(request), Perm.EDIT_ANIMALS)
    data = payload.dict()
    if data["seen_at"] is None:
        data.pop("seen_at")
    sighting = record_sighting(operation=operation, data=data, by=actor(request))
    return Status(201, sighting_out(sighting, owner=access.owner_shown(actor(request), sighting)))


@router.get("/sightings/{sighting_id}")
def sighting_detail(request: HttpRequest, sighting_id: UUID) -> dict[str, Any]:
    sighting = access.get_sighting(actor(request), sighting_id)
    owner = access.owner_shown(actor(request), sighting)
    return sighting_out(sighting, owner=owner, actions=True)


@router.post("/sightings/{sighting_id}/actions", response={201: dict[str, Any]})
def create_action(request: HttpRequest, sighting_id: UUID, payload: ActionIn) -> Status:
    ensure(actor(request), Perm.EDIT_ANIMALS)
    sighting = access.get_sighting(actor(request), sighting_id, write=True)
    try:
        action = record_action(sighting=sighting, data=payload.dict(), by=actor(request))
    except InputError as error:
        raise HttpError(409 if error.field == "kind" else 422, str(error)) from None
    sighting.refresh_from_db()
    return Status(
        201, {"action": action_out(action), "status": sighting.status, "needs": sighting.needs}
    )


def partner_out(partner: Any) -> dict[str, Any]:
    return {
        "id": str(partner.pk),
        "name": partner.name,
        "contact": partner.contact,
        "species": partner.species,
        "active": partner.active,
    }


@router.get("/partners")
def list_partners(request: HttpRequest) -> list[dict[str, Any]]:
    return [partner_out(p) for p in access.partners(actor(request))]


@router.post("/partners", response={201: dict[str, Any]})
def create_partner(request: HttpRequest, payload: PartnerIn) -> Status:
    operation = ensure_operation(actor(request), Perm.MANAGE_OPERATION)
    ensure(actor(request), Perm.VIEW_ANIMALS)
    partner = save_partner(operation=operation, data=payload.dict(), by=actor(request))
    return Status(201, partner_out(partner))


def pet_out(inquiry: PetInquiry, *, inquirer: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(inquiry.pk),
        "species": inquiry.species,
        "species_other": inquiry.species_other,
        "animal_name": inquiry.animal_name,
        "colour": inquiry.colour,
        "markings": inquiry.markings,
        "breed": inquiry.breed,
        "address_text": "",
        "lat": None,
        "lon": None,
        "status": inquiry.status,
        "created_at": inquiry.created_at.isoformat(),
        "matched_sighting": str(inquiry.matched_sighting_id or ""),
    }
    if getattr(inquiry, "location_shown", True):
        data.update(address_text=inquiry.address_text, lat=inquiry.lat, lon=inquiry.lon)
    if inquirer:
        data.update(inquirer_name=inquiry.inquirer_name, inquirer_contact=inquiry.inquirer_contact)
    return data


@router.get("/pets")
def list_pets(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    user = actor(request)
    inquiries = access.visible_pet_inquiries(user)
    if status:
        inquiries = inquiries.filter(status=status)
    shown = list(inquiries.select_related("address")[:500])
    access.pet_inquiries_listed(user, shown)
    return [pet_out(i, inquirer=access.sees_inquirer(user)) for i in shown]


@router.post("/pets", response={201: dict[str, Any]})
def create_pet(request: HttpRequest, payload: PetInquiryIn) -> Status:
    operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
    ensure(actor(request), Perm.VIEW_ANIMALS)
    inquiry = open_pet_inquiry(operation=operation, data=payload.dict(), by=actor(request))
    return Status(201, pet_out(inquiry, inquirer=True))


@router.get("/pets/{inquiry_id}")
def pet_detail(request: HttpRequest, inquiry_id: UUID) -> dict[str, Any]:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id)
    return pet_out(inquiry, inquirer=access.sees_inquirer(user))


@router.get("/pets/{inquiry_id}/candidates")
def pet_candidates(request: HttpRequest, inquiry_id: UUID) -> list[dict[str, Any]]:
    inquiry = access.get_pet_inquiry(actor(request), inquiry_id)
    return [
        {
            "sighting": sighting_out(c.sighting),
            "score": c.score,
            "reasons": c.reasons,
            "decision": c.decision,
        }
        for c in inquiry.candidates.select_related("sighting", "sighting__area")[:50]
    ]


@router.post("/pets/{inquiry_id}/confirm")
def pet_confirm(request: HttpRequest, inquiry_id: UUID, payload: ConfirmIn) -> dict[str, Any]:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id, write=True)
    sighting = get_object_or_404(access.visible_sightings(user), id=payload.sighting_id)
    try:
        inquiry = confirm_pet_match(inquiry=inquiry, sighting=sighting, by=user, note=payload.note)
    except InputError as error:
        raise HttpError(409, str(error)) from None
    sighting.refresh_from_db()
    return {"inquiry": pet_out(inquiry, inquirer=True), "sighting_status": sighting.status}


class CloseIn(Schema):
    reason: str = ""


@router.post("/pets/{inquiry_id}/close")
def pet_close(request: HttpRequest, inquiry_id: UUID, payload: CloseIn) -> dict[str, Any]:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id, write=True)
    try:
        inquiry = close_pet_inquiry(inquiry=inquiry, by=user, reason=payload.reason)
    except InputError as error:
        raise HttpError(409, str(error)) from None
    return pet_out(inquiry, inquirer=True)
