"""The fleet: vehicles (saved, corrected, deleted while they never had a trip) and destinations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.models import (
    Destination,
    Trip,
    Vehicle,
)


@transaction.atomic
def save_vehicle(
    *, operation: Operation, data: dict[str, Any], by: User, vehicle: Vehicle | None = None
) -> Vehicle:
    """A new vehicle, or a correction: the audit event keeps what changed, from and to."""
    new = vehicle is None
    vehicle = vehicle or Vehicle(operation=operation)
    # As stored, not as a form may have left the instance while validating.
    stored = Vehicle() if new else Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    changes = {}
    for key, value in data.items():
        before = getattr(stored, key, None)
        if new or before != value:
            changes[key] = [_plain(before), _plain(value)]
        setattr(vehicle, key, value)
    vehicle.save()
    record_event(
        actor=by,
        verb="vehicle.saved" if new else "vehicle.changed",
        target=vehicle,
        detail={
            "seats": vehicle.seats,
            "wheelchair": vehicle.wheelchair,
            "stretcher": vehicle.stretcher,
            "changes": changes,
        },
    )
    return vehicle


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@transaction.atomic
def delete_vehicle(*, vehicle: Vehicle, by: User) -> None:
    """Only a vehicle that never had a trip; one that had stays in the record, made inactive."""
    if Trip.objects.filter(vehicle=vehicle).exists():
        raise EvacuationError(
            _("vehicle: %(name)s has trips in a plan; make it inactive") % {"name": vehicle.name}
        )
    record_event(actor=by, verb="vehicle.deleted", target=vehicle, detail={"name": vehicle.name})
    vehicle.delete()


@transaction.atomic
def save_destination(*, operation: Operation, data: dict[str, Any], by: User) -> Destination:
    destination = Destination.objects.create(operation=operation, **data)
    record_event(actor=by, verb="destination.saved", target=destination)
    return destination


def available_vehicles(operation: Operation, at: datetime, until: datetime | None = None) -> Any:
    """Vehicles on shift at some time from `at` to `until` (at `at` alone without it)."""
    return (
        Vehicle.objects.filter(operation=operation, active=True)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=until or at))
        .filter(Q(available_until__isnull=True) | Q(available_until__gt=at))
        .order_by("name")
    )
