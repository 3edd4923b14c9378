"""Every state change of tracing: named, keyword-only, atomic, audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event, record_reads
from stranded.core.models import Operation, User
from stranded.places.locate import area_for
from stranded.places.models import Area
from stranded.tracing.models import (
    FollowUp,
    Inquiry,
    Lead,
    Match,
    Note,
    Person,
    PersonStatus,
    Source,
    StatusChange,
    system_reason,
)

PERSON_FIELDS = (
    "given_name", "family_name", "father_name", "other_names", "sex", "birth_date",
    "birth_year", "age_years", "age_on", "place", "place_text", "address", "lat", "lon", "phone",
    "document_number", "bedridden", "wheelchair", "oxygen_or_dialysis", "needs_medication",
    "lives_alone", "cognitive_impairment", "consent_tracing", "consent_sharing",
)  # fmt: skip
# Unambiguous letters and digits: a reference is read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "INQ-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@transaction.atomic
def record_person(
    *,
    operation: Operation,
    data: dict[str, Any],
    source: str,
    status: str,
    by: User | None,
    area: Area | None = None,
) -> Person:
    now = clock.now(operation)
    person = Person(
        operation=operation, source=source, status=status, created_by=by, created_at=now
    )
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    if person.age_years is not None and person.age_on is None:
        person.age_on = now.date()  # an age is true on the day it was said
    person.area = area or area_for(operation, person.lat, person.lon)
    person.save()
    StatusChange.objects.create(person=person, status=status, at=now, by=by)
    record_event(actor=by, verb="person.recorded", target=person, detail={"source": source})
    from stranded.tracing.index import remember

    remember(person)
    if source != Source.INQUIRY:
        # A person found in the field may be someone sought, or already known: say so now.
        find_matches(person=person)
    return person


@transaction.atomic
def change_status(*, person: Person, status: str, by: User | None, reason: str = "") -> Person:
    if person.status == status:
        return person
    StatusChange.objects.create(
        person=person,
        status=status,
        previous=person.status,
        at=clock.now(clock.of(person)),
        by=by,
        reason=reason,
    )
    person.status = status
    person.save(update_fields=["status", "updated_at"])
    record_event(actor=by, verb="person.status_changed", target=person, detail={"status": status})
    return person


@transaction.atomic
def add_note(
    *,
    person: Person,
    text: str,
    by: User | None,
    status: str = "",
    inquiry: Inquiry | None = None,
    linked_person: Person | None = None,
) -> Note:
    note = Note.objects.create(
        person=person,
        inquiry=inquiry,
        author=by,
        text=text,
        status=status,
        linked_person=linked_person,
        created_at=clock.now(clock.of(person)),
    )
    record_event(actor=by, verb="note.added", target=person, detail={"note": str(note.pk)})
    return note


@transaction.atomic
def record_handed_over(
    *, operation: Operation, persons: list[Person], where: str, note: str, by: User
) -> list[Inquiry]:
    """Persons evacuated and handed over at `where` (evacuation's hand-over): each one's status;
    on every inquiry about them a note (believed alive), its sought person handed over too. The
    inquiries are returned, read for the notice to their families."""
    for person in persons:
        change_status(
            person=person,
            status=PersonStatus.HANDED_OVER,
            by=by,
            reason=system_reason("handed_over", where),
        )
    inquiries = list(
        Inquiry.objects.filter(operation=operation)
        .filter(Q(sought__in=persons) | Q(matched_person__in=persons))
        .select_related("sought", "created_by")
        .distinct()
    )
    record_reads(actor=by, targets=inquiries, purpose="hand-over notice to the family")
    for inquiry in inquiries:
        add_note(
            person=inquiry.sought,
            inquiry=inquiry,
            text=note,
            by=by,
            status=Note.Status.BELIEVED_ALIVE,
        )
        if inquiry.sought.status != PersonStatus.HANDED_OVER:
            change_status(
                person=inquiry.sought,
                status=PersonStatus.HANDED_OVER,
                by=by,
                reason=system_reason("inquiry_handed_over", inquiry.reference),
            )
    return inquiries


@transaction.atomic
def open_inquiry(
    *,
    operation: Operation,
    inquirer: dict[str, str],
    sought: dict[str, Any],
    channel: str,
    by: User,
) -> Inquiry:
    """Record a family's inquiry, match the sought person at once, and leave a lead when no
    likely match exists and a last known address does."""
    person = record_person(
        operation=operation,
        data=sought,
        source=Source.INQUIRY,
        status=PersonStatus.INFORMATION_SOUGHT,
        by=by,
    )
    inquiry = Inquiry.objects.create(
        operation=operation,
        reference=new_reference(),
        sought=person,
        channel=channel,
        received_at=clock.now(operation),
        created_by=by,
        inquirer_name=inquirer.get("name", ""),
        inquirer_contact=inquirer.get("contact", ""),
        inquirer_relation=inquirer.get("relation", ""),
    )
    add_note(
        person=person,
        inquiry=inquiry,
        by=by,
        status=Note.Status.INFORMATION_SOUGHT,
        text=f"Inquiry {inquiry.reference} received by {channel}.",
    )
    record_event(actor=by, verb="inquiry.opened", target=inquiry)
    matches = find_matches(person=person, inquiry=inquiry)
    if not any(m.band == Match.Band.LIKELY for m in matches) and (person.address or person.place):
        create_lead(inquiry=inquiry, by=by)
    return inquiry


@transaction.atomic
def find_matches(*, person: Person, inquiry: Inquiry | None = None) -> list[Match]:
    """Store the matcher's candidates for one person as pending matches."""
    from stranded.tracing.index import candidates_for

    matches = []
    for candidate in candidates_for(person):
        left_id, right_id, about = person.pk, candidate.person_id, inquiry
        comparison = candidate.comparison
        sought_in = None
        if inquiry is None:
            sought_in = Inquiry.objects.filter(
                sought_id=candidate.person_id, status=Inquiry.Status.OPEN
            ).first()
        if sought_in is not None:
            # Someone found in the field who may be a sought person: the match is the
            # inquiry's, seen from it (sought on the left), so its page shows it at once.
            left_id, right_id, about = candidate.person_id, person.pk, sought_in
            comparison = [{**row, "left": row["right"], "right": row["left"]} for row in comparison]
        match, _ = Match.objects.update_or_create(
            left_id=left_id,
            right_id=right_id,
            defaults={
                "operation": person.operation,
                "inquiry": about,
                "probability": candidate.probability,
                "band": candidate.band,
                "comparison": comparison,
            },
        )
        matches.append(match)
    return matches


@transaction.atomic
def create_lead(*, inquiry: Inquiry, by: User | None) -> Lead:
    sought = inquiry.sought
    lead = Lead.objects.create(
        operation=inquiry.operation,
        inquiry=inquiry,
        place=sought.place,
        address=sought.address,
        lat=sought.lat,
        lon=sought.lon,
        area=sought.area or area_for(inquiry.operation, sought.lat, sought.lon),
        created_at=clock.now(clock.of(inquiry)),
    )
    record_event(actor=by, verb="lead.created", target=lead, detail={"inquiry": str(inquiry.pk)})
    return lead


@transaction.atomic
def confirm_match(*, match: Match, by: User) -> Match:
    match.decision = Match.Decision.CONFIRMED
    match.decided_by = by
    match.decided_at = clock.now(clock.of(match))
    match.save(update_fields=["decision", "decided_by", "decided_at"])
    record_event(actor=by, verb="match.confirmed", target=match)
    if match.inquiry_id:
        _resolve_inquiry(match=match, by=by)
    else:
        merge_persons(keep=match.left, duplicate=match.right, by=by)
    return match


def _resolve_inquiry(*, match: Match, by: User) -> None:
    inquiry, found = match.inquiry, match.right
    assert inquiry is not None
    inquiry.status = Inquiry.Status.MATCHED
    inquiry.matched_person = found
    inquiry.save(update_fields=["status", "matched_person"])
    add_note(
        person=found,
        inquiry=inquiry,
        by=by,
        status=Note.Status.INFORMATION_SOUGHT,
        linked_person=inquiry.sought,
        text=f"Sought by inquiry {inquiry.reference}; match confirmed.",
    )
    merge_persons(keep=found, duplicate=inquiry.sought, by=by)
    inquiry.leads.filter(status=Lead.Status.OPEN).update(status=Lead.Status.CLOSED)
    record_event(actor=by, verb="inquiry.matched", target=inquiry)
    _open_follow_up(inquiry=inquiry, match=match, by=by)


def _open_follow_up(*, inquiry: Inquiry, match: Match, by: User) -> FollowUp:
    """The family that asked is to be told: one open task per inquiry."""
    task = inquiry.follow_ups.filter(status=FollowUp.Status.OPEN).first()
    if task is None:
        task = FollowUp.objects.create(
            operation_id=inquiry.operation_id,
            inquiry=inquiry,
            match=match,
            created_at=clock.now(clock.of(inquiry)),
        )
        record_event(actor=by, verb="follow_up.opened", target=task)
    return task


class FollowUpError(ValueError):
    """A follow-up that cannot be marked done (the reason said)."""


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp, outcome: str, by: User) -> FollowUp:
    """The family was told: how (a few words), by whom, when; a note on the inquiry says so."""
    task = FollowUp.objects.select_for_update().select_related("inquiry").get(pk=follow_up.pk)
    if task.status == FollowUp.Status.DONE:
        raise FollowUpError(
            _("the family of %(reference)s was told already")
            % {"reference": task.inquiry.reference}
        )
    outcome = outcome.strip()[:300]
    if not outcome:
        raise FollowUpError(_("say how the family was told"))
    task.status, task.outcome, task.done_by = FollowUp.Status.DONE, outcome, by
    task.done_at = clock.now(clock.of(task))
    task.save(update_fields=["status", "outcome", "done_by", "done_at"])
    inquiry = task.inquiry
    person = inquiry.matched_person or inquiry.sought
    add_note(person=person, inquiry=inquiry, by=by, text=f"Family told: {outcome}")
    record_event(actor=by, verb="follow_up.done", target=task)
    return task


