"""Every change of evacuation records: atomic, audited, named verb_noun.

Request states: open -> assigned (a published plan puts it on a trip) -> boarded / no-show ->
handed over; cancelled at any time before boarding. Plans: queued -> running -> done or failed
-> published (one per operation) -> superseded by the next one published.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.evacuation.midday import (
    carried_by,
    notice,
    requests_left,
    trips_under_way,
    vehicle_days,
)
from stranded.evacuation.models import (
    MOBILITY,
    Boarding,
    Destination,
    DriverNotice,
    EvacuationRequest,
    Manifest,
    Mobility,
    Plan,
    PlanStatus,
    RequestPerson,
    RequestState,
    Stop,
    Trip,
    Vehicle,
)
from stranded.evacuation.planner import ScenarioError, parse_scenario

if TYPE_CHECKING:
    from stranded.sweeps.models import Visit

DEFAULT_HORIZON_MINUTES = 600  # the daylight window of one day
DEFAULT_DETOUR, DEFAULT_SPEED_KMH, DEFAULT_BOARD_MINUTES = 1.3, 40.0, 5.0
CONDITION_PRIORITY = {"critical": 2, "needs_care": 1}


class EvacuationError(ValueError):
    """A change the records do not allow; the message names the record and field."""


class CapacityError(EvacuationError):
    pass


# --- requests ---------------------------------------------------------------------------------


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
                reason=f"evacuation request {request.reference}",
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


# --- plans ------------------------------------------------------------------------------------


def plannable_requests(operation: Operation, at: datetime) -> Any:
    """Requests with consent, ready by `at`, not yet under way: open, or assigned in the
    published plan with nobody boarded yet (a new plan may replace it). A request without
    consent is never planned."""
    started = Boarding.objects.filter(stop__request=OuterRef("pk")).exclude(
        status=Boarding.Status.EXPECTED
    )
    waiting = Q(state=RequestState.OPEN) | Q(state=RequestState.ASSIGNED) & ~Exists(started)
    return (
        EvacuationRequest.objects.filter(operation=operation, consent=True)
        .filter(waiting)
        .filter(Q(ready_from__isnull=True) | Q(ready_from__lte=at))
        .order_by("created_at", "reference")
    )


def available_vehicles(operation: Operation, at: datetime, until: datetime | None = None) -> Any:
    """Vehicles on shift at some time from `at` to `until` (at `at` alone without it)."""
    return (
        Vehicle.objects.filter(operation=operation, active=True)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=until or at))
        .filter(Q(available_until__isnull=True) | Q(available_until__gt=at))
        .order_by("name")
    )


def freeze_inputs(
    *, operation: Operation, destination: Destination, starts_at: datetime, settings: dict[str, Any]
) -> dict[str, Any]:
    """The planner scenario for now: the requests ready within the window (each with the
    minute it is ready), the vehicles on shift within it (each with its shift, and where a
    trip under way leaves it), the destination. Trips under way are kept: what they carry is
    not planned again, and their ids are frozen with the inputs for the publication."""
    board = float(settings.get("board_minutes") or DEFAULT_BOARD_MINUTES)
    horizon = float(settings.get("horizon_minutes") or DEFAULT_HORIZON_MINUTES)
    closing = minutes_until_closing(destination, starts_at)
    if closing is not None:
        if closing < 30:
            raise EvacuationError(f"plan.starts_at: {destination} closes in {closing:.0f} min")
        horizon = min(horizon, closing)
    ends_at = starts_at + timedelta(minutes=horizon)
    kept = list(trips_under_way(operation, clock.now(operation)))
    carried = carried_by(kept)
    groups = requests_left(list(plannable_requests(operation, ends_at)), carried, starts_at, board)
    vehicles = [v for v in available_vehicles(operation, starts_at, ends_at) if sum(v.capacity)]
    if not vehicles:
        raise EvacuationError(_("plan: no vehicle available at the start time"))
    if not groups:
        raise EvacuationError(_("plan: no open request with consent is ready at the start time"))
    base_lat = settings.get("base_lat") or operation.center_lat or groups[0]["lat"]
    base_lon = settings.get("base_lon") or operation.center_lon or groups[0]["lon"]
    rows, bases = vehicle_days(vehicles, kept, starts_at, horizon)
    scenario = {
        "horizon_minutes": horizon,
        "base": {"id": "base", "lat": base_lat, "lon": base_lon},
        "destination": {
            "lat": destination.lat,
            "lon": destination.lon,
            "unload_minutes": destination.unload_minutes,
        },
        "travel": {
            "detour": float(
                settings.get("detour") or operation.setting("evacuation_detour", DEFAULT_DETOUR)
            ),
            "speed_kmh": float(
                settings.get("speed_kmh")
                or operation.setting("evacuation_speed_kmh", DEFAULT_SPEED_KMH)
            ),
        },
        "vehicles": rows,
        "groups": groups,
        "kept_trips": [str(t.pk) for t in kept],
    }
    if bases:
        scenario["bases"] = bases
    try:
        parse_scenario(scenario)
    except ScenarioError as error:
        raise EvacuationError(_("plan: %(error)s") % {"error": error}) from error
    return scenario


def minutes_until_closing(destination: Destination, starts_at: datetime) -> float | None:
    """The window ends when the destination closes (the crossing's opening hours), if set."""
    if destination.closes is None:
        return None
    local = starts_at.astimezone(clock.zone(clock.of(destination)))
    closes = local.replace(
        hour=destination.closes.hour, minute=destination.closes.minute, second=0, microsecond=0
    )
    return (closes - local).total_seconds() / 60


@transaction.atomic
def start_plan(
    *,
    operation: Operation,
    by: User | None,
    seconds: float,
    settings: dict[str, Any],
    background: bool = True,
) -> Plan:
    """Freeze the inputs and queue the planner; the task writes progress and the result.
    `background=False` runs the planner here and now (the demo, scripts)."""
    from stranded.evacuation.tasks import compute_plan

    destination = settings.get("destination")
    if not isinstance(destination, Destination) or destination.operation_id != operation.pk:
        raise EvacuationError(_("plan.destination: choose a destination of this operation"))
    starts_at = settings.get("starts_at") or clock.now(operation)
    inputs = freeze_inputs(
        operation=operation, destination=destination, starts_at=starts_at, settings=settings
    )
    stored = {k: v for k, v in settings.items() if k not in ("destination", "starts_at")}
    plan = Plan.objects.create(
        operation=operation,
        destination=destination,
        starts_at=starts_at,
        seconds=seconds,
        settings=stored,
        inputs=inputs,
        created_by=by,
        progress={"fraction": 0.0},
    )
    record_event(
        actor=by,
        verb="plan.started",
        target=plan,
        detail={"groups": plan.groups, "vehicles": len(inputs["vehicles"]), "seconds": seconds},
    )
    if background:
        compute_plan.enqueue(str(plan.pk))
        return plan
    return compute(plan)


def compute(plan: Plan) -> Plan:
    """Run the planner on the frozen inputs (not atomic: progress is committed as it comes)."""
    from stranded.evacuation.planner import build_problem, validate
    from stranded.evacuation.planner import plan as run_planner
    from stranded.evacuation.planner.measure import measure
    from stranded.evacuation.planner.problem import unserved_reasons

    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING)

    def progress(report: dict[str, float]) -> None:
        fraction = min(1.0, report["elapsed"] / max(plan.seconds, 0.1))
        Plan.objects.filter(pk=plan.pk).update(
            progress={
                "fraction": round(fraction, 3),
                "best_makespan": round(report["best_makespan"], 1),
                "lower_bound": round(report["lower_bound"], 1),
            }
        )

    try:
        scenario = parse_scenario(plan.inputs)
        problem = build_problem(scenario)
        outcome = run_planner(problem, seconds=plan.seconds, progress=progress)
        errors = validate(scenario, outcome.plan)
        figures = measure(
            problem,
            outcome.plan,
            bound_all=outcome.lower_bound,
            seconds=min(5.0, 0.1 * plan.seconds),
        )
    except (ScenarioError, ValueError) as error:
        return _finish(plan, PlanStatus.FAILED, error=str(error)[:500])
    if errors:
        return _finish(plan, PlanStatus.FAILED, error="; ".join(errors[:5]))
    result = {
        **outcome.plan.to_json(),
        "figures": figures,
        "unserved_reasons": unserved_reasons(problem, outcome.plan),
    }
    return _finish(
        plan,
        PlanStatus.DONE,
        result=result,
        makespan_minutes=result["makespan_minutes"],
        lower_bound_minutes=figures["bound_minutes"],
        greedy_makespan_minutes=figures["hand_minutes"],
        evacuated=result["evacuated"],
        unserved=result["unserved"],
    )


