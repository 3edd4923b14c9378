"""Places through the API. Places are not personal data: reads are not audit-logged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from stranded.core.access import ensure
from stranded.core.roles import Perm
from stranded.places.mapdata import search_settings
from stranded.places.models import Place
from stranded.places.search import display_name, find_places

router = Router(tags=["places"])


class CandidateOut(Schema):
    id: str
    display_name: str
    names: list[str]
    kind: str
    lat: float
    lon: float
    score: float
    evidence: str
    distance_km: float | None


class ResolveOut(Schema):
    query: str
    found: bool
    candidates: list[CandidateOut]
    weak: list[CandidateOut]


@router.get("/resolve", response=ResolveOut)
def resolve(request: HttpRequest, q: str, limit: int = 10) -> dict[str, Any]:
    """Find places by any of their names, in any script, with misspellings; best first.

    `candidates` holds only answers within reach of the operation's region for their spelling
    evidence; when it is empty (`found` false) the name is not in the gazetteer, and `weak`
    lists look-alikes and namesakes further away, nearest first, never to be taken as the answer.
    """
    ensure(request.user, Perm.VIEW_PLACES)
    display, region = search_settings(request.user)
    query = q.strip()[:200]
    found = find_places(query, limit=max(1, min(limit, 50)), display=display, region=region)
    return {"query": query, **found}


class NameOut(Schema):
    text: str
    language: str
    script: str
    kind: str
    source: str


class PlaceOut(Schema):
    id: UUID
    display_name: str
    kind: str
    lat: float
    lon: float
    population: int
    parent_id: UUID | None
    source: str
    source_id: str
    added_by_hand: bool
    source_note: str
    names: list[NameOut]


@router.get("/{place_id}", response=PlaceOut)
def place_detail(request: HttpRequest, place_id: UUID) -> dict[str, Any]:
    ensure(request.user, Perm.VIEW_PLACES)
    place = get_object_or_404(Place, pk=place_id)
    names = list(place.names.order_by("pk"))
    display, _ = search_settings(request.user)
    return {
        "id": place.pk, "display_name": display_name(place, names, display), "kind": place.kind,
        "lat": place.lat, "lon": place.lon, "population": place.population,
        "parent_id": place.parent_id, "source": place.source, "source_id": place.source_id,
        "added_by_hand": place.added_by_hand, "source_note": place.source_note,
        "names": [NameOut.from_orm(n) for n in names],
    }  # fmt: skip