class DecisionError(ValueError):
    """Several matches that cannot be decided together (the reason said)."""


BULK_MOST = 50  # matches decided at once, each shown with its comparison


@transaction.atomic
def decide_matches(*, matches: list[Match], decision: str, by: User) -> list[Match]:
    """Several obvious matches at once, each as if decided alone (and audited so). Confirming
    takes likely matches only, none sharing a person with another (confirming merges them):
    the others are decided one by one."""
    if decision not in ("confirm", "reject"):
        raise DecisionError(_("decide: confirm or reject"))
    if not matches or len(matches) > BULK_MOST:
        raise DecisionError(_("choose 1 to %(most)s matches") % {"most": BULK_MOST})
    if any(m.decision != Match.Decision.PENDING for m in matches):
        raise DecisionError(_("a chosen match was decided meanwhile; look again"))
    if decision == "confirm":
        if any(m.band != Match.Band.LIKELY for m in matches):
            raise DecisionError(_("only likely matches are confirmed together"))
        persons = [p for m in matches for p in (m.left_id, m.right_id)]
        if len(set(persons)) < len(persons):
            raise DecisionError(_("two chosen matches share a person: decide them one by one"))
    decide = confirm_match if decision == "confirm" else reject_match
    decided = [decide(match=match, by=by) for match in matches]
    record_event(
        actor=by,
        verb=f"matches.{decision}ed_together",
        target=by.operation,
        detail={"matches": [str(m.pk) for m in decided]},
    )
    return decided


