"""Needs through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.paging import API_LIMIT, window
from stranded.core.roles import Perm
from stranded.core.schemas import from_form
from stranded.needs import access
from stranded.needs.actions import (
    NeedTransitionError,
    change_need_status,
    ensure_not_doubled,
    record_need,
)
from stranded.needs.forms import NeedForm, NeedStatusForm
from stranded.needs.models import Need
from stranded.needs.summary import by_area_and_kind
from stranded.needs.views import filtered
from stranded.places.naming import place_policy

router = Router(tags=["needs"])


class NeedOut(Schema):
    id: UUID
    kind: str
    urgency: str
    status: str
    partner: str
    reason: str
    note: str
    due_before: date
    overdue: bool
    area: str
    address: str
    address_id: UUID | None
    person_id: UUID | None
    person_name: str | None  # only for who may see the person
    visit_id: UUID | None
    created_at: datetime


class NeedEventOut(Schema):
    verb: str
    status: str
    previous: str
    urgency: str
    partner: str
    at: datetime
    visit_id: UUID | None


class NeedDetailOut(NeedOut):
    history: list[NeedEventOut]


@from_form(NeedForm)
class NeedIn(Schema):
    pass


@from_form(NeedStatusForm)
class StatusIn(Schema):
    pass


def need_out(need: Need) -> dict[str, Any]:
    shown = getattr(need, "person_shown", False)
    return {
        "id": need.pk,
        "kind": need.kind,
        "urgency": need.urgency,
        "status": need.status,
        "partner": need.partner,
        "reason": need.reason,
        "note": need.note,
        "due_before": need.due_before,
        "overdue": need.overdue,
        "area": need.area.code,
        "address": need.address.text if need.address else "",
        "address_id": need.address_id,
        "person_id": need.person_id if shown else None,
        "person_name": need.person.full_name if shown and need.person else None,
        "visit_id": need.visit_id,
        "created_at": need.created_at,
    }


def detail_out(need: Need) -> dict[str, Any]:
    history = [
        {
            "verb": e.verb,
            "status": e.status,
            "previous": e.previous,
            "urgency": e.urgency,
            "partner": e.partner,
            "at": e.at,
            "visit_id": e.visit_id,
        }
        for e in need.events.all()
    ]
    return {**need_out(need), "history": history}


@router.get("/summary")
def summary(request: HttpRequest) -> dict[str, Any]:
    """Active needs by area and kind, with urgency and overdue counts."""
    ensure_operation(actor(request), Perm.VIEW_NEEDS)
    result = by_area_and_kind(
        access.visible_needs(actor(request)), policy=place_policy(actor(request))
    )
    for area in result["areas"]:
        area["id"] = str(area["id"])
        area.pop("cells")
    return result


@router.get("/", response=list[NeedOut])
def list_needs(
    request: HttpRequest,
    kind: str = "",
    status: str = "",
    area: str = "",
    urgency: str = "",
    overdue: bool = False,
    limit: int = API_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Needs, most urgent first, one page at a time (`limit` up to 500, `offset`)."""
    params = {
        "kind": kind,
        "status": status,
        "area": area,
        "urgency": urgency,
        "overdue": "1" if overdue else "",
    }
    needs, _ = filtered(access.visible_needs(actor(request)), params)
    needs = needs.select_related("area", "address", "person").by_urgency()
    rows = list(window(needs, limit, offset))
    access.show_persons(actor(request), rows)
    return [need_out(n) for n in rows]


@router.post("/", response={201: NeedDetailOut})
def create_need(request: HttpRequest, payload: NeedIn) -> Status:
    operation = ensure_operation(actor(request), Perm.EDIT_NEEDS)
    cleaned = NeedForm.check(payload.dict())
    refs = access.resolve(actor(request), cleaned)
    ensure_not_doubled(refs["address"], cleaned["kind"])
    need = record_need(
        operation=operation,
        kind=cleaned["kind"],
        urgency=cleaned["urgency"],
        due_before=cleaned["due_before"],
        note=cleaned["note"],
        by=actor(request),
        **refs,
    )
    need.person_shown = refs["person"] is not None  # type: ignore[attr-defined]  # read logged
    return Status(201, detail_out(need))


@router.get("/{need_id}", response=NeedDetailOut)
def need_detail(request: HttpRequest, need_id: UUID) -> dict[str, Any]:
    return detail_out(access.get_need(actor(request), need_id))


@router.post("/{need_id}/status", response=NeedDetailOut)
def change_status(request: HttpRequest, need_id: UUID, payload: StatusIn) -> dict[str, Any]:
    ensure(actor(request), Perm.EDIT_NEEDS)
    need = access.get_need(actor(request), need_id, write=True)
    try:
        cleaned = NeedStatusForm.check(payload.dict())
        changed = change_need_status(need=need, by=actor(request), **cleaned)
    except NeedTransitionError as error:
        raise HttpError(409, str(error)) from None
    changed.person_shown = need.person_shown  # type: ignore[attr-defined]  # read logged above
    return detail_out(changed)
