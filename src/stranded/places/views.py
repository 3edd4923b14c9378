from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stranded.core.access import require_perm
from stranded.core.roles import Perm
from stranded.places.mapdata import map_places, search_settings
from stranded.places.search import search_places


@require_GET
@require_perm(Perm.VIEW_PLACES)
def map_page(request: HttpRequest) -> HttpResponse:
    display, near = search_settings(request.user)
    center = near or (39.8155, 46.7519)
    return render(request, "places/map.html", {"center": center, "display": display})


@require_GET
@require_perm(Perm.VIEW_PLACES)
def search(request: HttpRequest) -> HttpResponse:
    """Live results for the search box (htmx partial)."""
    query = request.GET.get("q", "").strip()[:200]
    display, near = search_settings(request.user)
    results = search_places(query, limit=10, display=display, near=near) if query else []
    return render(request, "places/_results.html", {"query": query, "results": results})


@require_GET
@require_perm(Perm.VIEW_PLACES)
def places_geojson(request: HttpRequest) -> JsonResponse:
    """Settlements and crossings around the operation, drawn on the plain offline background."""
    display, near = search_settings(request.user)
    return JsonResponse(map_places(display=display, near=near))
