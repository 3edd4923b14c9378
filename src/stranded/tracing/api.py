"""Tracing through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.inputs import check_form
from stranded.core.roles import Perm
from stranded.places.naming import place_name, place_policy
from stranded.tracing import access
from stranded.tracing.actions import confirm_match, open_inquiry, reject_match
from stranded.tracing.forms import InquiryForm
from stranded.tracing.index import warm_index
from stranded.tracing.models import Inquiry, Match, Person

router = Router(tags=["tracing"])


class PersonOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    father_name: str
    sex: str
    birth_date: date | None
    birth_year: int | None
    age_years: int | None
    place_id: UUID | None
    place_text: str
    place_name: str  # the place by the operation's display policy; "" without one
    # False when a town or village was typed that the gazetteer lacks (kept as typed): to link
    # one, send place_id from GET /api/places/resolve (its candidates, or a weak one).
    place_in_gazetteer: bool
    address: str
    phone: str
    status: str
    vulnerabilities: list[str]


class MatchOut(Schema):
    id: UUID
    left_id: UUID
    right_id: UUID
    inquiry_id: UUID | None
    probability: float
    band: str
    decision: str
    comparison: list[dict[str, Any]]


class InquiryOut(Schema):
    id: UUID
    reference: str
    status: str
    channel: str
    received_at: datetime
    inquirer_name: str
    inquirer_relation: str
    sought: PersonOut
    matched_person_id: UUID | None


class InquiryDetailOut(InquiryOut):
    matches: list[MatchOut]


def person_out(person: Person, policy: str | None = None) -> PersonOut:
    return PersonOut(
        id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        father_name=person.father_name,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        age_years=person.age_years,
        place_id=person.place_id,
        place_text=person.place_text,
        place_name=place_name(person.place_id, policy=policy),
        place_in_gazetteer=bool(person.place_id or not person.place_text),
        address=person.address,
        phone=person.phone,
        status=person.status,
        vulnerabilities=person.vulnerabilities,
    )


def match_out(match: Match) -> MatchOut:
    return MatchOut(
        id=match.id,
        left_id=match.left_id,
        right_id=match.right_id,
        inquiry_id=match.inquiry_id,
        probability=match.probability,
        band=match.band,
        decision=match.decision,
        comparison=match.comparison,
    )


def inquiry_out(inquiry: Inquiry, policy: str | None = None) -> dict[str, Any]:
    return {
        "id": inquiry.id,
        "reference": inquiry.reference,
        "status": inquiry.status,
        "channel": inquiry.channel,
        "received_at": inquiry.received_at,
        "inquirer_name": inquiry.inquirer_name,
        "inquirer_relation": inquiry.inquirer_relation,
        "sought": person_out(inquiry.sought, policy),
        "matched_person_id": inquiry.matched_person_id,
    }


@router.get("/inquiries", response=list[InquiryOut])
def list_inquiries(request: HttpRequest, status: str = "", limit: int = 50) -> list[Any]:
    ensure(actor(request), Perm.VIEW_INQUIRIES)
    inquiries = access.visible_inquiries(actor(request)).select_related("sought")
    if status:
        inquiries = inquiries.filter(status=status)
    rows = list(inquiries[: max(1, min(limit, 500))])
    access.inquiries_listed(actor(request), rows)
    access.persons_listed(actor(request), [i.sought for i in rows])
    policy = place_policy(actor(request))
    return [inquiry_out(i, policy) for i in rows]


class InquiryIn(Schema):
    inquirer_name: str
    inquirer_contact: str = ""
    inquirer_relation: str = ""
    channel: str = "phone"
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    sex: str = ""
    birth: str = ""
    place_text: str = ""
    place_id: UUID | None = None
    place_as_typed: bool = False  # keep place_text only, even when the gazetteer has a match
    address: str = ""
    phone: str = ""
    document_number: str = ""
    bedridden: bool = False
    wheelchair: bool = False
    oxygen_or_dialysis: bool = False
    needs_medication: bool = False
    lives_alone: bool = False
    cognitive_impairment: bool = False
    consent_tracing: bool = False


@router.post("/inquiries", response={201: InquiryDetailOut})
def create_inquiry(request: HttpRequest, payload: InquiryIn) -> Status:
    operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
    data = {k: v for k, v in payload.dict().items() if v not in (None, False)}
    form = InquiryForm(data)
    check_form(form)
    warm_index(operation.pk)
    inquiry = open_inquiry(
        operation=operation,
        inquirer=form.inquirer(),
        sought=form.person_data(operation),
        channel=form.cleaned_data["channel"],
        by=actor(request),
    )
    matches = [match_out(m) for m in inquiry.matches.order_by("-probability")]
    return Status(201, {**inquiry_out(inquiry, place_policy(actor(request))), "matches": matches})


@router.get("/inquiries/{inquiry_id}", response=InquiryDetailOut)
def inquiry_detail(request: HttpRequest, inquiry_id: UUID) -> dict[str, Any]:
    inquiry = access.get_inquiry(actor(request), inquiry_id)
    matches = list(inquiry.matches.select_related("right").order_by("-probability"))
    access.persons_listed(actor(request), [m.right for m in matches])
    policy = place_policy(actor(request))
    return {**inquiry_out(inquiry, policy), "matches": [match_out(m) for m in matches]}


@router.get("/persons/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: UUID) -> PersonOut:
    return person_out(access.get_person(actor(request), person_id), place_policy(actor(request)))


@router.get("/matches", response=list[MatchOut])
def list_matches(
    request: HttpRequest, decision: str = "pending", limit: int = 50, offset: int = 0
) -> list[Any]:
    """Stored matches, best first, one page at a time (`limit` up to 500, `offset`)."""
    ensure(actor(request), Perm.DECIDE_MATCHES)
    matches = access.visible_matches(actor(request)).filter(decision=decision)
    matches = matches.order_by("band", "-probability", "pk").select_related("left", "right")
    start = max(0, offset)
    rows = list(matches[start : start + max(1, min(limit, 500))])
    access.persons_listed(actor(request), [p for m in rows for p in (m.left, m.right)])
    return [match_out(m) for m in rows]


@router.post("/matches/{match_id}/confirm", response=MatchOut)
def confirm(request: HttpRequest, match_id: UUID) -> MatchOut:
    match = access.get_match(actor(request), match_id, write=True)
    if match.decision != Match.Decision.PENDING:
        raise HttpError(409, _("match already %(decision)s") % {"decision": match.decision})
    return match_out(confirm_match(match=match, by=actor(request)))


@router.post("/matches/{match_id}/reject", response=MatchOut)
def reject(request: HttpRequest, match_id: UUID) -> MatchOut:
    match = access.get_match(actor(request), match_id, write=True)
    if match.decision != Match.Decision.PENDING:
        raise HttpError(409, _("match already %(decision)s") % {"decision": match.decision})
    return match_out(reject_match(match=match, by=actor(request)))