def fail_lost_plan(*, plan: Plan) -> Plan:
    """The worker stopped (killed, crashed) while computing this plan: failed, visibly."""
    reason = "the worker stopped while computing this plan (killed or crashed); start it again"
    return _finish(plan, PlanStatus.FAILED, error=reason)


@transaction.atomic
def _finish(plan: Plan, status: str, **fields: Any) -> Plan:
    plan.refresh_from_db()
    plan.status, plan.finished_at = status, timezone.now()
    best = fields.get("makespan_minutes", plan.progress.get("best_makespan"))
    plan.progress = {**plan.progress, "fraction": 1.0, "best_makespan": best}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.save()
    record_event(
        actor=plan.created_by,
        verb=f"plan.{status}",
        target=plan,
        detail={"makespan_minutes": plan.makespan_minutes, "evacuated": plan.evacuated},
    )
    return plan


@transaction.atomic
def publish_plan(*, plan: Plan, by: User | None) -> Plan:
    """The plan becomes the one drivers follow: trips, stops, boardings expected, manifests."""
    plans = list(Plan.objects.select_for_update().filter(operation=plan.operation).order_by("pk"))
    plan = next(p for p in plans if p.pk == plan.pk)
    if plan.status != PlanStatus.DONE:
        raise EvacuationError(
            _("plan: only a finished plan can be published, not a %(status)s one")
            % {"status": plan.status}
        )
    kept = plan.inputs.get("kept_trips")
    cancelled: list[Trip] = []
    replacing = any(p.status == PlanStatus.PUBLISHED for p in plans)
    for previous in plans:
        if previous.status == PlanStatus.PUBLISHED:
            cancelled += _withdraw(previous, by, keep=None if kept is None else set(kept))
    requests = {
        str(r.pk): r
        for r in EvacuationRequest.objects.select_for_update().filter(
            pk__in=[g["id"] for g in plan.inputs["groups"]]
        )
    }
    vehicles = {str(v.pk): v for v in Vehicle.objects.filter(operation=plan.operation)}
    numbers: dict[str, int] = defaultdict(int)
    for row in plan.result.get("trips", []):
        vehicle = vehicles.get(row["vehicle"])
        if vehicle is None:
            raise EvacuationError(
                _("plan: vehicle %(vehicle)s no longer exists") % {"vehicle": row["vehicle"]}
            )
        numbers[row["vehicle"]] += 1
        trip = Trip.objects.create(
            plan=plan,
            vehicle=vehicle,
            number=numbers[row["vehicle"]],
            destination=plan.destination,
            depart_at=_at(plan, row["depart"]),
            arrive_at=_at(plan, row["arrive"]),
        )
        for order, stop in enumerate(row["stops"], start=1):
            request = _open_request(requests, stop["group"])
            load = (stop["seated"], stop["wheelchair"], stop["stretcher"])
            assign_request(
                trip=trip,
                request=request,
                load=load,
                eta=_at(plan, stop["eta"]),
                order=order,
                by=by,
            )
    for request in requests.values():
        if request.stops.filter(trip__plan=plan).exists():
            _expect_persons(request, plan)
    for trip in plan.trips.all():
        build_manifest(trip)
    plan.status, plan.published_at = PlanStatus.PUBLISHED, clock.now(clock.of(plan))
    plan.save(update_fields=["status", "published_at"])
    if replacing:
        _tell_drivers(plan, list(Trip.objects.filter(pk__in=kept or [])), cancelled, by)
    record_event(
        actor=by,
        verb="plan.published",
        target=plan,
        detail={"trips": plan.trips.count(), "evacuated": plan.evacuated},
    )
    return plan


