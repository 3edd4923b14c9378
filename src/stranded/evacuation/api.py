"""Evacuation through the JSON API: the same access, forms and actions as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from stranded.core.access import actor, ensure, ensure_operation
from stranded.core.inputs import check_form
from stranded.core.paging import API_LIMIT, window
from stranded.core.roles import Perm
from stranded.evacuation import access
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.boarding import record_boarding
from stranded.evacuation.actions.fleet import save_vehicle
from stranded.evacuation.actions.handover import record_handover
from stranded.evacuation.actions.plans import start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import cancel_request, create_request
from stranded.evacuation.forms import HandoverForm, PlanForm, RequestForm, VehicleForm
from stranded.evacuation.tasks import compute_plan_task

router = Router(tags=["evacuation"])
RAW = Body(...)  # a JSON object, validated by the same form as the page


class RequestOut(Schema):
    id: UUID
    reference: str
    state: str
    seated: int
    wheelchair: int
    stretcher: int
    medical_priority: int
    consent: bool
    address: str
    lat: float
    lon: float
    escort: str


class VehicleOut(Schema):
    id: UUID
    name: str
    kind: str
    seats: int
    wheelchair: int
    stretcher: int
    driver_id: int | None
    active: bool


class PlanOut(Schema):
    id: UUID
    status: str
    progress: dict[str, Any]
    makespan_minutes: float | None
    lower_bound_minutes: float | None
    greedy_makespan_minutes: float | None
    evacuated: int
    unserved: list[str]
    error: str
    trips: list[dict[str, Any]]


class TripOut(Schema):
    id: UUID
    vehicle: str
    number: int
    status: str
    depart_at: datetime
    arrive_at: datetime
    manifest: list[dict[str, Any]]


class BoardingIn(Schema):
    statuses: dict[str, str] = {}
    unnamed: dict[str, int] = {}  # stop number -> persons without a name who boarded there


class HandoverIn(Schema):
    at: datetime
    organisation: str
    received_by: str
    persons: list[str] = []
    unnamed: int = 0  # persons without a name handed over
    reason: str = ""  # why places on the manifest are not accounted for, if any are not


def _fail(error: Exception) -> HttpError:
    return HttpError(422, str(error))


@router.get("/requests", response=list[RequestOut])
def list_requests(
    request: HttpRequest, state: str = "", limit: int = API_LIMIT, offset: int = 0
) -> Any:
    """Requests, most urgent first, one page at a time (`limit` up to 500, `offset`)."""
    rows = access.visible_requests(actor(request)).order_by("-medical_priority", "created_at", "pk")
    rows = rows.filter(state=state) if state else rows
    return access.requests_listed(actor(request), window(rows, limit, offset))


@router.post("/requests", response={201: RequestOut})
def new_request(request: HttpRequest, payload: dict[str, Any] = RAW) -> Status:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    try:
        data = check_form(RequestForm(payload), "request")
        created = create_request(
            operation=operation,
            by=actor(request),
            lat=data["lat"],
            lon=data["lon"],
            counts=(data["seated"], data["wheelchair"], data["stretcher"]),
            consent=data["consent"],
            medical_priority=data["medical_priority"],
            address=data["address"],
            escort=data["escort"],
            ready_from=data["ready_from"],
        )
    except EvacuationError as error:
        raise _fail(error) from None
    return Status(201, created)


class RequestDetailOut(RequestOut):
    persons: list[dict[str, Any]]


@router.get("/requests/{request_id}", response=RequestDetailOut)
def request_detail(request: HttpRequest, request_id: UUID) -> Any:
    found = access.get_request(actor(request), request_id)  # the persons' reads are logged
    rows = found.rows.select_related("person")
    persons = [
        {
            "id": str(row.person_id),
            "name": row.person.full_name,
            "mobility": row.mobility,
            "status": row.person.status,
        }
        for row in rows
    ]
    return {**RequestOut.from_orm(found).dict(), "persons": persons}


@router.post("/requests/{request_id}/cancel", response=RequestOut)
def cancel(request: HttpRequest, request_id: UUID) -> Any:
    found = access.get_request(actor(request), request_id)
    try:
        return cancel_request(request=found, by=actor(request))
    except EvacuationError as error:
        raise HttpError(409, str(error)) from None


@router.get("/vehicles", response=list[VehicleOut])
def list_vehicles(request: HttpRequest) -> Any:
    return access.vehicles(actor(request))


@router.post("/vehicles", response={201: VehicleOut})
def new_vehicle(request: HttpRequest, payload: dict[str, Any] = RAW) -> Status:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    data = check_form(VehicleForm({"active": True, **payload}, operation=operation), "vehicle")
    return Status(201, save_vehicle(operation=operation, data=data, by=actor(request)))


@router.put("/vehicles/{vehicle_id}", response=VehicleOut)
def change_vehicle(request: HttpRequest, vehicle_id: UUID, payload: dict[str, Any] = RAW) -> Any:
    """A correction: the whole vehicle as it should be (missing fields keep their value)."""
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    vehicle = access.get_vehicle(actor(request), vehicle_id)
    current = {f: getattr(vehicle, f) for f in VehicleForm.Meta.fields}
    form = VehicleForm({**current, **payload}, instance=vehicle, operation=operation)
    data = check_form(form, "vehicle")
    return save_vehicle(operation=operation, data=data, vehicle=vehicle, by=actor(request))


def plan_out(plan: Any) -> dict[str, Any]:
    return {
        **{
            k: getattr(plan, k)
            for k in (
                "id",
                "status",
                "progress",
                "makespan_minutes",
                "lower_bound_minutes",
                "greedy_makespan_minutes",
                "evacuated",
                "unserved",
                "error",
            )
        },
        "trips": plan.result.get("trips", []),
    }


@router.get("/plans", response=list[PlanOut])
def list_plans(request: HttpRequest) -> Any:
    return [plan_out(p) for p in access.plans(actor(request))[:50]]


@router.post("/plans", response={202: PlanOut})
def new_plan(request: HttpRequest, payload: dict[str, Any] = RAW) -> Status:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    try:
        data = check_form(PlanForm(payload, operation=operation), "plan")
        settings = {k: v for k, v in data.items() if k != "seconds" and v not in (None, "")}
        with transaction.atomic():  # the plan and the worker's task, or neither
            plan = start_plan(
                operation=operation, by=actor(request), seconds=data["seconds"], settings=settings
            )
            compute_plan_task.enqueue(str(plan.pk))
    except EvacuationError as error:
        raise _fail(error) from None
    plan.refresh_from_db()
    return Status(202, plan_out(plan))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_status(request: HttpRequest, plan_id: UUID) -> Any:
    return plan_out(access.get_plan(actor(request), plan_id))


@router.post("/plans/{plan_id}/publish", response=PlanOut)
def publish(request: HttpRequest, plan_id: UUID) -> Any:
    plan = access.get_plan(actor(request), plan_id)
    try:
        return plan_out(publish_plan(plan=plan, by=actor(request)))
    except EvacuationError as error:
        raise HttpError(409, str(error)) from None


def trip_out(request: HttpRequest, trip: Any, *, manifest: bool = True) -> dict[str, Any]:
    """A trip; its manifest (names: each read logged) only when one trip is asked for."""
    return {
        "id": trip.pk,
        "vehicle": trip.vehicle.name,
        "number": trip.number,
        "status": trip.status,
        "depart_at": trip.depart_at,
        "arrive_at": trip.arrive_at,
        "manifest": access.read_manifest(actor(request), trip) if manifest else [],
    }


@router.get("/trips", response=list[TripOut])
def list_trips(request: HttpRequest) -> Any:
    trips = access.visible_trips(actor(request)).exclude(status="cancelled")
    trips = trips.defer("plan__inputs", "plan__result", "plan__settings")  # not shown here
    return [trip_out(request, t, manifest=False) for t in trips.order_by("depart_at")[:200]]


@router.get("/trips/{trip_id}", response=TripOut)
def trip_detail(request: HttpRequest, trip_id: UUID) -> Any:
    return trip_out(request, access.get_trip(actor(request), trip_id))


@router.post("/trips/{trip_id}/boarding", response=TripOut)
def boarding(request: HttpRequest, trip_id: UUID, payload: BoardingIn) -> Any:
    ensure(actor(request), Perm.RECORD_HANDOVER)
    trip = access.get_trip(actor(request), trip_id, write=True)
    try:
        record_boarding(
            trip=trip, statuses=payload.statuses, by=actor(request), unnamed=payload.unnamed
        )
    except EvacuationError as error:
        raise _fail(error) from None
    return trip_out(request, trip)


@router.post("/trips/{trip_id}/handover", response={201: dict[str, Any]})
def handover(request: HttpRequest, trip_id: UUID, payload: HandoverIn) -> Status:
    ensure(actor(request), Perm.RECORD_HANDOVER)
    trip = access.get_trip(actor(request), trip_id, write=True)
    try:
        data = check_form(HandoverForm(payload.dict()), "handover")
        done = record_handover(
            trip=trip,
            at=data["at"],
            organisation=data["organisation"],
            received_by=data["received_by"],
            person_ids=payload.persons,
            by=actor(request),
            unnamed=payload.unnamed,
            reason=data["reason"],
        )
    except EvacuationError as error:
        raise _fail(error) from None
    return Status(
        201, {"id": str(done.pk), "persons": done.persons.count(), "unnamed": done.unnamed}
    )
