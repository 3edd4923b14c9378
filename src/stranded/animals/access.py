"""Permission-aware lookups of sightings, partners and pet inquiries: the only way views and API
get them. Missing and forbidden look alike (404).

Sightings are seen by every role with VIEW_ANIMALS; a field member changes only those in areas
the team holds. Owner name and contact are shown only to who may see persons there; inquirers of
pet inquiries only to tracing roles. Each such read is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404

from stranded.animals.models import AnimalPartner, PetInquiry, Sighting
from stranded.core.access import ensure, get_visible
from stranded.core.audit import record_read, record_reads
from stranded.core.roles import Perm
from stranded.places.locate import locator_for
from stranded.places.models import Area
from stranded.tracing.scoping import areas_in_scope, sees_personal_data_in

if TYPE_CHECKING:
    from stranded.core.models import User


def visible_sightings(user: User) -> Any:
    ensure(user, Perm.VIEW_ANIMALS)
    return Sighting.objects.visible_to(user)


def writable_areas(user: User) -> Any:
    """Areas where the user may record sightings and actions."""
    ensure(user, Perm.EDIT_ANIMALS)
    if user.can(Perm.ASSIGN_AREAS):
        return Area.objects.of(user.operation)
    return Area.objects.held_by(user.team)


def can_edit(user: User, sighting: Sighting) -> bool:
    if not user.can(Perm.EDIT_ANIMALS):
        return False
    if user.can(Perm.ASSIGN_AREAS):
        return True
    if sighting.area_id is None:
        return False
    return writable_areas(user).filter(pk=sighting.area_id).exists()


def get_sighting(user: User, sighting_id: UUID, *, write: bool = False) -> Sighting:
    sighting = get_visible(
        user,
        visible_sightings(user).select_related("area", "address", "team", "seen_by", "visit"),
        id=sighting_id,
    )
    if write and not can_edit(user, sighting):
        raise Http404
    return sighting


def sees_owner(user: User, sighting: Sighting) -> bool:
    return sees_personal_data_in(user, sighting.area_id)


def owner_shown(user: User, sighting: Sighting) -> bool:
    """Whether to show the owner's name and contact; a shown one is a logged read."""
    if not sighting.has_owner_data or not sees_owner(user, sighting):
        return False
    record_read(actor=user, target=sighting, purpose="animal owner")
    return True


def partners(user: User) -> Any:
    ensure(user, Perm.VIEW_ANIMALS)
    return AnimalPartner.objects.filter(operation=user.operation)


def sees_inquirer(user: User) -> bool:
    return bool(user.can(Perm.VIEW_INQUIRIES))


def visible_pet_inquiries(user: User) -> Any:
    ensure(user, Perm.VIEW_ANIMALS)
    return PetInquiry.objects.visible_to(user)


def get_pet_inquiry(user: User, inquiry_id: UUID, *, write: bool = False) -> PetInquiry:
    if write:
        ensure(user, Perm.DECIDE_MATCHES)
    inquiry = get_visible(
        user,
        visible_pet_inquiries(user).select_related("address", "place", "matched_sighting"),
        id=inquiry_id,
    )
    pet_inquiries_listed(user, [inquiry])
    return inquiry


def pet_inquiries_listed(user: User, inquiries: Sequence[PetInquiry]) -> Sequence[PetInquiry]:
    """Marks each inquiry's `location_shown` (its address and coordinates follow the rule for
    personal data tied to a place); every inquiry shown with its inquirer or its address is a
    logged read."""
    scope = areas_in_scope(user)
    locator = locator_for(user.operation) if scope and inquiries and user.operation else None
    for inquiry in inquiries:
        shown = scope is None
        if scope and locator is not None:
            area_id = inquiry.address.area_id if inquiry.address_id else None  # type: ignore[union-attr]
            if area_id is None and inquiry.lat is not None and inquiry.lon is not None:
                area_id = locator.find(inquiry.lat, inquiry.lon)
            shown = area_id in scope
        inquiry.location_shown = shown  # type: ignore[attr-defined]
    inquirer = sees_inquirer(user)
    read = [i for i in inquiries if inquirer or i.location_shown]  # type: ignore[attr-defined]
    record_reads(actor=user, targets=read)
    return inquiries