def _at(plan: Plan, minutes: float) -> datetime:
    return plan.starts_at + timedelta(minutes=minutes)


def _open_request(requests: dict[str, EvacuationRequest], key: str) -> EvacuationRequest:
    request = requests.get(key)
    if request is None:
        raise EvacuationError(_("plan: request %(key)s no longer exists") % {"key": key})
    if request.state not in (RequestState.OPEN, RequestState.ASSIGNED):
        raise EvacuationError(
            _("plan: request %(reference)s is %(state)s now; start a new plan")
            % {"reference": request.reference, "state": request.state}
        )
    return request


def _withdraw(plan: Plan, by: User | None, *, keep: set[str] | None = None) -> list[Trip]:
    """The plan published before: its trips not under way are cancelled. `keep`: the trips
    the new plan was computed around (under way then); a trip that got under way since is
    never cancelled under its passengers: the new plan must be computed again."""
    trips = plan.trips.filter(status=Trip.Status.PLANNED)
    touched = Q(boardings__status__in=["boarded", "no_show"]) | Q(stops__unnamed_boarded__gt=0)
    if keep is None:
        untouched = trips.exclude(touched)
    else:
        untouched = trips.exclude(pk__in=keep)
        late = untouched.filter(touched).first()
        if late is not None:
            raise EvacuationError(
                _("plan: %(late)s got under way after this plan was computed; start a new plan")
                % {"late": late}
            )
    untouched = untouched.distinct()
    cancelled = list(untouched.select_related("vehicle", "destination"))
    requests = EvacuationRequest.objects.filter(
        stops__trip__in=cancelled, state=RequestState.ASSIGNED
    )
    requests.update(state=RequestState.OPEN)
    Boarding.objects.filter(trip__in=cancelled).delete()
    Trip.objects.filter(pk__in=[t.pk for t in cancelled]).update(status=Trip.Status.CANCELLED)
    plan.status = PlanStatus.SUPERSEDED
    plan.save(update_fields=["status"])
    record_event(actor=by, verb="plan.superseded", target=plan)
    return cancelled


