"""Needs pages: dashboard by area and kind, filtered list, a need's history and status (htmx),
new need form, and the utilities map of buildings."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.caching import kept
from stranded.core.inputs import InputError
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.needs import access
from stranded.needs.actions import (
    TRANSITIONS,
    NeedTransitionError,
    can_reopen,
    change_need_status,
    ensure_not_doubled,
    first_frost,
    record_need,
)
from stranded.needs.forms import NeedForm, NeedStatusForm
from stranded.needs.models import Kind, NeedQuerySet, Status, Urgency
from stranded.needs.summary import UTILITIES, UTILITY_LABELS, by_area_and_kind, utility_counts
from stranded.places.mapdata import operation_focus
from stranded.places.naming import area_name, place_policy


@require_GET
@require_perm(Perm.VIEW_NEEDS)
def index(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_NEEDS)
    context = {
        "summary": by_area_and_kind(
            access.visible_needs(actor(request)), policy=place_policy(actor(request))
        ),
        "kinds": Kind.choices,
        "first_frost": first_frost(operation),
    }
    return render(request, "needs/index.html", context)


def filtered(needs: NeedQuerySet, params: Any) -> tuple[NeedQuerySet, dict[str, str]]:
    """The list's filters, shared by page and API: kind, status, area (code), urgency, overdue."""
    chosen = {k: str(params.get(k) or "") for k in ("kind", "status", "area", "urgency", "overdue")}
    if chosen["kind"] in Kind.values:
        needs = needs.filter(kind=chosen["kind"])
    if chosen["status"] == "active":
        needs = needs.active()
    elif chosen["status"] in Status.values:
        needs = needs.filter(status=chosen["status"])
    if chosen["area"]:
        needs = needs.filter(area__code=chosen["area"])
    if chosen["urgency"] in Urgency.values:
        needs = needs.filter(urgency=chosen["urgency"])
    if chosen["overdue"] in ("1", "true", "on"):
        needs = needs.overdue()
    return needs, chosen


def need_columns(policy: str | None) -> list[tuple[str, Any]]:
    """The export of needs: what to bring where, by area; never the household's address, the
    person or the note (a medical need at an address is health data of who lives there)."""
    return [
        ("recorded", lambda n: timezone.localdate(n.created_at).isoformat()),
        ("area", lambda n: n.area.code), ("area_name", lambda n: area_name(n.area, policy=policy)),
        ("kind", lambda n: n.kind), ("urgency", lambda n: n.urgency),
        ("status", lambda n: n.status), ("due_before", lambda n: n.due_before.isoformat()),
        ("overdue", lambda n: "yes" if n.overdue else "no"), ("partner", lambda n: n.partner),
    ]  # fmt: skip


@require_GET
@require_perm(Perm.VIEW_NEEDS)
def need_list(request: HttpRequest) -> HttpResponse:
    needs, chosen = filtered(access.visible_needs(actor(request)), request.GET)
    # who works the needs exports them (in their scope); who only reads them does not
    exports = actor(request).can(Perm.EDIT_NEEDS)
    if wants_csv(request):
        if not exports:
            raise Http404
        exported = needs.select_related("area").by_urgency()
        columns = need_columns(place_policy(actor(request)))
        target = ("needs.need", "list")
        return csv_export(request, exported, columns, name="needs", target=target)
    page = paged(request, needs.select_related("area", "address", "person").by_urgency())
    rows = list(page.object_list)
    access.show_persons(actor(request), rows)
    context = {
        "page": page,
        "needs": rows,
        "total": page.paginator.count,
        "chosen": chosen,
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "urgencies": Urgency.choices,
        "export": exports,
    }
    return render(request, "needs/list.html", context)


def _status_context(request: HttpRequest, need: Any, error: str = "") -> dict[str, Any]:
    user = actor(request)
    allowed = list(TRANSITIONS.get(need.status, ()))
    if need.is_final and not can_reopen(user):
        allowed = []
    choices = [(s, Status(s).label) for s in allowed]
    return {"need": need, "choices": choices, "error": error, "can_edit": user.can(Perm.EDIT_NEEDS)}


@require_GET
@require_perm(Perm.VIEW_NEEDS)
def need_detail(request: HttpRequest, need_id: UUID) -> HttpResponse:
    need = access.get_need(actor(request), need_id)
    context = _status_context(request, need)
    context["events"] = need.events.select_related("by", "visit")
    return render(request, "needs/detail.html", context)


@require_POST
@require_perm(Perm.EDIT_NEEDS)
def need_status(request: HttpRequest, need_id: UUID) -> HttpResponse:
    need = access.get_need(actor(request), need_id, write=True)
    error = ""
    try:
        cleaned = NeedStatusForm.check(request.POST.dict())
        shown = need.person_shown  # type: ignore[attr-defined]  # its read is logged already
        need = change_need_status(need=need, by=actor(request), **cleaned)
        need.person_shown = shown  # type: ignore[attr-defined]
    except (InputError, NeedTransitionError) as exc:
        error = str(exc)
    if not request.headers.get("HX-Request"):
        (messages.error if error else messages.success)(
            request, error or f"Status: {need.get_status_display()}."
        )
        return redirect("needs:detail", need_id=need.pk)
    context = _status_context(request, need, error)
    context["events"] = need.events.select_related("by", "visit")
    # htmx swaps only 2xx answers: the error is shown in the partial.
    return render(request, "needs/_status.html", context)


