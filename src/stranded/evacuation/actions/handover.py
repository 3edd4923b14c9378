"""The hand-over at the destination, in steps that each write one app's records:

1. `_check`: every named place on the manifest accounted for, the persons boarded (no writes)
2. `_store`: evacuation's Handover and the persons without a name handed over, stop by stop
3. `tracing.actions.record_handed_over`: the persons' status, a note on every inquiry about
   them (tracing's records, through tracing's action)
4. `outbox.queue_message`: a message to every family that asked, in their language
5. `_close`: the requests and the trip handed over once nobody on them is left
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from stranded.core.audit import record_event
from stranded.core.models import User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.boarding import locked_trip, unnamed_places
from stranded.evacuation.models import (
    Boarding,
    EvacuationRequest,
    Handover,
    RequestState,
    Stop,
    Trip,
)
from stranded.evacuation.outbox import queue_message
from stranded.tracing.actions import record_handed_over
from stranded.tracing.models import Inquiry, Person, PersonStatus


@dataclass(frozen=True)
class Checked:
    persons: list[Person]  # handed over now, in the order given
    stops: list[Stop]  # the trip's, locked
    unaccounted: int  # named places neither marked nor handed over (the driver said why)


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
    trip = locked_trip(trip)
    checked = _check(trip, organisation, received_by, person_ids, unnamed, reason)
    handover = _store(trip, checked, at, organisation, received_by, by, unnamed, reason)
    inquiries = record_handed_over(
        operation=trip.plan.operation,
        persons=checked.persons,
        where=str(trip.destination),
        note=_note(trip, handover),
        by=by,
    )
    for inquiry in inquiries:
        queue_message(
            operation=trip.plan.operation,
            inquiry=inquiry,
            text=_family_message(trip, handover, inquiry),
        )
    _close(trip, checked.stops)
    record_event(
        actor=by,
        verb="trip.handed_over",
        target=trip,
        detail={
            "handover": str(handover.pk),
            "persons": len(checked.persons),
            "unnamed": unnamed,
            "inquiries": len(inquiries),
            "unaccounted": checked.unaccounted,
        },
    )
    return handover


def _check(
    trip: Trip,
    organisation: str,
    received_by: str,
    person_ids: list[str],
    unnamed: int,
    reason: str,
) -> Checked:
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
    unaccounted = _unaccounted(
        trip, boarded_left=len(boarded) - len(set(map(str, person_ids))), reason=reason
    )
    return Checked([boarded[str(p)] for p in person_ids], stops, unaccounted)


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


def _store(
    trip: Trip,
    checked: Checked,
    at: datetime,
    organisation: str,
    received_by: str,
    by: User,
    unnamed: int,
    reason: str,
) -> Handover:
    handover = Handover.objects.create(
        trip=trip,
        at=at,
        organisation=organisation.strip(),
        received_by=received_by.strip(),
        recorded_by=by,
        unnamed=unnamed,
        unaccounted=checked.unaccounted,
        reason=reason.strip(),
    )
    left = unnamed
    for stop in checked.stops:  # the unnamed handed over, stop by stop
        take = min(left, stop.unnamed_boarded - stop.unnamed_handed_over)
        if take:
            stop.unnamed_handed_over += take
            stop.save(update_fields=["unnamed_handed_over"])
            left -= take
    handover.persons.set(checked.persons)
    return handover


def _facts(trip: Trip, handover: Handover) -> dict[str, Any]:
    """What the note and the families' messages say, the time in the active language."""
    return {
        "vehicle": trip.vehicle,
        "destination": trip.destination,
        "organisation": handover.organisation,
        "when": formats.date_format(timezone.localtime(handover.at), "SHORT_DATETIME_FORMAT"),
    }


def _note(trip: Trip, handover: Handover) -> str:
    return _(
        "Evacuated by %(vehicle)s and handed over at %(destination)s to "
        "%(organisation)s on %(when)s."
    ) % _facts(trip, handover)


def _family_message(trip: Trip, handover: Handover, inquiry: Inquiry) -> str:
    with translation.override(family_language(inquiry)):
        return _(
            "%(reference)s: the person you asked us about was evacuated and handed "
            "over to %(organisation)s at %(destination)s on %(when)s. Please call us "
            "for details."
        ) % {**_facts(trip, handover), "reference": inquiry.reference}


def family_language(inquiry: Any) -> str:
    """A family is written to in the language they were heard in: that of the officer who
    recorded their inquiry (else the default)."""
    recorder = inquiry.created_by
    return (recorder.language if recorder and recorder.language else None) or settings.LANGUAGE_CODE


def _close(trip: Trip, stops: list[Stop]) -> None:
    """A request is handed over once all its persons are, named or not; the trip likewise."""
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
