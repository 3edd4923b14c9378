"""The visit through the JSON API (`POST /api/sweeps/visits`): the same check and action as the
visit page, `record_field_visit`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from stranded.core.access import actor, ensure_operation
from stranded.core.roles import Perm
from stranded.core.schemas import from_form
from stranded.fieldwork.actions import record_field_visit
from stranded.sweeps.api import VisitOut, visit_out
from stranded.sweeps.forms import VisitForm
from stranded.sweeps.models import Visit
from stranded.tracing.index import warm_index

router = Router(tags=["sweeps"])


@from_form(VisitForm)
class VisitIn(Schema):
    # The visit's lists: each row checked by its owner's form (fieldwork.forms).
    persons: list[dict[str, Any]] = []
    needs: list[dict[str, Any]] = []
    animals: list[dict[str, Any]] = []
    remains: list[dict[str, Any]] = []


@router.post("/visits", response={201: VisitOut, 200: VisitOut})
def create_visit(request: HttpRequest, payload: VisitIn) -> Status:
    operation = ensure_operation(actor(request), Perm.RECORD_VISITS)
    data = payload.dict()
    if data["visited_at"] is None:
        data.pop("visited_at")
    warm_index(operation.pk)
    # A refused visit is answered by the API's InputError handler: 422, 404 (a lead out of
    # reach), 409 (the same instanceID with other content).
    visit, created = record_field_visit(
        operation=operation, data=data, by=actor(request), source=Visit.Source.BROWSER
    )
    return Status(201 if created else 200, visit_out(visit))
