"""Correcting an evacuation request by hand, the history kept (core.history)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stranded.core import clock
from stranded.core.history import differences, record_correction
from stranded.core.models import User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.models import EvacuationRequest, RequestState

EDITABLE = (
    "seated",
    "wheelchair",
    "stretcher",
    "medical_priority",
    "consent",
    "ready_from",
    "address",
    "lat",
    "lon",
    "escort",
)


@transaction.atomic
def change_request(
    *, request: EvacuationRequest, data: dict[str, Any], by: User
) -> EvacuationRequest:
    """Only an open request (one on a trip changes with the plan); the places of a request
    naming persons follow their mobility, not typed counts."""
    stored = EvacuationRequest.objects.select_for_update().get(pk=request.pk)
    if stored.state != RequestState.OPEN:
        raise EvacuationError(
            f"request {stored.reference}: it is {stored.get_state_display()}"
            f"; only an open request can be corrected"
        )
    wanted = {k: data[k] for k in EDITABLE if k in data}
    changes = differences(stored, wanted)
    counts = {"seated", "wheelchair", "stretcher"} & set(changes)
    if counts and stored.persons.exists():
        raise EvacuationError(
            f"request {stored.reference}.{sorted(counts)[0]}: the places "
            f"follow the persons named on the request"
        )
    for key, value in wanted.items():
        setattr(stored, key, value)
    if "consent" in changes:
        stored.consent_recorded_at = clock.now(clock.of(stored)) if stored.consent else None
    stored.save()
    record_correction(target=stored, changes=changes, by=by, verb="evacuation_request.corrected")
    return stored
