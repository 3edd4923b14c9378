"""Evacuation pages: requests, fleet, destinations, plans (start, progress, compare, publish),
trips with their map and manifests, and the driver's phone page (boarding, hand-over)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from stranded.core import clock
from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.audit import record_export
from stranded.core.history import corrections_of
from stranded.core.http import download_response, parse_uuid
from stranded.core.inputs import InputError, check_form
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.evacuation import access, manifests
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.boarding import record_boarding, unnamed_places
from stranded.evacuation.actions.fleet import delete_vehicle, save_destination, save_vehicle
from stranded.evacuation.actions.handover import record_handover
from stranded.evacuation.actions.plans import start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.corrections import EDITABLE, change_request
from stranded.evacuation.forms import (
    DestinationForm,
    HandoverForm,
    PlanForm,
    RequestForm,
    VehicleForm,
)
from stranded.evacuation.models import (
    Boarding,
    Plan,
    PlanStatus,
    RequestState,
    counts_by,
)
from stranded.evacuation.tasks import compute_plan_task
from stranded.evacuation.unserved import unserved_groups


@require_GET
@require_perm(Perm.PLAN_EVACUATION)
def index(request: HttpRequest) -> HttpResponse:
    requests = access.visible_requests(actor(request))
    states = counts_by(requests, "state")
    context = {
        "states": [(label, states.get(value, 0)) for value, label in RequestState.choices],
        "plans": access.plans(actor(request))[:5],
        "published": access.plans(actor(request)).filter(status=PlanStatus.PUBLISHED).first(),
        "vehicles": access.vehicles(actor(request)).count(),
        "destinations": access.destinations(actor(request)).count(),
    }
    return render(request, "evacuation/index.html", context)


MOBILITY = {"seated": _("seated"), "wheelchair": _("wheelchair"), "stretcher": _("stretcher")}
# the export of requests: what a pickup needs, no names
REQUEST_COLUMNS: list[tuple[str, Any]] = [
    ("reference", lambda r: r.reference), ("state", lambda r: r.state),
    ("seated", lambda r: r.seated), ("wheelchair", lambda r: r.wheelchair),
    ("stretcher", lambda r: r.stretcher), ("medical_priority", lambda r: r.medical_priority),
    ("consent", lambda r: "yes" if r.consent else "no"), ("address", lambda r: r.address),
    ("lat", lambda r: round(r.lat, 5)), ("lon", lambda r: round(r.lon, 5)),
]  # fmt: skip


@require_GET
@require_perm(Perm.PLAN_EVACUATION)
def request_list(request: HttpRequest) -> HttpResponse:
    rows = access.visible_requests(actor(request)).select_related("visit")
    state, mobility = request.GET.get("state", ""), request.GET.get("mobility", "")
    if state in RequestState.values:
        rows = rows.filter(state=state)
    if mobility in MOBILITY:
        rows = rows.filter(**{f"{mobility}__gt": 0})
    rows = rows.order_by("-medical_priority", "created_at", "pk")
    if wants_csv(request):
        return csv_export(
            request,
            rows,
            REQUEST_COLUMNS,
            name="evacuation-requests",
            target=("evacuation.request", "list"),
        )
    page = paged(request, rows)
    context = {
        "page": page,
        "requests": access.requests_listed(actor(request), page.object_list),
        "states": RequestState.choices,
        "state": state,
        "mobilities": [(m, MOBILITY[m]) for m in MOBILITY],
        "mobility": mobility,
        "export": True,
    }
    return render(request, "evacuation/requests.html", context)


@require_perm(Perm.PLAN_EVACUATION)
def request_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    form = RequestForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            data = check_form(form, "request")
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
            messages.success(
                request, _("Request %(reference)s created.") % {"reference": created.reference}
            )
            return redirect("evacuation:requests")
        except (InputError, EvacuationError) as exc:
            error = str(exc)
    return render(
        request,
        "evacuation/request_new.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


@require_perm(Perm.PLAN_EVACUATION)
def request_detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    """A request's facts, its correction (while open) and the corrections made so far."""
    evacuation_request = access.get_request(actor(request), request_id)
    initial = {k: getattr(evacuation_request, k) for k in EDITABLE}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            change_request(
                request=evacuation_request, data=check_form(form, "request"), by=actor(request)
            )
            messages.success(
                request, _("Request %(ref)s corrected.") % {"ref": evacuation_request.reference}
            )
            return redirect("evacuation:request-detail", request_id=evacuation_request.pk)
        except (InputError, EvacuationError) as exc:
            messages.error(request, str(exc))
    context = {
        "r": evacuation_request,
        "form": form,
        "corrections": corrections_of(evacuation_request),
    }
    return render(request, "evacuation/request_detail.html", context)


