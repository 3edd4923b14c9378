from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, require_perm
from stranded.core.models import User
from stranded.core.roles import Perm
from stranded.places.actions import add_place
from stranded.places.forms import AddPlaceForm
from stranded.places.mapdata import map_places, search_settings
from stranded.places.models import Place
from stranded.places.search import find_places, possible_duplicates


@require_GET
@require_perm(Perm.VIEW_PLACES)
def map_page(request: HttpRequest) -> HttpResponse:
    return render_map(request, AddPlaceForm() if can_add(request) else None)


def render_map(
    request: HttpRequest,
    form: AddPlaceForm | None,
    duplicates: list[Place] | None = None,
    status: int = 200,
) -> HttpResponse:
    display, region = search_settings(actor(request))
    center = region.focus() if region else (39.8155, 46.7519)
    context = {"center": center, "display": display, "form": form, "duplicates": duplicates}
    return render(request, "places/map.html", context, status=status)


def can_add(request: HttpRequest) -> bool:
    return isinstance(request.user, User) and request.user.can(Perm.EDIT_PLACES)


@require_POST
@require_perm(Perm.EDIT_PLACES)
def add(request: HttpRequest) -> HttpResponse:
    """A place added from the map; places that may be the same are proposed before saving."""
    form = AddPlaceForm(request.POST)
    if not form.is_valid():
        return render_map(request, form, status=400)
    data = form.cleaned_data
    duplicates = possible_duplicates(names=form.names(), lat=data["lat"], lon=data["lon"])
    if duplicates and not data["confirm"]:
        return render_map(request, form, duplicates, status=409)
    place = add_place(
        names=form.names(),
        kind=data["kind"],
        lat=data["lat"],
        lon=data["lon"],
        parent=data["parent"],
        note=data["note"],
        by=actor(request),
    )
    messages.success(
        request, _("%(name)s added: searchable now by every name.") % {"name": place.name}
    )
    return redirect("places:map")


@require_GET
@require_perm(Perm.VIEW_PLACES)
def search(request: HttpRequest) -> HttpResponse:
    """Live results for the search box (htmx partial)."""
    query, found = typed_query(request, "q", limit=10)
    return render(request, "places/_results.html", {"query": query, "found": found})


@require_GET
@require_perm(Perm.VIEW_PLACES)
def pick(request: HttpRequest) -> HttpResponse:
    """The town or village field of a form: places to pick, or "not in the gazetteer"."""
    query, found = typed_query(request, "place_text", limit=5)
    return render(request, "places/_pick.html", {"query": query, "found": found})


def typed_query(
    request: HttpRequest, param: str, *, limit: int
) -> tuple[str, dict[str, Any] | None]:
    query = request.GET.get(param, "").strip()[:200]
    display, region = search_settings(actor(request))
    found = find_places(query, limit=limit, display=display, region=region) if query else None
    return query, found


@require_GET
@require_perm(Perm.VIEW_PLACES)
def places_geojson(request: HttpRequest) -> JsonResponse:
    """Settlements and crossings around the operation, drawn on the plain offline background."""
    display, region = search_settings(actor(request))
    return JsonResponse(map_places(display=display, near=region.focus() if region else None))
