"""Sweep pages: coverage map and table, an area's history, assignment, worklists, visits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.models import Team
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.places.mapdata import operation_focus
from stranded.sweeps import access, coverage
from stranded.sweeps.actions import (
    AreaError,
    assign_area,
    complete_area,
    record_visit,
    release_area,
)
from stranded.sweeps.forms import NEED_KINDS, AssignForm, VisitError
from stranded.sweeps.listing import AREA_COLUMNS, VISIT_COLUMNS, filtered_visits, team_id
from stranded.sweeps.models import Area, AreaState, Outcome, Utility, VisitPerson
from stranded.tracing.matcher import warm_index

PERSON_ROWS = 3
# "Not asked" first, so that a visit saved without touching them records nothing as working.
UTILITY_CHOICES = [(Utility.UNKNOWN.value, "Not asked / unknown")] + [
    (value, label) for value, label in Utility.choices if value != Utility.UNKNOWN
]


@require_GET
@require_perm(Perm.VIEW_AREAS)
def coverage_page(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(request.user, Perm.VIEW_AREAS)
    user = actor(request)
    if user.can(Perm.ASSIGN_AREAS):
        coverage.recompute(operation)
    areas = access.visible_areas(request.user).select_related("team", "last_swept_by")
    state, team = request.GET.get("state", ""), request.GET.get("team", "")
    if state in AreaState.values:
        areas = areas.filter(state=state)
    teams = Team.objects.filter(operation=operation).order_by("name")
    if team == "none":
        areas = areas.filter(team__isnull=True)
    elif team_id(team):
        areas = areas.filter(team_id=team_id(team))
    areas = areas.order_by("-priority", "code")
    if wants_csv(request):
        return csv_export(request, areas, AREA_COLUMNS, name="areas",
                          target=("sweeps.area", "list"))  # fmt: skip
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
    return round((timezone.now() - area.last_swept_at).total_seconds() / 3600, 1)


@require_GET
@require_perm(Perm.VIEW_AREAS)
def areas_geojson(request: HttpRequest) -> JsonResponse:
    """Areas coloured by state and age of coverage; team positions from their last visits."""
    areas = access.visible_areas(request.user).select_related("team")
    features: list[dict[str, Any]] = [
        {"type": "Feature", "geometry": a.geometry, "properties": {
            "id": str(a.pk), "code": a.code, "name": a.name, "state": a.state,
            "state_label": a.get_state_display(), "team": str(a.team or ""),
            "age_hours": _age_hours(a), "priority": a.priority,
        }}
        for a in areas
    ]  # fmt: skip
    features += _team_positions(request)
    features += _lead_markers(request)
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _team_positions(request: HttpRequest) -> list[dict[str, Any]]:
    features = []
    for team in Team.objects.filter(operation=actor(request).operation):
        last = team.visits.filter(lat__isnull=False).order_by("-visited_at").first()
        if last is not None and last.lat is not None and last.lon is not None:
            point = {"type": "Point", "coordinates": [last.lon, last.lat]}
            features.append({
                "type": "Feature", "geometry": point,
                "properties": {"team": team.name, "at": last.visited_at.isoformat(),
                               "layer": "team"},
            })  # fmt: skip
    return features


def _lead_markers(request: HttpRequest) -> list[dict[str, Any]]:
    """Open leads as markers, without names: a count per point; only for who sees persons."""
    from stranded.tracing.scoping import visible_leads

    user = actor(request)
    leads = visible_leads(user).filter(status="open", lat__isnull=False)
    return [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"layer": "lead"}}
        for lat, lon in leads.values_list("lat", "lon")[:2000]
    ]  # fmt: skip


@require_GET
@require_perm(Perm.VIEW_AREAS)
def area_detail(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(request.user, area_id)
    visits = access.visible_visits(request.user).filter(area=area).select_related("team")[:100]
    user = actor(request)
    mine = area.team_id == getattr(user.team, "pk", None)
    context = {
        "area": area,
        "events": area.events.select_related("team", "by")[:200],
        "visits": visits,
        "teams": Team.objects.filter(operation=area.operation).order_by("name"),
        "can_assign": user.can(Perm.ASSIGN_AREAS),
        "can_work": area.lock_active and (user.can(Perm.ASSIGN_AREAS) or mine),
    }  # fmt: skip
    return render(request, "sweeps/area_detail.html", context)


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def area_assign(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(request.user, area_id, write=True)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a team.")
        return redirect("sweeps:area-detail", area_id=area.pk)
    team = access.get_team(request.user, form.cleaned_data["team"])
    try:
        assign_area(area=area, team=team, by=actor(request), hours=form.cleaned_data["hours"])
        messages.success(request, f"{area.code} assigned to {team}.")
    except AreaError as error:
        messages.error(request, str(error))
    return redirect(request.POST.get("next") or "sweeps:coverage")


@require_POST
@require_perm(Perm.ASSIGN_AREAS)
def area_release(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(request.user, area_id, write=True)
    try:
        release_area(area=area, by=actor(request))
        messages.success(request, f"{area.code} released.")
    except AreaError as error:
        messages.error(request, str(error))
    return redirect("sweeps:area-detail", area_id=area.pk)


@require_POST
@require_perm(Perm.RECORD_VISITS)
def area_complete(request: HttpRequest, area_id: UUID) -> HttpResponse:
    area = access.get_area(request.user, area_id, write=True)
    try:
        complete_area(area=area, by=actor(request))
        messages.success(request, f"{area.code} marked swept.")
    except AreaError as error:
        messages.error(request, str(error))
    return redirect("sweeps:area-detail", area_id=area.pk)


@require_GET
@require_perm(Perm.VIEW_AREAS)
def worklist_page(request: HttpRequest) -> HttpResponse:
    team_id = request.GET.get("team")
    team = access.worklist_team(request.user, _uuid(team_id))
    items = access.read_worklist(actor(request), team)
    teams = Team.objects.filter(operation=team.operation).order_by("name")
    return render(request, "sweeps/worklist.html", {"team": team, "items": items, "teams": teams})


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


PERSON_FIELDS = (
    "given_name", "family_name", "father_name", "sex", "birth_year", "condition", "mobility",
    "phone",
)  # fmt: skip
# The page's input for a fault of `clean_visit`, where the names differ.
PAGE_FIELD = {"needs": "needs", "animals": "animal_species", "remains": "remains_condition"}
ANIMAL_FIELD = {
    "species": "animal_species", "count": "animal_count", "condition": "animal_condition",
}  # fmt: skip


def _person_rows(post: Any) -> list[dict[str, Any]]:
    """Every person row as typed, filled or not: a page with an error shows them again."""
    rows = []
    for i in range(PERSON_ROWS):
        row: dict[str, Any] = {k: post.get(f"p{i}-{k}", "") for k in PERSON_FIELDS}
        row["wants_to_leave"] = post.get(f"p{i}-wants_to_leave") == "on"
        row["consent_to_leave"] = post.get(f"p{i}-consent_to_leave") == "on"
        row["i"] = i
        rows.append(row)
    return rows


def _visit_data(post: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    persons = [
        {k: v for k, v in row.items() if k != "i"}
        for row in rows
        if row["given_name"] or row["family_name"]
    ]
    needs = [{"kind": k, "urgency": post.get("need_urgency") or "medium"}
             for k in post.getlist("needs")]  # fmt: skip
    animals = []
    if post.get("animal_species") or post.get("animal_condition"):
        animals.append({"species": post.get("animal_species", ""),
                        "count": post.get("animal_count") or 1,
                        "condition": post.get("animal_condition", "")})  # fmt: skip
    return {
        "area": post.get("area", ""), "address": post.get("address", ""),
        "lat": post.get("lat", ""), "lon": post.get("lon", ""), "outcome": post.get("outcome", ""),
        "electricity": post.get("electricity") or "unknown",
        "water": post.get("water") or "unknown", "gas": post.get("gas") or "unknown",
        "lead": post.get("lead", ""), "need_urgency": post.get("need_urgency") or "medium",
        "remains_condition": post.get("remains_condition", ""),
        "notes": post.get("notes", ""), "persons": persons, "needs": needs, "animals": animals,
        "remains": [{"condition": post.get("remains_condition", "")}]
        if post.get("outcome") == Outcome.DECEASED_FOUND else [],
    }  # fmt: skip


def _page_errors(error: VisitError, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Each fault of the visit under the input it belongs to (`persons[2].sex` -> `p1-sex`)."""
    filled = [row["i"] for row in rows if row["given_name"] or row["family_name"]]
    shown: dict[str, str] = {}
    for field, message in error.errors:
        head, _, rest = field.partition(".")
        name = PAGE_FIELD.get(head, head)
        if head.startswith("persons[") and rest:
            number = int(head[len("persons[") : -1])
            name = f"p{filled[number - 1]}-{rest}" if number <= len(filled) else "persons"
        elif head.startswith("animals["):
            name = ANIMAL_FIELD.get(rest, "animal_species")
        elif head.startswith(("needs[", "remains[")):
            name = PAGE_FIELD[head.split("[")[0]]
        shown.setdefault(name, message)
    return shown