@transaction.atomic
def reject_match(*, match: Match, by: User) -> Match:
    match.decision = Match.Decision.REJECTED
    match.decided_by = by
    match.decided_at = clock.now(clock.of(match))
    match.save(update_fields=["decision", "decided_by", "decided_at"])
    record_event(actor=by, verb="match.rejected", target=match)
    inquiry = match.inquiry
    if inquiry is not None and _needs_lead(inquiry):
        create_lead(inquiry=inquiry, by=by)
    return match


def _needs_lead(inquiry: Inquiry) -> bool:
    """Every candidate rejected, no lead yet, and somewhere to go and look."""
    sought = inquiry.sought
    return (
        not inquiry.matches.filter(decision=Match.Decision.PENDING).exists()
        and not inquiry.leads.exists()
        and bool(sought.address or sought.place_id)
    )


@transaction.atomic
def close_inquiry(*, inquiry: Inquiry, reason: str, by: User) -> Inquiry:
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed_reason = reason
    inquiry.save(update_fields=["status", "closed_reason"])
    inquiry.leads.filter(status=Lead.Status.OPEN).update(status=Lead.Status.CLOSED)
    record_event(actor=by, verb="inquiry.closed", target=inquiry, detail={"reason": reason})
    return inquiry


@transaction.atomic
def merge_persons(*, keep: Person, duplicate: Person, by: User) -> Person:
    """One human, two records: the duplicate points at the kept record and keeps its history;
    fields the kept record lacks are filled from the duplicate."""
    if keep.pk == duplicate.pk:
        return keep
    filled = []
    for field in PERSON_FIELDS:
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
            filled.append(field)
    keep.save()
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    record_event(
        actor=by,
        verb="person.merged",
        target=keep,
        detail={"duplicate": str(duplicate.pk), "filled": filled},
    )
    return keep


