"""Every change of remains: recorded with their 'found' event, custody events, identification.

A remains record and its first custody event are created in one transaction, so a record never
exists without a current location. Confirming an identification makes the person deceased and
leaves a believed_dead note on each open inquiry about them: the tracing officer sees it there
and decides how the family is told. Nothing here tells a family anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.http import reference
from stranded.core.inputs import InputError
from stranded.core.models import Operation, Team, User
from stranded.core.roles import Perm
from stranded.remains.forms import CustodyEventForm, RemainsForm
from stranded.remains.models import (
    Attachment,
    CustodyEvent,
    CustodyKind,
    IdStatus,
    Remains,
)

if TYPE_CHECKING:
    from stranded.sweeps.models import Visit

CLOSED_AFTER = CustodyKind.HANDED_OVER


def code_prefix(operation: Operation) -> str:
    """The operation's short place code ("KHK"); a setting, else the first letters of its name."""
    default = "".join(ch for ch in operation.name.upper() if ch.isalpha())[:3] or "OP"
    return str(operation.setting("remains_prefix", default)).upper()


def team_code(team: Team | None) -> str:
    """'Team Alpha' -> 'TA', 'Team 12' -> 'T12', 'Rescue North' -> 'TRN'; no team -> 'T0'."""
    if team is None:
        return "T0"
    words = [w for w in team.name.split() if w.lower() not in ("team", "group")]
    letters = "".join(w if w.isdigit() else w[0] for w in words if w[0].isalnum()).upper()
    return "T" + (letters[:3] or "0")


def _next_sequence(operation: Operation) -> int:
    # The operation's row is the lock: two teams recording at once get distinct numbers.
    Operation.objects.select_for_update().filter(pk=operation.pk).first()
    last = Remains.objects.filter(operation=operation).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def _where(cleaned: dict[str, Any], address: Any) -> str:
    if cleaned.get("found_where"):
        return str(cleaned["found_where"])
    if address is not None:
        return str(address.text)
    if cleaned.get("address"):
        return str(cleaned["address"])
    return f"{cleaned['lat']:.5f}, {cleaned['lon']:.5f}"


@transaction.atomic
def record_remains(
    *,
    operation: Operation,
    data: dict[str, Any],
    by: User | None,
    team: Team | None = None,
    visit: Visit | None = None,
    area: Any = None,
    address: Any = None,
) -> Remains:
    """A body found: its unique code, what is known, and the 'found' event, together."""
    cleaned = RemainsForm.check(data)
    if team is None and by is not None and by.team and by.team.operation_id == operation.pk:
        team = by.team
    sequence = _next_sequence(operation)
    where = _where(cleaned, address)
    remains = Remains.objects.create(
        operation=operation,
        sequence=sequence,
        code=f"{code_prefix(operation)}-{team_code(team)}-{sequence:04d}",
        found_at=cleaned["found_at"],
        found_by=by,
        team=team,
        visit=visit,
        address=address,
        area=area if area is not None else getattr(address, "area", None),
        place=getattr(address, "place", None),
        found_where=where,
        lat=cleaned["lat"],
        lon=cleaned["lon"],
        condition=cleaned["condition"],
        effects=cleaned["effects"],
        sex=cleaned["sex"],
        age_min=cleaned["age_min"],
        age_max=cleaned["age_max"],
        document_names=cleaned["document_names"],
        current_kind=CustodyKind.FOUND,
        current_where=where,
        current_at=cleaned["found_at"],
    )
    CustodyEvent.objects.create(
        remains=remains,
        kind=CustodyKind.FOUND,
        at=cleaned["found_at"],
        by=by,
        team=team,
        where=where,
        lat=cleaned["lat"],
        lon=cleaned["lon"],
        place=remains.place,
    )
    detail = {"code": remains.code, "visit": str(visit.pk) if visit else ""}
    record_event(actor=by, verb="remains.recorded", target=remains, detail=detail)
    return remains