@require_perm(Perm.RECORD_VISITS)
def visit_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(request.user, Perm.RECORD_VISITS)
    user = actor(request)
    areas = Area.objects.of(operation)
    if not user.can(Perm.ASSIGN_AREAS):
        areas = Area.objects.held_by(user.team)
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "area": request.GET.get("area", ""),
        "lead": request.GET.get("lead", ""),
    }
    rows = _person_rows({})
    if request.method == "POST":
        rows = _person_rows(request.POST)
        data = _visit_data(request.POST, rows)
        warm_index(operation.pk)
        try:
            visit, _ = record_visit(operation=operation, data=data, by=actor(request))
            messages.success(request, f"Visit recorded in {visit.area.code}.")
            return redirect("sweeps:visit-detail", visit_id=visit.pk)
        except VisitError as exc:
            errors = _page_errors(exc, rows)
    for row in rows:
        row["errors"] = {k: errors[f"p{row['i']}-{k}"] for k in PERSON_FIELDS
                         if f"p{row['i']}-{k}" in errors}  # fmt: skip
    context = {
        "areas": areas.order_by("code"), "data": data, "errors": errors, "rows": rows,
        "outcomes": Outcome.choices, "utilities": UTILITY_CHOICES,
        "need_kinds": [(k, k.replace("_", " ").capitalize()) for k in NEED_KINDS],
        "ticked_needs": {n["kind"] for n in data.get("needs", [])},
        "animal": (data.get("animals") or [{}])[0],
        "conditions": VisitPerson.Condition.choices, "leads": _open_leads(request, areas),
        "mobilities": ("seated", "wheelchair", "stretcher"),
        "urgencies": ("medium", "low", "high", "critical"),
    }  # fmt: skip
    return render(request, "sweeps/visit_new.html", context, status=400 if errors else 200)


