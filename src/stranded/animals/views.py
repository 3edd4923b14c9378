"""Animal pages: sightings list and map, a sighting with its actions, partners, pet inquiries."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.animals import access
from stranded.animals.actions import (
    close_pet_inquiry,
    confirm_pet_match,
    open_pet_inquiry,
    record_action,
    record_sighting,
    save_partner,
)
from stranded.animals.models import (
    NEED_CHOICES,
    NEEDS,
    AnimalAction,
    Condition,
    PetInquiry,
    Sighting,
    Species,
)
from stranded.core.access import actor, ensure, ensure_operation, require_perm
from stranded.core.inputs import InputError
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.places.mapdata import operation_focus

FILTERS = ("species", "need", "status")
# What the map draws of a sighting (the rest of the row is not read).
MAP_FIELDS = ("id", "lat", "lon", "count", "species", "species_other", "status", "condition",
              "needs_food", "needs_water", "needs_veterinary")  # fmt: skip


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    sightings = access.visible_sightings(actor(request))
    chosen = {key: request.GET.get(key, "") for key in FILTERS}
    if chosen["species"] in Species.values:
        sightings = sightings.filter(species=chosen["species"])
    if chosen["need"] in NEEDS:
        sightings = sightings.needing(chosen["need"]).active()
    if chosen["status"] in Sighting.Status.values:
        sightings = sightings.filter(status=chosen["status"])
    return sightings, chosen


def _point(value: float | None) -> Any:
    return round(value, 5) if value is not None else ""


# The export of sightings, for the animal-welfare partners: what animal, in what state, needing
# what, where; never the owner's name or contact, the notes or who saw it.
SIGHTING_COLUMNS: list[tuple[str, Any]] = [
    ("seen_at", lambda s: timezone.localtime(s.seen_at).isoformat(timespec="minutes")),
    ("species", lambda s: s.species), ("species_other", lambda s: s.species_other),
    ("count", lambda s: s.count), ("condition", lambda s: s.condition),
    ("needs_food", lambda s: "yes" if s.needs_food else "no"),
    ("needs_water", lambda s: "yes" if s.needs_water else "no"),
    ("needs_veterinary", lambda s: "yes" if s.needs_veterinary else "no"),
    ("status", lambda s: s.status), ("area", lambda s: s.area.code if s.area else ""),
    ("lat", lambda s: _point(s.lat)), ("lon", lambda s: _point(s.lon)),
]  # fmt: skip


@require_GET
@require_perm(Perm.VIEW_ANIMALS)
def index(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_ANIMALS)
    sightings, chosen = _filtered(request)
    exports = actor(request).can(Perm.EDIT_ANIMALS)  # who works the sightings, in their scope
    if wants_csv(request):
        if not exports:
            raise Http404
        rows = sightings.select_related("area")
        target = ("animals.sighting", "list")
        return csv_export(request, rows, SIGHTING_COLUMNS, name="sightings", target=target)
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    page = paged(request, sightings.select_related("area", "team"))
    context = {
        "page": page,
        "sightings": page.object_list,
        "total": page.paginator.count,
        "chosen": chosen,
        "query": query,
        "species": Species.choices,
        "needs": NEED_CHOICES,
        "statuses": Sighting.Status.choices,
        "center": operation_focus(operation),
        "export": exports,
    }
    return render(request, "animals/index.html", context)


@require_GET
@require_perm(Perm.VIEW_ANIMALS)
def sightings_geojson(request: HttpRequest) -> JsonResponse:
    """Sightings as points, without owner data."""
    sightings, _ = _filtered(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
            "properties": {
                "id": str(s.pk),
                "label": str(s),
                "status": s.status,
                "condition": s.condition,
                "needs": s.needs,
                # What the tooltip says, in the reader's language (animals/map.js).
                "tooltip": _sighting_tooltip(s),
            },
        }
        for s in sightings.filter(lat__isnull=False, lon__isnull=False).only(*MAP_FIELDS)[:3000]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _sighting_tooltip(sighting: Sighting) -> str:
    parts = [str(sighting), sighting.get_condition_display()]
    if sighting.needs:
        parts.append(_("needs: %(needs)s") % {"needs": sighting.needs_text})
    return " · ".join(parts)


def _sighting_data(post: Any) -> dict[str, Any]:
    keys = (
        "species",
        "species_other",
        "count",
        "condition",
        "area",
        "address",
        "place_text",
        "lat",
        "lon",
        "owner_name",
        "owner_contact",
        "colour",
        "markings",
        "notes",
    )
    data: dict[str, Any] = {key: post.get(key, "") for key in keys}
    data["owner_known"] = post.get("owner_known") == "on"
    data["needs"] = post.getlist("needs")
    return data


@require_perm(Perm.EDIT_ANIMALS)
def sighting_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_ANIMALS)
    error, data = None, {"area": request.GET.get("area", "")}
    if request.method == "POST":
        data = _sighting_data(request.POST)
        try:
            sighting = record_sighting(operation=operation, data=data, by=actor(request))
            messages.success(
                request, _("Sighting recorded: %(sighting)s.") % {"sighting": sighting}
            )
            return redirect("animals:sighting-detail", sighting_id=sighting.pk)
        except InputError as exc:
            error = exc
    context = {
        "data": data,
        "error": error,
        "areas": access.writable_areas(actor(request)),
        "species": Species.choices,
        "conditions": Condition.choices,
        "needs": NEED_CHOICES,
    }
    return render(request, "animals/sighting_new.html", context, status=400 if error else 200)


def _sighting_context(
    request: HttpRequest, sighting: Sighting, *, owner: bool = True
) -> dict[str, Any]:
    """owner=False for the actions panel, which never shows (so never reads) the owner."""
    user = actor(request)
    return {
        "s": sighting,
        "actions": sighting.actions.select_related("partner", "by", "team"),
        "kinds": AnimalAction.Kind.choices,
        "can_edit": access.can_edit(user, sighting),
        "partners": access.partners(user).filter(active=True),
        "show_owner": owner and access.owner_shown(user, sighting),
    }


@require_GET
@require_perm(Perm.VIEW_ANIMALS)
def sighting_detail(request: HttpRequest, sighting_id: UUID) -> HttpResponse:
    sighting = access.get_sighting(actor(request), sighting_id)
    return render(request, "animals/sighting_detail.html", _sighting_context(request, sighting))


@require_POST
@require_perm(Perm.EDIT_ANIMALS)
def sighting_action(request: HttpRequest, sighting_id: UUID) -> HttpResponse:
    """htmx: returns the actions panel; a plain form post is redirected to the sighting."""
    sighting = access.get_sighting(actor(request), sighting_id, write=True)
    keys = ("kind", "partner", "taken_to", "note")
    error = None
    try:
        record_action(
            sighting=sighting, data={k: request.POST.get(k, "") for k in keys}, by=actor(request)
        )
    except InputError as exc:
        error = exc
    sighting.refresh_from_db()
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, str(error))
        return redirect("animals:sighting-detail", sighting_id=sighting.pk)
    context = {**_sighting_context(request, sighting, owner=False), "error": error}
    return render(request, "animals/_actions.html", context, status=200)


@require_perm(Perm.VIEW_ANIMALS)
def partner_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    error, data = None, {}
    if request.method == "POST":
        operation = ensure_operation(user, Perm.MANAGE_OPERATION)
        data = {
            "name": request.POST.get("name", ""),
            "contact": request.POST.get("contact", ""),
            "species": request.POST.getlist("species"),
        }
        try:
            partner = save_partner(operation=operation, data=data, by=user)
            messages.success(request, _("Partner saved: %(name)s.") % {"name": partner.name})
            return redirect("animals:partners")
        except InputError as exc:
            error = exc
    context = {
        "partners": access.partners(user),
        "species": Species.choices,
        "error": error,
        "data": data,
        "can_manage": user.can(Perm.MANAGE_OPERATION),
    }
    return render(request, "animals/partners.html", context, status=400 if error else 200)


@require_GET
@require_perm(Perm.VIEW_ANIMALS)
def pet_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    rows = access.visible_pet_inquiries(user).select_related("address").order_by("-created_at")
    page = paged(request, rows.annotate(candidate_count=Count("candidates")))
    inquiries = list(page.object_list)
    access.pet_inquiries_listed(user, inquiries)
    context = {"page": page, "inquiries": inquiries, "sees_inquirer": access.sees_inquirer(user)}
    return render(request, "animals/pet_list.html", context)


@require_perm(Perm.EDIT_INQUIRIES)
def pet_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
    ensure(actor(request), Perm.VIEW_ANIMALS)
    keys = (
        "inquirer_name",
        "inquirer_contact",
        "species",
        "species_other",
        "animal_name",
        "colour",
        "markings",
        "breed",
        "address_text",
        "lat",
        "lon",
    )
    error, data = None, {}
    if request.method == "POST":
        data = {key: request.POST.get(key, "") for key in keys}
        try:
            inquiry = open_pet_inquiry(operation=operation, data=data, by=actor(request))
            messages.success(request, _("Pet inquiry opened."))
            return redirect("animals:pet-detail", inquiry_id=inquiry.pk)
        except InputError as exc:
            error = exc
    context = {"data": data, "error": error, "species": Species.choices}
    return render(request, "animals/pet_new.html", context, status=400 if error else 200)


@require_GET
@require_perm(Perm.VIEW_ANIMALS)
def pet_detail(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id)
    candidates = inquiry.candidates.select_related("sighting", "sighting__area")[:20]
    context = {
        "inquiry": inquiry,
        "candidates": candidates,
        "sees_inquirer": access.sees_inquirer(user),
        "can_decide": user.can(Perm.DECIDE_MATCHES) and inquiry.status == PetInquiry.Status.OPEN,
    }
    return render(request, "animals/pet_detail.html", context)


@require_POST
@require_perm(Perm.DECIDE_MATCHES)
def pet_confirm(request: HttpRequest, inquiry_id: UUID, sighting_id: UUID) -> HttpResponse:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id, write=True)
    sighting = get_object_or_404(access.visible_sightings(user), id=sighting_id)
    try:
        confirm_pet_match(
            inquiry=inquiry, sighting=sighting, by=user, note=request.POST.get("note", "")
        )
        messages.success(request, _("Match confirmed: the inquiry is matched, the owner found."))
    except InputError as exc:
        messages.error(request, str(exc))
    return redirect("animals:pet-detail", inquiry_id=inquiry.pk)


@require_POST
@require_perm(Perm.DECIDE_MATCHES)
def pet_close(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    user = actor(request)
    inquiry = access.get_pet_inquiry(user, inquiry_id, write=True)
    try:
        close_pet_inquiry(inquiry=inquiry, by=user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Pet inquiry closed."))
    except InputError as exc:
        messages.error(request, str(exc))
    return redirect("animals:pet-detail", inquiry_id=inquiry.pk)