@transaction.atomic
def record_found(*, operation: Operation, areas: Any, data: dict[str, Any], by: User) -> Remains:
    """A body recorded from a form: in one of `areas` (the user's), at a known address there."""
    from stranded.places.models import Address, address_key

    code = str(data.get("area") or "").strip()
    area = areas.filter(code=code).first() if code else None
    if code and area is None:
        raise InputError("area", _("'%(code)s' is not one of your areas") % {"code": code})
    if area is None and not by.can(Perm.ASSIGN_AREAS):
        raise InputError("area", _("choose the area the body was found in"))
    address = None
    text = str(data.get("address") or "").strip()
    if text and area is not None:
        address = Address.objects.filter(operation=operation, key=address_key(text, area)).first()
    return record_remains(operation=operation, data=data, by=by, area=area, address=address)


@transaction.atomic
def record_custody_event(
    *, remains: Remains, data: dict[str, Any], by: User, place: Any = None
) -> CustodyEvent:
    """Collected, stored, transferred, handed over, or a correction of an earlier event."""
    cleaned = CustodyEventForm.check(data)
    remains = Remains.objects.select_for_update().get(pk=remains.pk)
    corrects = None
    if cleaned["corrects"]:
        corrects = remains.events.filter(pk=reference(cleaned["corrects"], "corrects")).first()
        if corrects is None:
            raise InputError(
                "corrects", _("no such event in the chain of %(code)s") % {"code": remains.code}
            )
    elif remains.current_kind == CLOSED_AFTER:
        raise InputError(
            "kind",
            _("%(code)s was handed over; only a correction can follow") % {"code": remains.code},
        )
    if cleaned["at"] < remains.found_at:
        raise InputError("at", _("is before %(code)s was found") % {"code": remains.code})
    if corrects is not None and cleaned["at"] < corrects.at:
        raise InputError("at", _("a correction comes after the event it corrects"))
    if corrects is None and cleaned["at"] < remains.current_at:
        raise InputError(
            "at",
            _("is before the current custody event of %(code)s; record a correction")
            % {"code": remains.code},
        )
    team = by.team if by.team and by.team.operation_id == remains.operation_id else None
    event = CustodyEvent.objects.create(
        remains=remains,
        kind=cleaned["kind"],
        at=cleaned["at"],
        by=by,
        team=team,
        where=cleaned["where"],
        lat=cleaned["lat"],
        lon=cleaned["lon"],
        receiving_organisation=cleaned["receiving_organisation"],
        receiving_name=cleaned["receiving_name"],
        note=cleaned["note"],
        corrects=corrects,
        place=place,
    )
    _follow(remains)
    detail = {
        "kind": event.kind,
        "event": str(event.pk),
        "corrects": str(corrects.pk) if corrects else "",
    }
    record_event(actor=by, verb="remains.custody", target=remains, detail=detail)
    return event


def _follow(remains: Remains) -> None:
    """The current location is the last event's, read along the chain in time order. A
    correction of the event that says where the body is replaces its place and party but keeps
    its kind (a corrected hand-over is still a hand-over); a correction of an older event leaves
    the current location as it is."""
    current: CustodyEvent | None = None
    kind = remains.current_kind
    for link in remains.events.order_by("at", "recorded_at"):
        if link.kind != CustodyKind.CORRECTION:
            current, kind = link, link.kind
        elif current is not None and link.corrects_id == current.pk:
            current = link
    if current is None:
        return
    remains.current_kind, remains.current_where = kind, current.where
    remains.current_party, remains.current_at = current.party, current.at
    remains.save(update_fields=["current_kind", "current_where", "current_party", "current_at"])


@transaction.atomic
def identify_remains(
    *, remains: Remains, status: str, method: str, person: Any, by: User
) -> Remains:
    """Record an identification decision; confirming makes the person deceased and tells the
    tracing officer through a note on each open inquiry about them (never the family)."""
    from stranded.tracing.models import PersonStatus

    remains = Remains.objects.select_for_update().get(pk=remains.pk)
    previous = remains.identified_person if remains.id_status == IdStatus.CONFIRMED else None
    if status == IdStatus.UNIDENTIFIED:
        person, method = None, ""
    remains.id_status, remains.id_method, remains.identified_person = status, method, person
    remains.identified_by, remains.identified_at = by, clock.now(clock.of(remains))
    remains.save(
        update_fields=[
            "id_status",
            "id_method",
            "identified_person",
            "identified_by",
            "identified_at",
        ]
    )
    if previous is not None and (previous != person or status != IdStatus.CONFIRMED):
        _withdrawn(remains, previous, by)
    if person is not None and status == IdStatus.CONFIRMED:
        from stranded.tracing.actions import change_status

        change_status(
            person=person,
            status=PersonStatus.DECEASED,
            by=by,
            reason=f"remains {remains.code} identified",
        )
        _tell_inquiries(remains, person, by, confirmed=True)
    elif person is not None and status == IdStatus.TENTATIVE:
        _tell_inquiries(remains, person, by, confirmed=False)
    detail = {"status": status, "method": method, "person": str(person.pk) if person else ""}
    record_event(actor=by, verb="remains.identification", target=remains, detail=detail)
    return remains


