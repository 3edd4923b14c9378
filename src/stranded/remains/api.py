"""Remains through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.inputs import InputError
from stranded.core.roles import Perm
from stranded.core.schemas import from_form
from stranded.remains import access
from stranded.remains.actions import (
    add_attachment,
    identify_remains,
    record_custody_event,
    record_found,
)
from stranded.remains.forms import (
    AttachmentForm,
    CustodyEventForm,
    IdentificationForm,
    RemainsForm,
    clean_upload,
)
from stranded.remains.models import CustodyEvent, Remains

router = Router(tags=["remains"])


class CustodyEventOut(Schema):
    id: UUID
    kind: str
    at: datetime
    where: str
    lat: float | None
    lon: float | None
    receiving_organisation: str
    receiving_name: str
    note: str
    corrects_id: UUID | None
    team_id: UUID | None


class AttachmentOut(Schema):
    id: UUID
    kind: str
    content_type: str
    size: int
    caption: str
    uploaded_at: datetime


class RemainsOut(Schema):
    id: UUID
    code: str
    found_at: datetime
    found_where: str
    lat: float | None
    lon: float | None
    team_id: UUID | None
    area_id: UUID | None
    visit_id: UUID | None
    id_status: str
    id_method: str
    identified_person_id: UUID | None
    current_kind: str
    current_where: str
    current_party: str
    current_at: datetime


class RemainsDetailOut(RemainsOut):
    condition: str
    effects: str
    sex: str
    age_min: int | None
    age_max: int | None
    document_names: str
    events: list[CustodyEventOut]
    attachments: list[AttachmentOut]


@from_form(RemainsForm)
class RemainsIn(Schema):
    pass


@from_form(CustodyEventForm)
class EventIn(Schema):
    pass


@from_form(IdentificationForm)
class IdentificationIn(Schema):
    pass


def _invalid(error: InputError, remains: Remains | None = None) -> HttpError:
    prefix = f"{remains.code}: " if remains is not None else ""
    return HttpError(422, f"{prefix}{error}")


def detail_out(remains: Remains) -> dict[str, Any]:
    data = RemainsOut.from_orm(remains).dict()
    for key in ("condition", "effects", "sex", "age_min", "age_max", "document_names"):
        data[key] = getattr(remains, key)
    data["events"] = list(remains.events.all())
    data["attachments"] = list(remains.attachments.all())
    return data


@router.get("/", response=list[RemainsOut])
def list_remains(request: HttpRequest, status: str = "", kind: str = "") -> Any:
    rows = access.visible_remains(actor(request))
    if status:
        rows = rows.filter(id_status=status)
    if kind:
        rows = rows.filter(current_kind=kind)
    shown = list(rows[:500])
    access.remains_listed(actor(request), shown)
    return shown


@router.post("/", response={201: RemainsDetailOut})
def create(request: HttpRequest, payload: RemainsIn) -> Status:
    operation = ensure_operation(actor(request), Perm.EDIT_REMAINS)
    user = actor(request)
    data = payload.dict()
    try:
        remains = record_found(
            operation=operation, areas=access.recording_areas(user, operation), data=data, by=user
        )
    except InputError as error:
        raise _invalid(error) from None
    return Status(201, detail_out(remains))


@router.get("/{remains_id}", response=RemainsDetailOut)
def detail(request: HttpRequest, remains_id: UUID) -> Any:
    return detail_out(access.get_remains(actor(request), remains_id))


@router.post("/{remains_id}/events", response={201: CustodyEventOut})
def create_event(request: HttpRequest, remains_id: UUID, payload: EventIn) -> Status:
    remains = access.get_remains(actor(request), remains_id, write=True)
    try:
        event: CustodyEvent = record_custody_event(
            remains=remains, data=payload.dict(), by=actor(request)
        )
    except InputError as error:
        raise _invalid(error, remains) from None
    return Status(201, event)


@router.post("/{remains_id}/identification", response=RemainsDetailOut)
def identification(request: HttpRequest, remains_id: UUID, payload: IdentificationIn) -> Any:
    user = actor(request)
    data = payload.dict()
    remains = access.get_remains_to_identify(user, remains_id, data["status"])
    try:
        cleaned = IdentificationForm.check(data)
        person = access.get_person_for(user, cleaned["person"]) if cleaned["person"] else None
    except InputError as error:
        raise _invalid(error, remains) from None
    remains = identify_remains(
        remains=remains, status=cleaned["status"], method=cleaned["method"], person=person, by=user
    )
    return detail_out(remains)


@router.get("/{remains_id}/attachments", response=list[AttachmentOut])
def attachments(request: HttpRequest, remains_id: UUID) -> Any:
    return list(access.get_remains(actor(request), remains_id).attachments.all())


@router.post("/{remains_id}/attachments", response={201: AttachmentOut})
def upload(
    request: HttpRequest,
    remains_id: UUID,
    file: File[UploadedFile],
    kind: Form[str] = "photo",
    caption: Form[str] = "",
) -> Status:
    ensure(actor(request), Perm.EDIT_REMAINS)
    remains = access.get_remains(actor(request), remains_id, write=True)
    try:
        content_type = clean_upload(file)
        cleaned = AttachmentForm.check({"kind": kind, "caption": caption})
    except InputError as error:
        raise _invalid(error, remains) from None
    attachment = add_attachment(
        remains=remains, upload=file, content_type=content_type, by=actor(request), **cleaned
    )
    return Status(201, attachment)


@router.get("/{remains_id}/attachments/{attachment_id}")
def download(request: HttpRequest, remains_id: UUID, attachment_id: UUID) -> Any:
    from stranded.remains.views import serve_attachment

    return serve_attachment(access.get_attachment(actor(request), remains_id, attachment_id))