def _tell_drivers(plan: Plan, kept: list[Trip], cancelled: list[Trip], by: User | None) -> None:
    """Each vehicle whose day a new plan changes gets a notice for its driver."""
    new = list(plan.trips.select_related("vehicle", "destination").order_by("depart_at"))
    vehicles = {t.vehicle_id: t.vehicle for t in [*cancelled, *new]}
    for vehicle_id, vehicle in vehicles.items():
        text = notice(
            vehicle,
            [t for t in kept if t.vehicle_id == vehicle_id],
            [t for t in cancelled if t.vehicle_id == vehicle_id],
            [t for t in new if t.vehicle_id == vehicle_id],
        )
        if text:
            told = DriverNotice.objects.create(plan=plan, vehicle=vehicle, text=text)
            record_event(
                actor=by, verb="driver.notified", target=told, detail={"vehicle": str(vehicle_id)}
            )


def _expect_persons(request: EvacuationRequest, plan: Plan) -> None:
    """The request's persons onto its stops, by mobility, in stop order."""
    stops = list(request.stops.filter(trip__plan=plan).order_by("trip__depart_at", "order"))
    room = {stop.pk: dict(zip(MOBILITY, stop.load, strict=True)) for stop in stops}
    for row in request.rows.select_related("person").order_by("pk"):
        stop = next((s for s in stops if room[s.pk][row.mobility] > 0), None)
        if stop is None:
            continue  # carried in a part the planner could not fit: stays unserved
        room[stop.pk][row.mobility] -= 1
        Boarding.objects.create(trip=stop.trip, stop=stop, person=row.person, mobility=row.mobility)
    request.state = RequestState.ASSIGNED
    request.save(update_fields=["state"])