class DuplicateError(ValueError):
    """An inquiry that cannot be closed as a duplicate of the one chosen (the reason said)."""


def _root(person: Person) -> Person:
    while person.merged_into_id is not None:
        person = Person.objects.get(pk=person.merged_into_id)
    return person


@transaction.atomic
def close_as_duplicate(*, inquiry: Inquiry, of: Inquiry, by: User) -> Inquiry:
    """Two families asked about one person: `inquiry` is closed, linked to `of` (which stays
    open), the sought records merged, the pending matches between them confirmed. Both callers
    remain on the kept inquiry's page, to be told."""
    if of.pk == inquiry.pk or of.operation_id != inquiry.operation_id:
        raise DuplicateError(
            _("inquiry %(reference)s: choose another inquiry") % {"reference": inquiry.reference}
        )
    if of.duplicate_of_id is not None:
        raise DuplicateError(
            _("inquiry %(reference)s is itself closed as a duplicate of %(kept)s: choose that one")
            % {"reference": of.reference, "kept": of.duplicate_of}
        )
    if inquiry.status == Inquiry.Status.CLOSED:
        raise DuplicateError(
            _("inquiry %(reference)s is closed already") % {"reference": inquiry.reference}
        )
    inquiry.status, inquiry.duplicate_of = Inquiry.Status.CLOSED, of
    inquiry.closed_reason = f"duplicate of {of.reference}"
    inquiry.save(update_fields=["status", "duplicate_of", "closed_reason"])
    inquiry.leads.filter(status=Lead.Status.OPEN).update(status=Lead.Status.CLOSED)
    pair = [inquiry.sought_id, of.sought_id]
    Match.objects.filter(
        left_id__in=pair, right_id__in=pair, decision=Match.Decision.PENDING
    ).update(
        decision=Match.Decision.CONFIRMED, decided_by=by, decided_at=clock.now(clock.of(inquiry))
    )
    keep, duplicate = _root(of.sought), _root(inquiry.sought)
    if keep.pk != duplicate.pk:
        merge_persons(keep=keep, duplicate=duplicate, by=by)
    add_note(
        person=keep,
        inquiry=of,
        by=by,
        status=Note.Status.INFORMATION_SOUGHT,
        text=f"Inquiry {inquiry.reference} closed as a duplicate of {of.reference}: "
        f"two families asked; tell both.",
    )
    record_event(
        actor=by,
        verb="inquiry.closed_as_duplicate",
        target=inquiry,
        detail={"duplicate_of": str(of.pk)},
    )
    return inquiry


@transaction.atomic
def change_person(*, person: Person, data: dict[str, Any], by: User) -> Person:
    """A person's details corrected by hand (a sought person's name as the family spells it, a
    phone): what changed is kept (core.history) and the matcher runs again."""
    from stranded.core.history import differences, record_correction

    stored = Person.objects.select_for_update().get(pk=person.pk)
    wanted = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    changes = differences(stored, wanted)
    for key, value in wanted.items():
        setattr(stored, key, value)
    if {"lat", "lon"} & set(changes):
        stored.area = area_for(stored.operation, stored.lat, stored.lon)
    stored.save()
    record_correction(target=stored, changes=changes, by=by, verb="person.corrected")
    if changes and stored.merged_into_id is None:
        inquiry = stored.inquiries.filter(status=Inquiry.Status.OPEN).first()
        find_matches(person=stored, inquiry=inquiry)
    return stored
