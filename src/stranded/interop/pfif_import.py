"""PFIF records in and out of the tracing records.

Import (`import_pfif`): all or nothing, idempotent by record id. A person record becomes a Person
(source "import"); its notes become Notes; a person some note says is sought (information_sought
or believed_missing) gets an Inquiry (channel "partner", the record's author as inquirer). The
same record again changes nothing; a changed record updates the person or note and keeps the
fields it replaced (PfifRecordVersion). A note whose person is not known yet is kept and attached
when its person arrives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.interop import pfif
from stranded.interop.models import PfifRecord, PfifRecordVersion
from stranded.tracing.models import Inquiry, Note, Person, PersonStatus, Source

STATUS_OF_NOTE = {
    "information_sought": PersonStatus.INFORMATION_SOUGHT,
    "believed_missing": PersonStatus.BELIEVED_MISSING,
    "believed_alive": PersonStatus.BELIEVED_ALIVE,
    "believed_dead": PersonStatus.BELIEVED_DEAD,
}
SOUGHT = ("information_sought", "believed_missing")


def person_data(record: dict[str, str]) -> dict[str, Any]:
    """Person fields from a PFIF person (1.4 names)."""
    given, family = record.get("given_name", ""), record.get("family_name", "")
    full = " ".join(record.get("full_name", "").split())
    if not (given or family) and full:
        *first, last = full.split(" ")
        given, family = " ".join(first), last
    data: dict[str, Any] = {
        "given_name": given[:100],
        "family_name": family[:100],
        "other_names": " ".join(record.get("alternate_names", "").split())[:200],
        "sex": record.get("sex") if record.get("sex") in ("male", "female") else "",
        "address": ", ".join(
            record[k]
            for k in (
                "home_street",
                "home_neighborhood",
                "home_city",
                "home_state",
                "home_postal_code",
                "home_country",
            )
            if record.get(k)
        )[:300],
        "birth_date": None,
        "birth_year": None,
        "age_years": None,
        "age_on": None,
    }
    born = record.get("date_of_birth", "")
    if len(born) == 10:
        data["birth_date"] = _date(born, "date_of_birth", record)
    elif born[:4].isdigit():
        data["birth_year"] = int(born[:4])
    age = record.get("age", "")
    if age:
        bounds = [int(part) for part in age.split("-") if part.strip().isdigit()]
        if bounds:
            data["age_years"] = sum(bounds) // len(bounds)
            data["age_on"] = _date(record.get("source_date", "")[:10], "source_date", record)
    return data


def _date(text: str, field: str, record: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise pfif.PfifError(
            f"{record.get('person_record_id')}: {field}: {text!r} is not a date"
        ) from error


@transaction.atomic
def import_pfif(*, operation: Operation, data: bytes, by: User | None) -> dict[str, int]:
    document = pfif.read(data)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "pending": 0, "inquiries": 0}
    known = {r.record_id: r for r in PfifRecord.objects.filter(operation=operation)}
    for record in document.persons:
        _person(operation, document.version, record, known, counts, by)
    for record in document.notes:
        _note(operation, document.version, record, known, counts, by)
    # Notes kept from earlier files whose person has now arrived.
    for waiting in [r for r in known.values() if r.kind == "note" and r.note_id is None]:
        person = known.get(waiting.fields["person_record_id"])
        if person is not None and person.person_id is not None:
            _attach(waiting, person, known, by)
    for record in document.persons:
        _inquiry(operation, known[record["person_record_id"]], known, counts, by)
    record_event(
        actor=by,
        verb="pfif.imported",
        target=operation,
        detail={"version": document.version, **counts},
    )
    return counts


def _upsert(
    operation: Operation,
    version: str,
    kind: str,
    record_id: str,
    fields: dict[str, str],
    known: dict[str, PfifRecord],
    counts: dict[str, int],
    by: User | None,
) -> tuple[PfifRecord, bool]:
    """(the stored record, whether its fields are new or changed)."""
    stored = known.get(record_id)
    if stored is None:
        stored = PfifRecord.objects.create(
            operation=operation, record_id=record_id, kind=kind, version=version, fields=fields
        )
        known[record_id] = stored
        counts["created"] += 1
        return stored, True
    if stored.kind != kind:
        raise pfif.PfifError(f"{record_id}: record_id: already used by a {stored.kind} record")
    if stored.fields == fields:
        counts["unchanged"] += 1
        return stored, False
    PfifRecordVersion.objects.create(record=stored, fields=stored.fields, replaced_by=by)
    stored.fields, stored.version, stored.updated_at = fields, version, timezone.now()
    stored.save(update_fields=["fields", "version", "updated_at"])
    counts["updated"] += 1
    return stored, True


def _person(
    operation: Operation,
    version: str,
    record: dict[str, str],
    known: dict[str, PfifRecord],
    counts: dict[str, int],
    by: User | None,
) -> None:
    from stranded.tracing.actions import record_person

    stored, changed = _upsert(
        operation, version, "person", record["person_record_id"], record, known, counts, by
    )
    if not changed:
        return
    data = person_data(record)
    if stored.person is None:
        person = record_person(
            operation=operation,
            data=data,
            source=Source.IMPORT,
            status=PersonStatus.BELIEVED_MISSING,
            by=by,
        )
        stored.person = person
        stored.save(update_fields=["person"])
        return
    person = stored.person
    for key, value in data.items():
        setattr(person, key, value)
    person.save()
    record_event(actor=by, verb="person.updated", target=person, detail={"source": "pfif"})


def _note(
    operation: Operation,
    version: str,
    record: dict[str, str],
    known: dict[str, PfifRecord],
    counts: dict[str, int],
    by: User | None,
) -> None:
    stored, changed = _upsert(
        operation, version, "note", record["note_record_id"], record, known, counts, by
    )
    person = known.get(record["person_record_id"])
    if person is None or person.person_id is None:
        counts["pending"] += 1
        return
    if changed or stored.note_id is None:
        _attach(stored, person, known, by)


def _note_text(fields: dict[str, str]) -> str:
    said = fields.get("author_name") or "unknown author"
    when = fields.get("source_date") or fields.get("entry_date") or ""
    return f"PFIF note by {said} {when}: {fields.get('text', '')}".strip()


def _attach(
    stored: PfifRecord, person: PfifRecord, known: dict[str, PfifRecord], by: User | None
) -> None:
    from stranded.tracing.actions import add_note, change_status

    fields = stored.fields
    linked = known.get(fields.get("linked_person_record_id", ""))
    status = fields.get("status", "")
    if person.person is None:
        return
    if stored.note is None:
        note = add_note(
            person=person.person,
            text=_note_text(fields),
            status=status,
            by=by,
            linked_person=linked.person if linked else None,
        )
        stored.note = note
        stored.save(update_fields=["note"])
    else:
        note = stored.note
        note.text, note.status = _note_text(fields), status
        note.save(update_fields=["text", "status"])
    if status in STATUS_OF_NOTE:
        change_status(
            person=person.person, status=STATUS_OF_NOTE[status], by=by, reason="PFIF note"
        )


def _inquiry(
    operation: Operation,
    stored: PfifRecord,
    known: dict[str, PfifRecord],
    counts: dict[str, int],
    by: User | None,
) -> None:
    from stranded.tracing.actions import new_reference

    if stored.inquiry_id is not None or stored.person is None:
        return
    notes = [
        r
        for r in known.values()
        if r.kind == "note" and r.fields.get("person_record_id") == stored.record_id
    ]
    seeker = next((n.fields for n in notes if n.fields.get("status") in SOUGHT), None)
    if seeker is None:
        return
    contact = seeker.get("author_email") or seeker.get("author_phone") or ""
    inquiry = Inquiry.objects.create(
        operation=operation,
        reference=new_reference(),
        sought=stored.person,
        inquirer_name=(seeker.get("author_name") or "PFIF partner")[:200],
        inquirer_contact=contact[:200],
        channel=Inquiry.Channel.PARTNER,
        received_at=timezone.now(),
        created_by=by,
    )
    Note.objects.filter(pk__in=[n.note_id for n in notes if n.note_id]).update(inquiry=inquiry)
    stored.inquiry = inquiry
    stored.save(update_fields=["inquiry"])
    counts["inquiries"] += 1
    record_event(actor=by, verb="inquiry.opened", target=inquiry, detail={"source": "pfif"})


def export_records(
    persons: list[Person], *, operation: Operation, fields: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Persons and their notes as PFIF 1.4 dicts, with only the person fields in `fields`
    (names always: PFIF requires full_name). The author is the organisation, never a user."""
    domain = str(operation.setting("pfif_domain", "stranded.local"))
    origin = {
        r.person_id: r.record_id
        for r in PfifRecord.objects.filter(operation=operation, person__in=persons)
    }
    org = operation.organisation.name
    people, notes = [], []
    for person in persons:
        record_id = origin.get(person.pk) or f"{domain}/person.{person.pk}"
        record: dict[str, Any] = {
            "person_record_id": record_id,
            "entry_date": pfif.timestamp(person.updated_at),
            "author_name": org,
            "source_name": org,
            "source_date": pfif.timestamp(person.created_at),
            "full_name": person.full_name or "(name unknown)",
            "given_name": person.given_name,
            "family_name": person.family_name,
        }
        if "sex" in fields:
            record["sex"] = person.sex
        if "birth" in fields:
            year = person.approximate_birth_year
            record["date_of_birth"] = (
                person.birth_date.isoformat() if person.birth_date else str(year) if year else ""
            )
        if "address" in fields:
            record["home_street"] = person.address
        people.append(record)
        if "notes" in fields:
            for note in person.notes.all():
                notes.append(
                    {
                        "note_record_id": f"{domain}/note.{note.pk}",
                        "person_record_id": record_id,
                        "entry_date": pfif.timestamp(note.created_at),
                        "author_name": org,
                        "source_date": pfif.timestamp(note.created_at),
                        "status": note.status,
                        "text": note.text,
                    }
                )
    return people, notes
