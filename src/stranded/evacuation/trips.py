"""Actions of the trip day: boarding (boarded / no-show per person) and the hand-over at the
destination, which tells the tracing side and queues a message to every family that asked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event, record_reads
from stranded.core.models import User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.models import (
    Boarding,
    EvacuationRequest,
    Handover,
    OutboxMessage,
    RequestState,
    Stop,
    Trip,
)
from stranded.evacuation.outbox import channel_name


def _locked(trip: Trip) -> Trip:
    return Trip.objects.select_for_update().select_related("vehicle", "destination").get(pk=trip.pk)


def unnamed_places(stop: Stop) -> int:
    """Places of a stop for persons nobody named (a request made by counts)."""
    return sum(stop.load) - stop.boardings.count()


@transaction.atomic
def record_boarding(
    *, trip: Trip, statuses: dict[str, str], by: User, unnamed: dict[str, int] | None = None
) -> list[Boarding]:
    """statuses: person id -> boarded | no_show. A person boarded is evacuated.
    unnamed: stop number -> how many of its persons without a name boarded."""
    from stranded.tracing.actions import change_status
    from stranded.tracing.models import PersonStatus

    trip = _locked(trip)
    if trip.status != Trip.Status.PLANNED:
        raise EvacuationError(
            _("%(trip)s: the trip is %(status)s")
            % {"trip": trip, "status": trip.get_status_display().lower()}
        )
    from stranded.interop.movements import ensure_cleared  # the authority's answer (issue 21)

    ensure_cleared(trip)
    counted = _count_unnamed(trip, unnamed or {})
    rows = {str(b.person_id): b for b in trip.boardings.select_related("person", "stop__request")}
    changed, now = [], clock.now(clock.of(trip.plan))
    for number, (person_id, status) in enumerate(statuses.items(), start=1):
        boarding = rows.get(str(person_id))
        if boarding is None:
            raise EvacuationError(
                _("boarding[%(number)s].person: not on the manifest of %(trip)s")
                % {"number": number, "trip": trip}
            )
        if status not in (Boarding.Status.BOARDED, Boarding.Status.NO_SHOW):
            raise EvacuationError(
                _("boarding[%(number)s].status: '%(status)s' is not boarded/no_show")
                % {"number": number, "status": status}
            )
        if boarding.status == status:
            continue
        if boarding.person.status == PersonStatus.HANDED_OVER:
            raise EvacuationError(
                _("boarding[%(number)s].status: already handed over") % {"number": number}
            )
        previous = boarding.status
        boarding.status, boarding.at, boarding.by = status, now, by
        boarding.save(update_fields=["status", "at", "by"])
        if status == Boarding.Status.BOARDED:
            change_status(
                person=boarding.person,
                status=PersonStatus.EVACUATED,
                by=by,
                reason=f"boarded {trip}",
            )
        elif previous == Boarding.Status.BOARDED:  # a correction: the person did not leave
            change_status(
                person=boarding.person,
                status=PersonStatus.EVACUATION_REQUESTED,
                by=by,
                reason=f"not on board {trip} (corrected)",
            )
        changed.append(boarding)
    for request in {b.stop.request for b in changed} | {s.request for s in counted}:
        _request_state(request)
    record_event(
        actor=by,
        verb="trip.boarding_recorded",
        target=trip,
        detail={
            "boarded": sum(b.status == "boarded" for b in changed),
            "no_show": sum(b.status == "no_show" for b in changed),
            "unnamed_boarded": sum(s.unnamed_boarded for s in counted),
        },
    )
    return changed


def _count_unnamed(trip: Trip, unnamed: dict[str, int]) -> list[Stop]:
    """The counts of persons without a name who boarded, per stop number; the stops changed."""
    stops = {str(s.order): s for s in trip.stops.select_related("request")}
    changed = []
    for number, value in unnamed.items():
        stop = stops.get(str(number))
        if stop is None:
            raise EvacuationError(
                _("boarding.unnamed[%(number)s]: no stop %(number)s on %(trip)s")
                % {"number": number, "trip": trip}
            )
        places = unnamed_places(stop)
        if not isinstance(value, int) or not 0 <= value <= places:
            raise EvacuationError(
                _(
                    "boarding.unnamed[%(number)s]: must be a whole number from 0 to %(places)s "
                    "(persons without a name at this stop)"
                )
                % {"number": number, "places": places}
            )
        if value < stop.unnamed_handed_over:
            raise EvacuationError(
                _("boarding.unnamed[%(number)s]: %(handed_over)s of them are handed over already")
                % {"number": number, "handed_over": stop.unnamed_handed_over}
            )
        if value != stop.unnamed_boarded:
            stop.unnamed_boarded = value
            stop.save(update_fields=["unnamed_boarded"])
            changed.append(stop)
    return changed


def _request_state(request: EvacuationRequest) -> None:
    statuses = set(Boarding.objects.filter(stop__request=request).values_list("status", flat=True))
    stops = list(request.stops.exclude(trip__status=Trip.Status.CANCELLED))
    unnamed = sum(unnamed_places(s) for s in stops)
    boarded_unnamed = sum(s.unnamed_boarded for s in stops)
    if statuses == {Boarding.Status.NO_SHOW} and not boarded_unnamed:
        request.state = RequestState.NO_SHOW
    elif (
        (Boarding.Status.BOARDED in statuses or boarded_unnamed)
        and Boarding.Status.EXPECTED not in statuses
        and boarded_unnamed >= unnamed
    ):
        request.state = RequestState.BOARDED
    else:
        return
    request.save(update_fields=["state"])


@transaction.atomic
def record_handover(
    *,
    trip: Trip,
    at: datetime,
    organisation: str,
    received_by: str,
    person_ids: list[str],
    by: User,
    unnamed: int = 0,
    reason: str = "",
) -> Handover:
    """Persons handed over: their status, a note on every inquiry about them, the families
    told through the outbox; `unnamed` persons without a name who boarded are counted.

    Every named place on the manifest is accounted for: handed over, or marked no-show. Places
    still expected, or boarded and left out of this hand-over, need the driver's `reason`."""
    from stranded.tracing.actions import change_status
    from stranded.tracing.models import PersonStatus

    trip = _locked(trip)
    if not organisation.strip() or not received_by.strip():
        field = "organisation" if not organisation.strip() else "received_by"
        raise EvacuationError(_("handover.%(field)s: required") % {"field": field})
    # who boarded and is not handed over yet: a person is handed over (and the family told) once
    boarded = {
        str(b.person_id): b.person
        for b in trip.boardings.select_related("person")
        .filter(status=Boarding.Status.BOARDED)
        .exclude(person__status=PersonStatus.HANDED_OVER)
    }
    stops = list(trip.stops.select_for_update().order_by("order"))
    waiting = sum(s.unnamed_boarded - s.unnamed_handed_over for s in stops)
    if not 0 <= unnamed <= waiting:
        raise EvacuationError(
            _(
                "handover.unnamed: %(waiting)s persons without a name boarded and are not handed "
                "over yet"
            )
            % {"waiting": waiting}
        )
    if not person_ids and not unnamed:
        raise EvacuationError(_("handover.persons: choose at least one person who boarded"))
    for number, person_id in enumerate(person_ids, start=1):
        if str(person_id) not in boarded:
            raise EvacuationError(
                _(
                    "handover.persons[%(number)s]: has not boarded %(trip)s, or is handed over "
                    "already"
                )
                % {"number": number, "trip": trip}
            )
    persons = [boarded[str(p)] for p in person_ids]
    unaccounted = _unaccounted(
        trip, boarded_left=len(boarded) - len(set(map(str, person_ids))), reason=reason
    )
    handover = Handover.objects.create(
        trip=trip,
        at=at,
        organisation=organisation.strip(),
        received_by=received_by.strip(),
        recorded_by=by,
        unnamed=unnamed,
        unaccounted=unaccounted,
        reason=reason.strip(),
    )
    left = unnamed
    for stop in stops:  # the unnamed handed over, stop by stop
        take = min(left, stop.unnamed_boarded - stop.unnamed_handed_over)
        if take:
            stop.unnamed_handed_over += take
            stop.save(update_fields=["unnamed_handed_over"])
            left -= take
    handover.persons.set(persons)
    for person in persons:
        change_status(
            person=person,
            status=PersonStatus.HANDED_OVER,
            by=by,
            reason=f"handed over at {trip.destination}",
        )
    told = _tell_inquiries(trip, handover, persons, by)
    requests = EvacuationRequest.objects.filter(stops__trip=trip).distinct()
    for request in requests:
        live = list(request.stops.exclude(trip__status=Trip.Status.CANCELLED))
        if not request.rows.exclude(person__status=PersonStatus.HANDED_OVER).exists() and sum(
            s.unnamed_handed_over for s in live
        ) >= sum(unnamed_places(s) for s in live):
            request.state = RequestState.HANDED_OVER
            request.save(update_fields=["state"])
    if not trip.boardings.filter(status=Boarding.Status.BOARDED).exclude(
        person__status=PersonStatus.HANDED_OVER
    ).exists() and all(s.unnamed_handed_over >= s.unnamed_boarded for s in stops):
        trip.status = Trip.Status.HANDED_OVER
        trip.save(update_fields=["status"])
    record_event(
        actor=by,
        verb="trip.handed_over",
        target=trip,
        detail={
            "handover": str(handover.pk),
            "persons": len(persons),
            "unnamed": unnamed,
            "inquiries": told,
            "unaccounted": unaccounted,
        },
    )
    return handover


