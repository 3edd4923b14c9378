from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stranded.core.access import require_perm
from stranded.core.roles import Perm
from stranded.places.mapdata import map_places, search_settings
from stranded.places.search import find_places


@require_GET
@require_perm(Perm.VIEW_PLACES)
def map_page(request: HttpRequest) -> HttpResponse:
    display, region = search_settings(request.user)
    center = region.focus() if region else (39.8155, 46.7519)
    return render(request, "places/map.html", {"center": center, "display": display})


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
    display, region = search_settings(request.user)
    found = find_places(query, limit=limit, display=display, region=region) if query else None
    return query, found


@require_GET
@require_perm(Perm.VIEW_PLACES)
def places_geojson(request: HttpRequest) -> JsonResponse:
    """Settlements and crossings around the operation, drawn on the plain offline background."""
    display, region = search_settings(request.user)
    return JsonResponse(map_places(display=display, near=region.focus() if region else None))