def _open_leads(request: HttpRequest, areas: Any) -> list[Any]:
    from stranded.tracing.scoping import visible_leads

    leads = list(
        visible_leads(actor(request))
        .filter(area__in=areas, status="open")
        .select_related("area")[:200]
    )
    access.leads_read(actor(request), [lead.pk for lead in leads], purpose="new visit")
    return leads


@require_GET
@require_perm(Perm.VIEW_AREAS)
def visit_detail(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    visit = access.get_visit(request.user, visit_id)
    return render(request, "sweeps/visit_detail.html", {"visit": visit, "met": visit.met})  # type: ignore[attr-defined]


@require_GET
@require_perm(Perm.VIEW_AREAS)
def visit_list(request: HttpRequest) -> HttpResponse:
    visits, chosen = filtered_visits(request, access.visible_visits(request.user))
    visits = visits.select_related("area", "team").order_by("-visited_at")
    if wants_csv(request):
        return csv_export(request, visits, VISIT_COLUMNS, name="visits",
                          target=("sweeps.visit", "list"))  # fmt: skip
    page = paged(request, visits)
    operation = ensure_operation(request.user, Perm.VIEW_AREAS)
    context = {"page": page, "visits": page.object_list, "chosen": chosen, "export": True,
               "teams": Team.objects.filter(operation=operation).order_by("name"),
               "outcomes": Outcome.choices}  # fmt: skip
    return render(request, "sweeps/visit_list.html", context)