@require_perm(Perm.EDIT_NEEDS)
def need_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_NEEDS)
    data: dict[str, Any] = {k: request.GET.get(k, "") for k in ("area", "address", "visit")}
    error = None
    if request.method == "POST":
        data = request.POST.dict()
        try:
            cleaned = NeedForm.check(data)
            refs = access.resolve(actor(request), cleaned)
            ensure_not_doubled(refs["address"], cleaned["kind"])
            need = record_need(
                operation=operation,
                kind=cleaned["kind"],
                urgency=cleaned["urgency"],
                due_before=cleaned["due_before"],
                note=cleaned["note"],
                by=actor(request),
                **refs,
            )
            messages.success(request, _("Need recorded in %(code)s.") % {"code": need.area.code})
            return redirect("needs:detail", need_id=need.pk)
        except InputError as exc:
            error = exc
    context = {
        "data": data,
        "error": error,
        "kinds": Kind.choices,
        "urgencies": Urgency.choices,
        "first_frost": first_frost(operation),
        "areas": _areas_for(request),
    }
    return render(request, "needs/new.html", context, status=400 if error else 200)


def _areas_for(request: HttpRequest) -> Any:
    """Areas offered in the form: the team's held areas for a field member, else all."""
    from stranded.places.models import Area

    user = actor(request)
    if user.can(Perm.ASSIGN_AREAS) or user.can(Perm.VIEW_PERSONS):
        areas = Area.objects.of(user.operation)
    else:
        areas = Area.objects.held_by(user.team)
    return areas.order_by("-kind", "code").values_list("code", "name")


def _addresses(request: HttpRequest) -> Any:
    from stranded.places.models import Address

    operation = ensure_operation(actor(request), Perm.VIEW_NEEDS)
    return Address.objects.filter(operation=operation, lat__isnull=False, lon__isnull=False)


def _utility(request: HttpRequest) -> str:
    chosen = request.GET.get("utility", "electricity")
    return chosen if chosen in UTILITIES else "electricity"


@require_GET
@require_perm(Perm.VIEW_NEEDS)
def utilities_map(request: HttpRequest) -> HttpResponse:
    from stranded.places.models import Utility

    utility = _utility(request)
    operation = ensure_operation(actor(request), Perm.VIEW_NEEDS)
    context = {
        "utility": utility,
        "utility_label": UTILITY_LABELS[utility],
        "utilities": [(u, UTILITY_LABELS[u]) for u in UTILITIES],
        "counts": utility_counts(_addresses(request), utility),
        "center": operation_focus(operation),
        # The map's tooltips (needs/utilities.js) in the reader's language.
        "map_texts": {
            "utility": str(UTILITY_LABELS[utility]),
            "states": {state.value: str(state.label) for state in Utility},
            "visited": _("visited %(date)s"),
        },
    }
    return render(request, "needs/utilities.html", context)


@require_GET
@require_perm(Perm.VIEW_NEEDS)
def utilities_geojson(request: HttpRequest) -> HttpResponse:
    """Buildings with the latest state of each utility: points and states, nothing personal."""
    from django.db.models import Count, Max

    from stranded.places.models import Address, Area
    from stranded.sweeps.models import Visit

    utility = _utility(request)
    operation = ensure_operation(actor(request), Perm.VIEW_NEEDS)
    # The same text for every reader of the operation, changed only by a visit stored (which
    # updates its address), an address added or an area renamed: kept in the process's cache
    # under that stamp.
    stamp = (
        operation.pk,
        utility,
        tuple(
            Visit.objects.filter(operation=operation)
            .aggregate(n=Count("pk"), at=Max("recorded_at"))
            .values()
        ),
        Address.objects.filter(operation=operation).count(),
        tuple(
            Area.objects.filter(operation=operation)
            .aggregate(n=Count("pk"), at=Max("updated_at"))
            .values()
        ),
    )
    text = kept(
        "needs:utilities.geojson", stamp, lambda: _utilities_text(request, operation, utility)
    )
    return HttpResponse(text, content_type="application/json")


def _utilities_text(request: HttpRequest, operation: Any, utility: str) -> str:
    from stranded.places.models import Area

    codes = dict(Area.objects.filter(operation=operation).values_list("id", "code"))
    zone = timezone.get_current_timezone()
    # Only the columns drawn, as tuples (no model instances), written as JSON text directly.
    rows = (
        _addresses(request)
        .order_by()
        .values_list("id", "area_id", "lat", "lon", "electricity", "water", "gas", "last_visit_at")
    )
    shown = {"electricity": 4, "water": 5, "gas": 6}[utility]
    text = _JSONText()
    features = [
        FEATURE.format(
            json.dumps(row[3]),
            json.dumps(row[2]),
            row[0],
            text(codes.get(row[1], "")),
            text(row[shown]),
            text(row[4]),
            text(row[5]),
            text(row[6]),
            text(row[7].astimezone(zone).date().isoformat() if row[7] else None),
        )
        for row in rows.iterator(chunk_size=2000)
    ]
    head = json.dumps(
        {
            "type": "FeatureCollection",
            "utility": utility,
            "counts": utility_counts(_addresses(request), utility),
        }
    )
    return head[:-1] + ', "features": [' + ",".join(features) + "]}"


FEATURE = (
    '{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{},{}]}},"properties":'
    '{{"id":"{}","area":{},"state":{},"electricity":{},"water":{},"gas":{},"last_visit":{}}}}}'
)


class _JSONText:
    """Each value's JSON text, worked out once (area codes, states and days repeat)."""

    def __init__(self) -> None:
        self.known: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        found = self.known.get(value)
        if found is None:
            found = self.known[value] = json.dumps(value)
        return found
