"""A plan published: the one drivers follow. Its trips, their stops (`assign_request`, the one way
to put persons on a trip), the boardings expected and the manifests; the plan it replaces
withdrawn and the drivers whose day changes told.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import User
from stranded.evacuation.actions import CapacityError, EvacuationError
from stranded.evacuation.midday import (
    notice,
)
from stranded.evacuation.models import (
    MOBILITY,
    Boarding,
    DriverNotice,
    EvacuationRequest,
    Manifest,
    Plan,
    PlanStatus,
    RequestState,
    Stop,
    Trip,
    Vehicle,
)


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
            language=vehicle.driver.language if vehicle.driver else "",
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
            _("%(trip)s: the trip is %(status)s")
            % {"trip": trip, "status": trip.get_status_display().lower()}
        )
    if any(n < 0 for n in load) or sum(load) == 0:
        raise EvacuationError(
            _("%(reference)s: the load must carry somebody") % {"reference": request.reference}
        )
    on_trip = trip.load()
    names = (_("seats"), _("wheelchair places"), _("stretchers"))
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