@transaction.atomic
def assign_request(
    *,
    trip: Trip,
    request: EvacuationRequest,
    load: tuple[int, int, int],
    eta: datetime,
    by: User | None,
    order: int | None = None,
) -> Stop:
    """The one way to put persons on a trip: the trip and vehicle rows are locked, so two
    assignments at once see each other's load; capacity is checked in every dimension."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    vehicle = Vehicle.objects.select_for_update().get(pk=trip.vehicle_id)
    request = EvacuationRequest.objects.select_for_update().get(pk=request.pk)
    if trip.status != Trip.Status.PLANNED:
        raise EvacuationError(
            _("%(trip)s: the trip is %(status)s") % {"trip": trip, "status": trip.status}
        )
    if any(n < 0 for n in load) or sum(load) == 0:
        raise EvacuationError(
            _("%(reference)s: the load must carry somebody") % {"reference": request.reference}
        )
    on_trip = trip.load()
    names = ("seats", "wheelchair places", "stretchers")
    for k, name in enumerate(names):
        if on_trip[k] + load[k] > vehicle.capacity[k]:
            raise CapacityError(
                _("%(trip)s: %(value)s + %(value2)s %(name)s exceed the %(value3)s of %(vehicle)s")
                % {
                    "trip": trip,
                    "value": on_trip[k],
                    "value2": load[k],
                    "name": name,
                    "value3": vehicle.capacity[k],
                    "vehicle": vehicle,
                }
            )
    carried = request.stops.exclude(trip__status=Trip.Status.CANCELLED).aggregate(
        s=Sum("seated"), w=Sum("wheelchair"), t=Sum("stretcher")
    )
    for k, key in enumerate(("s", "w", "t")):
        if (carried[key] or 0) + load[k] > request.load[k]:
            raise CapacityError(
                _("%(reference)s: more %(value)s than the request has")
                % {"reference": request.reference, "value": names[k]}
            )
    if order is None:
        order = (trip.stops.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    stop = Stop.objects.create(
        trip=trip,
        request=request,
        order=order,
        eta=eta,
        seated=load[0],
        wheelchair=load[1],
        stretcher=load[2],
    )
    record_event(
        actor=by,
        verb="trip.request_assigned",
        target=trip,
        detail={"request": str(request.pk), "load": list(load)},
    )
    return stop


def build_manifest(trip: Trip) -> Manifest:
    """Only what a driver needs, in stop order."""
    rows: list[dict[str, Any]] = []
    boardings = {b.stop_id: [] for b in trip.boardings.all()}  # type: dict[int, list[Boarding]]
    for boarding in trip.boardings.select_related("person").order_by("stop__order", "id"):
        boardings[boarding.stop_id].append(boarding)
    for stop in trip.stops.select_related("request").order_by("order"):
        request = stop.request
        common = {
            "order": stop.order,
            "eta": stop.eta.isoformat(),
            "request": request.reference,
            "address": request.address,
            "lat": round(request.lat, 5),
            "lon": round(request.lon, 5),
            "escort": request.escort,
        }
        named = boardings.get(stop.pk, [])
        for boarding in named:
            person = boarding.person
            rows.append(
                {
                    **common,
                    "person": str(person.pk),
                    "name": person.full_name,
                    "mobility": boarding.mobility,
                    "phone": person.phone,
                }
            )
        unnamed = [
            n - sum(1 for b in named if b.mobility == m)
            for m, n in zip(MOBILITY, stop.load, strict=True)
        ]
        for mobility, count in zip(MOBILITY, unnamed, strict=True):
            for _seat in range(max(count, 0)):
                rows.append(
                    {
                        **common,
                        "person": "",
                        "name": "(name not recorded)",
                        "mobility": mobility,
                        "phone": "",
                    }
                )
    manifest, _ = Manifest.objects.update_or_create(trip=trip, defaults={"rows": rows})
    return manifest
