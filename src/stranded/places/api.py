"""Places through the API. Places are not personal data: reads are not audit-logged."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status

from stranded.core.access import actor, ensure
from stranded.core.inputs import check_form
from stranded.core.roles import Perm
from stranded.places import access
from stranded.places.actions import add_place
from stranded.places.forms import NAME_LANGUAGES, AddPlaceForm
from stranded.places.mapdata import search_settings
from stranded.places.models import Place
from stranded.places.resolver import PlaceCandidate
from stranded.places.search import describe, display_name, find_places, possible_duplicates

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
    ensure(actor(request), Perm.VIEW_PLACES)
    display, region = search_settings(actor(request))
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


class NameIn(Schema):
    text: str
    language: str = ""


class PlaceIn(Schema):
    names: list[NameIn]
    kind: str = "village"
    lat: float
    lon: float
    parent_id: UUID | None = None
    note: str = ""
    confirm: bool = False  # add it even though places proposed as duplicates exist


class DuplicatesOut(Schema):
    detail: str
    duplicates: list[CandidateOut]


@router.post("", response={201: PlaceOut, 409: DuplicatesOut})
def add(request: HttpRequest, payload: PlaceIn) -> Status:
    """Add a place the gazetteer lacks (coordinators). 409 with the places it may duplicate
    (same name in any script, or within 2 km) unless `confirm`; 422 names the field wrong."""
    ensure(actor(request), Perm.EDIT_PLACES)
    form = AddPlaceForm(place_form_data(payload))
    check_form(form)
    data, names = form.cleaned_data, form.names()
    duplicates = possible_duplicates(names=names, lat=data["lat"], lon=data["lon"])
    if duplicates and not payload.confirm:
        display, _ = search_settings(actor(request))
        found = [PlaceCandidate(str(p.pk), 0.0, p.name, "duplicate") for p in duplicates]
        detail = "places that may be the same exist; send confirm=true if it is another place"
        return Status(409, {"detail": detail, "duplicates": describe(found, display)})
    place = add_place(
        names=names,
        kind=data["kind"],
        lat=data["lat"],
        lon=data["lon"],
        parent=data["parent"],
        note=data["note"],
        by=actor(request),
    )
    return Status(201, place_out(request, place))


def place_form_data(payload: PlaceIn) -> dict[str, Any]:
    """The API's names by language onto the form's fields; other languages as other names."""
    data: dict[str, Any] = {
        "kind": payload.kind,
        "lat": payload.lat,
        "lon": payload.lon,
        "note": payload.note,
        "parent": str(payload.parent_id) if payload.parent_id else "",
    }
    others = []
    for name in payload.names:
        field = f"name_{name.language}"
        if name.language in dict(NAME_LANGUAGES) and field not in data:
            data[field] = name.text
        else:
            others.append(name.text)
    data["other_names"] = "|".join(others)
    return data


@router.get("/{place_id}", response=PlaceOut)
def place_detail(request: HttpRequest, place_id: UUID) -> dict[str, Any]:
    return place_out(request, access.get_place(actor(request), place_id))


def place_out(request: HttpRequest, place: Place) -> dict[str, Any]:
    names = list(place.names.order_by("pk"))
    display, _ = search_settings(actor(request))
    return {
        "id": place.pk,
        "display_name": display_name(place, names, display),
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "population": place.population,
        "parent_id": place.parent_id,
        "source": place.source,
        "source_id": place.source_id,
        "added_by_hand": place.added_by_hand,
        "source_note": place.source_note,
        "names": [NameOut.from_orm(n) for n in names],
    }
