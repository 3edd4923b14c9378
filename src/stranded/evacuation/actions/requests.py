"""Requests for evacuation: created (by hand, by counts, from a visit's persons), cancelled.

open -> assigned (a published plan puts it on a trip, publish.py) -> boarded / no-show
(boarding.py) -> handed over (handover.py); cancelled at any time before boarding.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.publish import build_manifest
from stranded.evacuation.models import (
    MOBILITY,
    Boarding,
    EvacuationRequest,
    RequestPerson,
    RequestState,
    Stop,
    Trip,
)
from stranded.tracing.models import Mobility, system_reason

if TYPE_CHECKING:
    from stranded.sweeps.models import Visit


CONDITION_PRIORITY = {"critical": 2, "needs_care": 1}


def new_reference() -> str:
    return f"EVR-{uuid.uuid4().hex[:6].upper()}"


def person_mobility(person: Any, said: str = "") -> str:
    if said in MOBILITY:
        return said
    if person.bedridden:
        return Mobility.STRETCHER
    return Mobility.WHEELCHAIR if person.wheelchair else Mobility.SEATED


@transaction.atomic
def create_request(
    *,
    operation: Operation,
    by: User | None,
    lat: float,
    lon: float,
    persons: list[tuple[Any, str]] = (),  # type: ignore[assignment]
    counts: tuple[int, int, int] = (0, 0, 0),
    consent: bool,
    medical_priority: int = 0,
    address: str = "",
    escort: str = "",
    ready_from: datetime | None = None,
    pickup_place: Any = None,
    visit: Visit | None = None,
) -> EvacuationRequest:
    """A request for named persons (their mobility counts the places) or for counts alone."""
    from stranded.tracing.actions import change_status
    from stranded.tracing.models import PersonStatus

    if persons:
        counts = tuple(sum(1 for _person, m in persons if m == k) for k in MOBILITY)  # type: ignore[assignment]
    if sum(counts) == 0:
        raise EvacuationError(
            _("request: nobody to carry (seated, wheelchair and stretcher are 0)")
        )
    request = EvacuationRequest.objects.create(
        operation=operation,
        reference=new_reference(),
        visit=visit,
        seated=counts[0],
        wheelchair=counts[1],
        stretcher=counts[2],
        medical_priority=medical_priority,
        consent=consent,
        consent_recorded_at=clock.now(operation) if consent else None,
        created_at=clock.now(operation),
        ready_from=ready_from,
        pickup_place=pickup_place,
        address=address,
        lat=lat,
        lon=lon,
        escort=escort,
        created_by=by,
    )
    for person, mobility in persons:
        RequestPerson.objects.create(request=request, person=person, mobility=mobility)
        if consent:
            change_status(
                person=person,
                status=PersonStatus.EVACUATION_REQUESTED,
                by=by,
                reason=system_reason("evacuation_request", request.reference),
            )
    record_event(
        actor=by,
        verb="evacuation_request.created",
        target=request,
        detail={
            "persons": request.total,
            "consent": consent,
            "visit": str(visit.pk) if visit else "",
        },
    )
    return request


def visit_point(visit: Visit) -> tuple[float, float]:
    """Where to pick up: the visit's own point, else its address, else its area's centre."""
    if visit.lat is not None and visit.lon is not None:
        return visit.lat, visit.lon
    if visit.address is not None and visit.address.lat is not None:
        return visit.address.lat, visit.address.lon  # type: ignore[return-value]  # lat, lon together
    return visit.area.center_lat, visit.area.center_lon


def request_from_visit(*, visit: Visit, by: User | None) -> EvacuationRequest | None:
    """The persons met who want to leave and consented, as one request; None if nobody."""
    met = [
        vp
        for vp in visit.persons.select_related("person").order_by("pk")
        if vp.wants_to_leave and vp.consent_to_leave
    ]
    if not met:
        return None
    lat, lon = visit_point(visit)
    priority = max(
        CONDITION_PRIORITY.get(vp.condition, 0) + (1 if vp.person.oxygen_or_dialysis else 0)
        for vp in met
    )
    return create_request(
        operation=visit.operation,
        by=by,
        lat=lat,
        lon=lon,
        consent=True,
        visit=visit,
        persons=[(vp.person, person_mobility(vp.person, vp.mobility)) for vp in met],
        medical_priority=priority,
        address=visit.address.text if visit.address else "",
        pickup_place=visit.area.place,
    )


@transaction.atomic
def cancel_request(*, request: EvacuationRequest, by: User) -> EvacuationRequest:
    request = EvacuationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state not in (RequestState.OPEN, RequestState.ASSIGNED):
        raise EvacuationError(
            _("%(reference)s: cannot cancel a request %(state)s")
            % {"reference": request.reference, "state": request.state}
        )
    started = Boarding.objects.filter(stop__request=request).exclude(
        status=Boarding.Status.EXPECTED
    )
    if started.exists():
        raise EvacuationError(
            _("%(reference)s.state: boarding has started; cannot cancel")
            % {"reference": request.reference}
        )
    request.state = RequestState.CANCELLED
    request.save(update_fields=["state"])
    # off every trip still to run: its places free again, its manifest without these persons
    ids = Stop.objects.filter(request=request, trip__status=Trip.Status.PLANNED).values("trip")
    trips = list(Trip.objects.select_for_update().filter(pk__in=ids))
    Stop.objects.filter(request=request, trip__in=trips).delete()
    for trip in trips:
        build_manifest(trip)
    record_event(actor=by, verb="evacuation_request.cancelled", target=request)
    return request
