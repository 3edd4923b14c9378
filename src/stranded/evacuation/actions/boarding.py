"""Boarding on the trip day: boarded / no-show per person, and the persons without a name counted
per stop. A person boarded is evacuated (tracing's status, through tracing's action).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.models import (
    Boarding,
    EvacuationRequest,
    RequestState,
    Stop,
    Trip,
)


def locked_trip(trip: Trip) -> Trip:
    return Trip.objects.select_for_update().select_related("vehicle", "destination").get(pk=trip.pk)


def ensure_cleared(trip: Trip) -> None:
    """Called before a trip starts (its first boarding): the authority's refusal stops it."""
    plan = trip.plan
    if plan.refused_reference:
        raise EvacuationError(
            _(
                "%(trip)s: the movement notification %(reference)s was refused by %(authority)s; "
                "the trip cannot start unless a coordinator overrides the refusal with a reason"
            )
            % {
                "trip": trip,
                "reference": plan.refused_reference,
                "authority": plan.refused_authority,
            }
        )


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
    from stranded.tracing.models import PersonStatus, system_reason

    trip = locked_trip(trip)
    if trip.status != Trip.Status.PLANNED:
        raise EvacuationError(
            _("%(trip)s: the trip is %(status)s")
            % {"trip": trip, "status": trip.get_status_display().lower()}
        )
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
                reason=system_reason("boarded", trip),
            )
        elif previous == Boarding.Status.BOARDED:  # a correction: the person did not leave
            change_status(
                person=boarding.person,
                status=PersonStatus.EVACUATION_REQUESTED,
                by=by,
                reason=system_reason("not_on_board", trip),
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
