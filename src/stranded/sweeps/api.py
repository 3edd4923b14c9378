"""Sweeps through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.roles import Perm
from stranded.sweeps import access, coverage
from stranded.sweeps.actions import (
    AreaError,
    assign_area,
    complete_area,
    release_area,
)

if TYPE_CHECKING:
    from stranded.sweeps.models import Area, Visit

router = Router(tags=["sweeps"])


class AreaOut(Schema):
    id: UUID
    code: str
    name: str
    kind: str
    state: str
    team_id: UUID | None
    lock_expires_at: datetime | None
    last_swept_at: datetime | None
    last_outcome: dict[str, Any]
    due_reason: str
    priority: float
    priority_reasons: list[str]
    center_lat: float
    center_lon: float

    # Stored as codes, read in the language of the request like the pages.
    @staticmethod
    def resolve_due_reason(area: Area) -> str:
        return area.due_reason_text

    @staticmethod
    def resolve_priority_reasons(area: Area) -> list[str]:
        return area.priority_reason_texts


class AssignIn(Schema):
    team_id: UUID
    hours: int | None = None


class VisitOut(Schema):
    id: UUID
    area: str
    outcome: str
    visited_at: datetime
    persons: list[UUID]
    matches: int


@router.get("/areas", response=list[AreaOut])
def list_areas(request: HttpRequest, state: str = "") -> Any:
    areas = access.visible_areas(actor(request))
    return areas.filter(state=state) if state else areas


@router.get("/coverage")
def coverage_summary(request: HttpRequest) -> dict[str, Any]:
    operation = ensure_operation(actor(request), Perm.VIEW_AREAS)
    return coverage.summary(operation)


def _transition(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except AreaError as error:
        raise HttpError(409, str(error)) from None


@router.post("/areas/{area_id}/assign", response=AreaOut)
def assign(request: HttpRequest, area_id: UUID, payload: AssignIn) -> Any:
    ensure(actor(request), Perm.ASSIGN_AREAS)
    area = access.get_area(actor(request), area_id, write=True)
    team = access.get_team(actor(request), payload.team_id)
    return _transition(assign_area, area=area, team=team, by=actor(request), hours=payload.hours)


@router.post("/areas/{area_id}/release", response=AreaOut)
def release(request: HttpRequest, area_id: UUID) -> Any:
    ensure(actor(request), Perm.ASSIGN_AREAS)
    area = access.get_area(actor(request), area_id, write=True)
    return _transition(release_area, area=area, by=actor(request))


@router.post("/areas/{area_id}/complete", response=AreaOut)
def complete(request: HttpRequest, area_id: UUID) -> Any:
    ensure(actor(request), Perm.RECORD_VISITS)
    area = access.get_area(actor(request), area_id, write=True)
    return _transition(complete_area, area=area, by=actor(request))


def visit_out(visit: Visit) -> dict[str, Any]:
    met = getattr(visit, "met", None)
    if met is None:  # a visit just recorded by this user: everyone they met
        persons = [vp.person for vp in visit.persons.select_related("person")]
    else:
        persons = [vp.person for vp, shown in met if shown]
    from stranded.tracing.models import Match

    matches = Match.objects.filter(right__in=persons).count()
    matches += Match.objects.filter(left__in=persons).count()
    return {
        "id": visit.pk,
        "area": visit.area.code,
        "outcome": visit.outcome,
        "visited_at": visit.visited_at,
        "persons": [p.pk for p in persons],
        "matches": matches,
    }


@router.get("/visits/{visit_id}", response=VisitOut)
def visit_detail(request: HttpRequest, visit_id: UUID) -> dict[str, Any]:
    return visit_out(access.get_visit(actor(request), visit_id))


@router.get("/worklist")
def team_worklist(request: HttpRequest, team_id: UUID | None = None) -> dict[str, Any]:
    team = access.worklist_team(actor(request), team_id)
    result = access.read_worklist(actor(request), team)
    return {
        "team": team.name,
        "metres": result["metres"],
        "items": [vars(item) for item in result["items"]],
    }  # type: ignore[attr-defined]