def _unaccounted(trip: Trip, *, boarded_left: int, reason: str) -> int:
    """Named places neither marked (still expected) nor in this hand-over though boarded."""
    expected = trip.boardings.filter(status=Boarding.Status.EXPECTED).count()
    if (expected or boarded_left) and not reason.strip():
        raise EvacuationError(
            _(
                "handover.reason: %(expected)s on the manifest are neither marked boarded nor "
                "no-show and %(boarded_left)s boarded are not in this hand-over: mark every place, "
                "or say why"
            )
            % {"expected": expected, "boarded_left": boarded_left}
        )
    return expected + boarded_left


def _tell_inquiries(trip: Trip, handover: Handover, persons: list[Any], by: User) -> int:
    from stranded.tracing.actions import add_note, change_status
    from stranded.tracing.models import Inquiry, Note, PersonStatus

    inquiries = list(
        Inquiry.objects.filter(operation=trip.plan.operation)
        .filter(Q(sought__in=persons) | Q(matched_person__in=persons))
        .select_related("sought", "created_by")
        .distinct()
    )
    record_reads(actor=by, targets=inquiries, purpose="hand-over notice to the family")
    when = timezone.localtime(handover.at)
    for inquiry in inquiries:
        facts = {
            "vehicle": trip.vehicle,
            "destination": trip.destination,
            "organisation": handover.organisation,
            "reference": inquiry.reference,
            "when": formats.date_format(when, "SHORT_DATETIME_FORMAT"),
        }
        text = (
            _(
                "Evacuated by %(vehicle)s and handed over at %(destination)s to "
                "%(organisation)s on %(when)s."
            )
            % facts
        )
        add_note(
            person=inquiry.sought,
            inquiry=inquiry,
            text=text,
            by=by,
            status=Note.Status.BELIEVED_ALIVE,
        )
        if inquiry.sought.status != PersonStatus.HANDED_OVER:
            change_status(
                person=inquiry.sought,
                status=PersonStatus.HANDED_OVER,
                by=by,
                reason=f"inquiry {inquiry.reference}: handed over",
            )
        with translation.override(family_language(inquiry)):
            facts["when"] = formats.date_format(when, "SHORT_DATETIME_FORMAT")
            message = (
                _(
                    "%(reference)s: the person you asked us about was evacuated and handed "
                    "over to %(organisation)s at %(destination)s on %(when)s. Please call us "
                    "for details."
                )
                % facts
            )
        OutboxMessage.objects.create(
            operation=trip.plan.operation,
            inquiry=inquiry,
            channel=channel_name(),
            recipient=inquiry.inquirer_contact,
            text=message,
        )
    return len(inquiries)


def family_language(inquiry: Any) -> str:
    """A family is written to in the language they were heard in: that of the officer who
    recorded their inquiry (else the default)."""
    recorder = inquiry.created_by
    return (recorder.language if recorder and recorder.language else None) or settings.LANGUAGE_CODE