def open_inquiries_about(person: Any) -> Any:
    from stranded.tracing.models import Inquiry

    return Inquiry.objects.filter(
        Q(sought=person) | Q(matched_person=person), status=Inquiry.Status.OPEN
    ).select_related("sought")


def _note_text(remains: Remains, method: str, confirmed: bool) -> str:
    where = f"custody now: {remains.get_current_kind_display().lower()} {remains.current_where}"
    if confirmed:
        return (
            f"Remains {remains.code} identified as this person ({method}); {where}. "
            "The family has not been told: the tracing officer decides how and when."
        )
    return (
        f"Remains {remains.code} tentatively identified as this person ({method}), not "
        f"confirmed; {where}. Do not tell the family before confirmation."
    )


def _tell_inquiries(remains: Remains, person: Any, by: User, *, confirmed: bool) -> None:
    from stranded.tracing.actions import add_note, change_status
    from stranded.tracing.models import Note, PersonStatus

    status = Note.Status.BELIEVED_DEAD if confirmed else Note.Status.NONE
    text = _note_text(remains, remains.get_id_method_display(), confirmed)
    inquiries = list(open_inquiries_about(person))
    for inquiry in inquiries:
        add_note(
            person=inquiry.sought,
            text=text,
            by=by,
            status=status,
            inquiry=inquiry,
            linked_person=person if inquiry.sought_id != person.pk else None,
        )
        if confirmed and inquiry.sought_id != person.pk:
            change_status(
                person=inquiry.sought,
                status=PersonStatus.DECEASED,
                by=by,
                reason=f"remains {remains.code} identified",
            )
    if not inquiries:
        add_note(person=person, text=text, by=by, status=status)


def _withdrawn(remains: Remains, person: Any, by: User) -> None:
    """A confirmed identification taken back: the person is missing again, and notes say so."""
    from stranded.tracing.actions import add_note, change_status
    from stranded.tracing.models import Note, PersonStatus

    text = f"Identification of remains {remains.code} with this person was withdrawn."
    change_status(person=person, status=PersonStatus.BELIEVED_MISSING, by=by, reason=text[:200])
    for inquiry in open_inquiries_about(person):
        add_note(
            person=inquiry.sought,
            text=text,
            by=by,
            status=Note.Status.BELIEVED_MISSING,
            inquiry=inquiry,
        )


@transaction.atomic
def add_attachment(
    *,
    remains: Remains,
    upload: UploadedFile,
    content_type: str,
    kind: str,
    caption: str,
    by: User,
) -> Attachment:
    attachment = Attachment(
        remains=remains,
        kind=kind,
        content_type=content_type,
        size=upload.size or 0,
        caption=caption[:200],
        uploaded_by=by,
    )
    attachment.file.save(upload.name or "upload", upload, save=False)
    attachment.save()
    detail = {"attachment": str(attachment.pk), "kind": kind, "size": attachment.size}
    record_event(actor=by, verb="remains.attachment_added", target=remains, detail=detail)
    return attachment


@transaction.atomic
def remains_from_visit(*, visit: Visit, by: User | None) -> list[Remains]:
    """Each body of a visit's `remains` list (checked by `clean_visit_remains`) becomes a record
    found there, then, by that team."""
    created = []
    address = visit.address
    for cleaned in visit.remains or []:
        for _body in range(cleaned["count"]):
            data = {
                "found_at": visit.visited_at,
                "lat": visit.lat,
                "lon": visit.lon,
                "found_where": address.text if address else f"{visit.area.code}",
                "condition": cleaned["condition"],
                "effects": cleaned["effects"],
            }
            created.append(
                record_remains(
                    operation=visit.operation,
                    data=data,
                    by=by,
                    team=visit.team,
                    visit=visit,
                    area=visit.area,
                    address=address,
                )
            )
    return created
