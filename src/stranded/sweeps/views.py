"""Sweep pages: coverage map and table, an area's history, assignment, worklists, visits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core import clock
from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.http import parse_uuid, uuid_or_404
from stranded.core.models import Team
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.places.access import get_place
from stranded.places.locate import area_for
from stranded.places.mapdata import operation_focus
from stranded.places.models import Area, AreaState
from stranded.places.naming import area_name, place_name, place_policy
from stranded.sweeps import access, coverage
from stranded.sweeps.actions import (
    AreaError,
    area_for_place,
    assign_area,
    complete_area,
    release_area,
)
from stranded.sweeps.forms import AssignForm
from stranded.sweeps.listing import AREA_COLUMNS, VISIT_COLUMNS, filtered_visits
from stranded.sweeps.models import Outcome


@require_GET
@require_perm(Perm.VIEW_AREAS)
def coverage_page(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_AREAS)
    user = actor(request)
    if user.can(Perm.ASSIGN_AREAS):
        coverage.recompute(operation)
    areas = access.visible_areas(actor(request)).select_related("team", "last_swept_by")
    state, team = request.GET.get("state", ""), request.GET.get("team", "")
    if state in AreaState.values:
        areas = areas.filter(state=state)
    teams = Team.objects.filter(operation=operation).order_by("name")
    if team == "none":
        areas = areas.filter(team__isnull=True)
    elif parse_uuid(team):
        areas = areas.filter(team_id=parse_uuid(team))
    areas = areas.defer("geometry").order_by("-priority", "code")
    if wants_csv(request):
        return csv_export(
            request, areas, AREA_COLUMNS, name="areas", target=("places.area", "list")
        )
    page = paged(request, areas, size=100)
    context = {
        "summary": coverage.summary(operation),
        "page": page,
        "areas": page.object_list,
        "team": team,
        "export": True,
        "teams": teams,
        "states": AreaState.choices,
        "state": state,
        "center": operation_focus(operation),
        "held": set(Area.objects.held_by(user.team).values_list("id", flat=True)),
    }
    return render(request, "sweeps/coverage.html", context)


def _age_hours(area: Area) -> float | None:
    if area.last_swept_at is None:
        return None
    return round((clock.now(clock.of(area)) - area.last_swept_at).total_seconds() / 3600, 1)


@require_GET
@require_perm(Perm.VIEW_AREAS)
def areas_geojson(request: HttpRequest) -> JsonResponse:
    """Areas coloured by state and age of coverage; team positions from their last visits."""
    areas = access.visible_areas(actor(request)).select_related("team")
    policy = place_policy(actor(request))
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": a.geometry,
            "properties": {
                "id": str(a.pk),
                "code": a.code,
                "name": area_name(a, policy=policy),
                "state": a.state,
                "state_label": a.get_state_display(),
                "team": str(a.team or ""),
                "age_hours": _age_hours(a),
                "priority": a.priority,
            },
        }
        for a in areas
    ]
    features += _team_positions(request)
    features += _lead_markers(request)
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _team_positions(request: HttpRequest) -> list[dict[str, Any]]:
    features = []
    for team in Team.objects.filter(operation=actor(request).operation):
        last = team.visits.filter(lat__isnull=False).order_by("-visited_at").first()
        if last is not None and last.lat is not None and last.lon is not None:
            point = {"type": "Point", "coordinates": [last.lon, last.lat]}
            features.append(
                {
                    "type": "Feature",
                    "geometry": point,
                    "properties": {
                        "team": team.name,
                        "at": last.visited_at.isoformat(),
                        "layer": "team",
                    },
                }
            )
    return features


def _lead_markers(request: HttpRequest) -> list[dict[str, Any]]:
    """Open leads as markers, without names: a count per point; only for who sees persons."""
    from stranded.tracing.scoping import visible_leads

    user = actor(request)
    leads = visible_leads(user).filter(status="open", lat__isnull=False)
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"layer": "lead"},
        }
        for lat, lon in leads.values_list("lat", "lon")[:2000]
    ]


@require_GET
@require_perm(Perm.VIEW_AREAS)
def area_detail(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(actor(request), area_id)
    visits = access.visible_visits(actor(request)).filter(area=area).select_related("team")[:100]
    user = actor(request)
    mine = area.team_id == getattr(user.team, "pk", None)
    context = {
        "area": area,
        "events": area.events.select_related("team", "by")[:200],
        "visits": visits,
        "teams": Team.objects.filter(operation=area.operation).order_by("name"),
        "can_assign": user.can(Perm.ASSIGN_AREAS),
        "can_work": area.lock_active and (user.can(Perm.ASSIGN_AREAS) or mine),
    }
    return render(request, "sweeps/area_detail.html", context)


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def area_assign(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(actor(request), area_id, write=True)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a team."))
        return redirect("sweeps:area-detail", area_id=area.pk)
    team = access.get_team(actor(request), form.cleaned_data["team"])
    try:
        assign_area(area=area, team=team, by=actor(request), hours=form.cleaned_data["hours"])
        messages.success(
            request, _("%(code)s assigned to %(team)s.") % {"code": area.code, "team": team}
        )
    except AreaError as error:
        messages.error(request, str(error))
    return redirect(request.POST.get("next") or "sweeps:coverage")


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def area_from_place(request: HttpRequest) -> HttpResponse:
    """A place swept: made an area of its own, or put into an area (`area`: its code, or
    "containing": the area the place lies in)."""
    operation = ensure_operation(actor(request), Perm.ASSIGN_AREAS)
    place = get_place(actor(request), uuid_or_404(request.POST.get("place", "")))
    into, code = None, request.POST.get("area", "")
    if code == "containing":
        into = area_for(operation, place.lat, place.lon)
        if into is None:
            messages.error(request, _("No area of the operation contains this place."))
            return redirect("places:map")
    elif code:
        into = get_object_or_404(access.visible_areas(actor(request)), code=code)
    try:
        area = area_for_place(operation=operation, place=place, into=into, by=actor(request))
    except AreaError as error:
        messages.error(request, str(error))
        return redirect("places:map")
    messages.success(
        request,
        _("%(place)s is swept as area %(code)s.")
        % {"place": place_name(place, policy=place_policy(actor(request))), "code": area.code},
    )
    return redirect("sweeps:area-detail", area_id=area.pk)


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def area_release(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(actor(request), area_id, write=True)
    try:
        release_area(area=area, by=actor(request))
        messages.success(request, _("%(code)s released.") % {"code": area.code})
    except AreaError as error:
        messages.error(request, str(error))
    return redirect("sweeps:area-detail", area_id=area.pk)


@require_POST
@require_perm(Perm.RECORD_VISITS)
def area_complete(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(actor(request), area_id, write=True)
    try:
        complete_area(area=area, by=actor(request))
        messages.success(request, _("%(code)s marked swept.") % {"code": area.code})
    except AreaError as error:
        messages.error(request, str(error))
    return redirect("sweeps:area-detail", area_id=area.pk)


@require_GET
@require_perm(Perm.VIEW_AREAS)
def worklist_page(request: HttpRequest) -> HttpResponse:
    team_id = request.GET.get("team")
    team = access.worklist_team(actor(request), parse_uuid(team_id))
    items = access.read_worklist(actor(request), team)
    teams = Team.objects.filter(operation=team.operation).order_by("name")
    return render(request, "sweeps/worklist.html", {"team": team, "items": items, "teams": teams})


@require_GET
@require_perm(Perm.VIEW_AREAS)
def visit_detail(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    visit = access.get_visit(actor(request), visit_id)
    return render(request, "sweeps/visit_detail.html", {"visit": visit, "met": visit.met})  # type: ignore[attr-defined]


@require_GET
@require_perm(Perm.VIEW_AREAS)
def visit_list(request: HttpRequest) -> HttpResponse:
    visits, chosen = filtered_visits(request, access.visible_visits(actor(request)))
    visits = visits.select_related("area", "team").order_by("-visited_at")
    if wants_csv(request):
        return csv_export(
            request, visits, VISIT_COLUMNS, name="visits", target=("sweeps.visit", "list")
        )
    page = paged(request, visits)
    operation = ensure_operation(actor(request), Perm.VIEW_AREAS)
    context = {
        "page": page,
        "visits": page.object_list,
        "chosen": chosen,
        "export": True,
        "teams": Team.objects.filter(operation=operation).order_by("name"),
        "outcomes": Outcome.choices,
    }
    return render(request, "sweeps/visit_list.html", context)
