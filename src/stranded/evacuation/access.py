"""Permission-aware lookups: the only way views and API get evacuation records.

Coordinators (evacuation.plan) see the operation's requests, fleet, plans and trips. A driver
(evacuation.own_trip) sees only the trips of the vehicles they drive in the published plan; any
other trip is a 404, like one that does not exist. Manifests name persons: each read is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from stranded.core.access import ensure, ensure_operation, get_visible
from stranded.core.audit import record_reads
from stranded.core.roles import Perm
from stranded.evacuation.models import (
    Destination,
    EvacuationRequest,
    Plan,
    PlanStatus,
    Trip,
    Vehicle,
)

if TYPE_CHECKING:
    from stranded.core.models import User


def visible_requests(user: User) -> Any:
    return EvacuationRequest.objects.filter(operation=ensure_operation(user, Perm.PLAN_EVACUATION))


def requests_listed(user: User, rows: Any) -> list[EvacuationRequest]:
    """A list of requests shows addresses, coordinates and medical priority: each is a read."""
    shown = list(rows)
    record_reads(actor=user, targets=shown)
    return shown


def get_request(user: User, request_id: UUID) -> EvacuationRequest:
    request = get_visible(user, visible_requests(user), id=request_id)
    record_reads(actor=user, targets=list(request.persons.all()))
    return request


def vehicles(user: User) -> Any:
    return Vehicle.objects.filter(operation=ensure_operation(user, Perm.PLAN_EVACUATION))


def get_vehicle(user: User, vehicle_id: UUID) -> Vehicle:
    return get_object_or_404(vehicles(user), id=vehicle_id)


def destinations(user: User) -> Any:
    return Destination.objects.filter(operation=ensure_operation(user, Perm.PLAN_EVACUATION))


def plans(user: User) -> Any:
    return Plan.objects.filter(operation=ensure_operation(user, Perm.PLAN_EVACUATION))


def get_plan(user: User, plan_id: UUID) -> Plan:
    return get_object_or_404(plans(user).select_related("destination"), id=plan_id)


def visible_trips(user: User) -> Any:
    """Coordinators: every trip of the operation; drivers: their vehicles' published trips."""
    operation = user.operation if getattr(user, "is_authenticated", False) else None
    if operation is None:
        raise Http404
    trips = Trip.objects.filter(plan__operation=operation).select_related(
        "vehicle", "destination", "plan"
    )
    if user.can(Perm.PLAN_EVACUATION):
        return trips
    ensure(user, Perm.VIEW_OWN_TRIP)
    # the published plan's trips, and a superseded plan's trips still under way (boarding had
    # started when the new plan was published): the driver must still hand those people over
    return trips.filter(vehicle__driver=user).filter(
        Q(plan__status=PlanStatus.PUBLISHED)
        | Q(plan__status=PlanStatus.SUPERSEDED, status=Trip.Status.PLANNED)
    )


def get_trip(user: User, trip_id: UUID, *, write: bool = False) -> Trip:
    trip = get_visible(user, visible_trips(user), id=trip_id)
    if write and not user.can(Perm.RECORD_HANDOVER):
        raise Http404
    return trip


def read_manifest(user: User, trip: Trip) -> list[dict[str, Any]]:
    """The manifest rows, each named person's read logged."""
    from stranded.tracing.models import Person

    manifest = getattr(trip, "manifest", None)
    if manifest is None:
        return []
    record_reads(
        actor=user,
        targets=list(Person.objects.filter(pk__in=manifest.person_ids())),
        purpose="manifest",
    )
    return list(manifest.rows)


def driver_notices(user: User) -> Any:
    """What the published plan changed for the user's vehicles (a driver's own only)."""
    from stranded.evacuation.models import DriverNotice

    ensure(user, Perm.VIEW_OWN_TRIP)
    return DriverNotice.objects.filter(
        vehicle__driver=user, plan__operation=user.operation, plan__status=PlanStatus.PUBLISHED
    ).order_by("-created_at")
