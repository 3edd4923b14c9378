"""A field visit, from whatever brought it (the visit page, the API, a phone, an import file), to
every record it creates: one transaction, each app's part called here in the order it happens.

    check_field_visit (forms)    every app checks its part; all faults at once (InputError)
    record_visit                 sweeps: the visit, its address, the area started
    record_persons_met           tracing records each person met (matched at once)
    follow_lead                  the lead visited, a note on its inquiry
    needs_from_visit             needs of the household (no doubles per address and kind)
    sightings_from_visit         animals seen, matched against pet inquiries
    remains_from_visit           bodies found, each with its code and 'found' event
    request_from_visit           who wants to leave and consented: one evacuation request

A repeated submission (same instanceID, same content) creates nothing: (visit, False).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stranded.animals.actions import sightings_from_visit
from stranded.core.models import Operation, User
from stranded.evacuation.actions.requests import request_from_visit
from stranded.fieldwork.forms import check_field_visit
from stranded.needs.actions import needs_from_visit
from stranded.remains.actions import remains_from_visit
from stranded.sweeps.actions import follow_lead, record_persons_met, record_visit
from stranded.sweeps.models import Visit


@transaction.atomic
def record_field_visit(
    *,
    operation: Operation,
    data: dict[str, Any],
    by: User,
    source: str,
    instance_id: str | None = None,
) -> tuple[Visit, bool]:
    cleaned = check_field_visit(data)
    visit, created = record_visit(
        operation=operation, cleaned=cleaned, by=by, source=source, instance_id=instance_id
    )
    if not created:
        return visit, False
    record_persons_met(visit=visit, persons=cleaned["persons"], by=by)
    follow_lead(visit=visit, by=by)
    needs_from_visit(visit=visit, by=by)
    sightings_from_visit(visit=visit, by=by)
    remains_from_visit(visit=visit, by=by)
    request_from_visit(visit=visit, by=by)
    return visit, True