@require_perm(Perm.PLAN_EVACUATION)
def vehicle_list(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    form = VehicleForm(request.POST or None, operation=operation)
    if request.method == "POST":
        try:
            data = check_form(form, "vehicle")
            save_vehicle(operation=operation, data=data, by=actor(request))
            messages.success(request, _("Vehicle %(name)s saved.") % {"name": data["name"]})
            return redirect("evacuation:vehicles")
        except InputError as exc:
            messages.error(request, str(exc))
    rows = access.vehicles(actor(request)).select_related("driver")
    return render(request, "evacuation/vehicles.html", {"vehicles": rows, "form": form})


@require_perm(Perm.PLAN_EVACUATION)
def vehicle_edit(request: HttpRequest, vehicle_id: UUID) -> HttpResponse:
    """Correct a vehicle (seats, availability, base), make it inactive, or delete it."""
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    vehicle = access.get_vehicle(actor(request), vehicle_id)
    form = VehicleForm(request.POST or None, instance=vehicle, operation=operation)
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                delete_vehicle(vehicle=vehicle, by=actor(request))
                messages.success(request, _("Vehicle %(name)s deleted.") % {"name": vehicle.name})
                return redirect("evacuation:vehicles")
            data = check_form(form, "vehicle")
            save_vehicle(operation=operation, data=data, vehicle=vehicle, by=actor(request))
            messages.success(request, _("Vehicle %(name)s saved.") % {"name": data["name"]})
            return redirect("evacuation:vehicles")
        except (InputError, EvacuationError) as exc:
            messages.error(request, str(exc))
    return render(request, "evacuation/vehicle_edit.html", {"vehicle": vehicle, "form": form})


@require_perm(Perm.PLAN_EVACUATION)
def destination_list(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    form = DestinationForm(request.POST or None)
    if request.method == "POST":
        try:
            save_destination(
                operation=operation, data=check_form(form, "destination"), by=actor(request)
            )
            messages.success(request, _("Destination saved."))
            return redirect("evacuation:destinations")
        except InputError as exc:
            messages.error(request, str(exc))
    rows = access.destinations(actor(request))
    return render(request, "evacuation/destinations.html", {"destinations": rows, "form": form})


@require_perm(Perm.PLAN_EVACUATION)
def plan_list(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.PLAN_EVACUATION)
    form = PlanForm(request.POST or None, operation=operation)
    if request.method == "POST":
        try:
            data = check_form(form, "plan")
            settings = {k: v for k, v in data.items() if k != "seconds" and v not in (None, "")}
            with transaction.atomic():  # the plan and the worker's task, or neither
                plan = start_plan(
                    operation=operation,
                    by=actor(request),
                    seconds=data["seconds"],
                    settings=settings,
                )
                compute_plan_task.enqueue(str(plan.pk))
            messages.success(request, _("Plan started."))
            return redirect("evacuation:plan-detail", plan_id=plan.pk)
        except (InputError, EvacuationError) as exc:
            messages.error(request, str(exc))
    plans = access.plans(actor(request)).select_related("destination")[:50]
    return render(request, "evacuation/plans.html", {"plans": plans, "form": form})


def _plan_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    names = {v["id"]: v.get("name", v["id"]) for v in plan.inputs.get("vehicles", [])}
    refs = {g["id"]: g.get("reference", g["id"]) for g in plan.inputs.get("groups", [])}
    trips = [
        {
            **t,
            "vehicle_name": names.get(t["vehicle"], t["vehicle"]),
            "stops": [{**s, "reference": refs.get(s["group"], s["group"])} for s in t["stops"]],
        }
        for t in plan.result.get("trips", [])
    ]
    return {
        "plan": plan,
        "trips": trips,
        "percent": round(100 * float(plan.progress.get("fraction", 0))),
    }


@require_GET
@require_perm(Perm.PLAN_EVACUATION)
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = access.get_plan(actor(request), plan_id)
    context = _plan_context(request, plan)
    context["unserved_groups"] = unserved_groups(actor(request), plan)
    if plan.makespan_minutes is not None:
        context["last_at"] = plan.starts_at + timedelta(minutes=plan.makespan_minutes)
    context["published_trips"] = plan.trips.select_related("vehicle").order_by("depart_at")
    return render(request, "evacuation/plan_detail.html", context)


@require_GET
@require_perm(Perm.PLAN_EVACUATION)
def plan_progress(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """The htmx partial polled every 2 s while the plan runs; a full reload when it ends."""
    plan = access.get_plan(actor(request), plan_id)
    response = render(request, "evacuation/_plan_progress.html", _plan_context(request, plan))
    if not plan.active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@require_perm(Perm.PLAN_EVACUATION)
def plan_publish(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = access.get_plan(actor(request), plan_id)
    try:
        publish_plan(plan=plan, by=actor(request))
        trips = plan.trips.count()
        messages.success(
            request,
            ngettext("Plan published: %(number)s trip.", "Plan published: %(number)s trips.", trips)
            % {"number": trips},
        )
    except EvacuationError as exc:
        messages.error(request, str(exc))
    return redirect("evacuation:plan-detail", plan_id=plan.pk)


@require_GET
@require_perm(Perm.PLAN_EVACUATION)
def plan_compare(request: HttpRequest) -> HttpResponse:
    ids = [i for i in request.GET.getlist("plan") if parse_uuid(i)]
    plans = access.plans(actor(request)).select_related("destination")
    chosen = (
        list(plans.filter(pk__in=ids))
        if ids
        else list(plans.exclude(status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING])[:4])
    )
    return render(request, "evacuation/plan_compare.html", {"plans": chosen})


@require_GET
@require_perm(Perm.PLAN_EVACUATION, Perm.VIEW_OWN_TRIP)
def trip_detail(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id)
    rows = access.read_manifest(actor(request), trip)
    stops = [
        {
            "order": s.order,
            "lat": s.request.lat,
            "lon": s.request.lon,
            "eta": timezone.localtime(s.eta).strftime("%H:%M"),
            "reference": s.request.reference,
            "persons": sum(s.load),
            "count": ngettext("%(n)s person", "%(n)s persons", sum(s.load)) % {"n": sum(s.load)},
        }
        for s in trip.stops.select_related("request")
    ]
    context = {
        "trip": trip,
        "stops": stops,
        "destination": {
            "lat": trip.destination.lat,
            "lon": trip.destination.lon,
            "name": trip.destination.name,
        },
        **_driver_context(request, trip, rows),
    }
    return render(request, "evacuation/trip_detail.html", context)


@require_GET
@require_perm(Perm.PLAN_EVACUATION, Perm.VIEW_OWN_TRIP)
def manifest_csv(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id)
    rows = access.read_manifest(actor(request), trip)
    body = manifests.to_csv(rows)
    record_export(actor=actor(request), target=trip, format="csv", count=len(rows))
    return download_response(
        body, content_type="text/csv; charset=utf-8", filename=f"manifest-{trip.pk}.csv"
    )


@require_GET
@require_perm(Perm.PLAN_EVACUATION, Perm.VIEW_OWN_TRIP)
def manifest_pdf(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id)
    rows = access.read_manifest(actor(request), trip)
    body = manifests.to_pdf(trip, rows)
    record_export(actor=actor(request), target=trip, format="pdf", count=len(rows))
    return download_response(
        body, content_type="application/pdf", filename=f"manifest-{trip.pk}.pdf"
    )


@require_GET
@require_perm(Perm.VIEW_OWN_TRIP)
def my_trip(request: HttpRequest) -> HttpResponse:
    """The driver's phone page: their trips in the published plan, the next one open."""
    mine = access.visible_trips(actor(request)).filter(vehicle__driver=actor(request))
    trips = list(mine.exclude(status="cancelled").order_by("depart_at"))
    current = next((t for t in trips if t.status == "planned"), trips[0] if trips else None)
    notices = list(access.driver_notices(actor(request)))
    context: dict[str, Any] = {"trips": trips, "trip": current, "notices": notices}
    if current is not None:
        context.update(_driver_context(request, current))
    return render(request, "evacuation/my_trip.html", context)


@require_GET
@require_perm(Perm.VIEW_OWN_TRIP)
def my_trip_detail(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id)
    context = {"trips": [trip], "trip": trip, **_driver_context(request, trip)}
    return render(request, "evacuation/my_trip.html", context)


def _driver_context(
    request: HttpRequest, trip: Any, rows: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The manifest with each person's boarding, and what the boarding and hand-over forms
    need; the driver's page and the coordinator's trip page share them."""
    if rows is None:
        rows = access.read_manifest(actor(request), trip)
    status = {str(b.person_id): b.status for b in trip.boardings.select_related("person")}
    handed = {str(b.person_id) for b in trip.boardings.filter(person__status="handed_over")}
    for row in rows:
        row["status"] = "handed_over" if row["person"] in handed else status.get(row["person"], "")
        row["mobility_label"] = manifests.mobility_label(row["mobility"])
    unnamed = []  # stops with persons nobody named: the driver counts who boarded
    for stop in trip.stops.select_related("request").order_by("order"):
        places = unnamed_places(stop)
        if places:
            unnamed.append(
                {
                    "order": stop.order,
                    "address": stop.request.address,
                    "reference": stop.request.reference,
                    "places": places,
                    "boarded": stop.unnamed_boarded,
                    "handed_over": stop.unnamed_handed_over,
                }
            )
    waiting = sum(u["boarded"] - u["handed_over"] for u in unnamed)
    return {
        "rows": rows,
        "handover_form": HandoverForm(
            initial={
                "at": clock.now().strftime("%Y-%m-%dT%H:%M"),
                "organisation": trip.destination.receiving_organisation,
            }
        ),
        "handovers": trip.handovers.all(),
        "unnamed": unnamed,
        "unnamed_waiting": waiting,
    }


@require_POST
@require_perm(Perm.RECORD_HANDOVER)
def trip_boarding(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id, write=True)
    statuses = {
        key[7:]: value
        for key, value in request.POST.items()
        if key.startswith("status-") and value in (Boarding.Status.BOARDED, Boarding.Status.NO_SHOW)
    }
    try:
        unnamed = {
            key[8:]: _count(request.POST.get(key, ""), f"boarding.unnamed[{key[8:]}]")
            for key in request.POST
            if key.startswith("unnamed-")
        }
        changed = record_boarding(trip=trip, statuses=statuses, by=actor(request), unnamed=unnamed)
        messages.success(
            request, _("Boarding recorded (%(changed)s changed).") % {"changed": len(changed)}
        )
    except EvacuationError as exc:
        messages.error(request, str(exc))
    return redirect(_back(request, trip))


@require_POST
@require_perm(Perm.RECORD_HANDOVER)
def trip_handover(request: HttpRequest, trip_id: UUID) -> HttpResponse:
    trip = access.get_trip(actor(request), trip_id, write=True)
    try:
        data = check_form(HandoverForm(request.POST), "handover")
        handover = record_handover(
            trip=trip,
            at=data["at"],
            organisation=data["organisation"],
            received_by=data["received_by"],
            by=actor(request),
            person_ids=request.POST.getlist("persons"),
            unnamed=_count(request.POST.get("unnamed", ""), "handover.unnamed"),
            reason=data["reason"],
        )
        total = handover.persons.count() + handover.unnamed
        messages.success(
            request,
            ngettext(
                "Hand-over recorded: %(total)s person.",
                "Hand-over recorded: %(total)s persons.",
                total,
            )
            % {"total": total},
        )
    except (InputError, EvacuationError) as exc:
        messages.error(request, str(exc))
    return redirect(_back(request, trip))


def _count(value: str, field: str) -> int:
    """A count typed on the phone: blank is 0."""
    value = value.strip()
    if not value:
        return 0
    if not value.isdigit():
        raise EvacuationError(_("%(field)s: must be a whole number") % {"field": field})
    return int(value)


def _back(request: HttpRequest, trip: Any) -> str:
    from django.urls import reverse

    if actor(request).can(Perm.PLAN_EVACUATION):
        return reverse("evacuation:trip-detail", args=[trip.pk])
    return reverse("evacuation:my-trip-detail", args=[trip.pk])
