"""A team's worklist: open leads and known addresses of the areas it holds, in route order."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import caches

from stranded.core.models import Team
from stranded.places.mapdata import operation_focus
from stranded.places.models import Address, Area
from stranded.places.naming import place_name
from stranded.sweeps.route import Stop, length, route

ROUTE_KEEP_S = 7 * 24 * 3600


@dataclass
class Item:
    kind: str  # "lead" or "address"
    key: str
    label: str
    area: str
    lat: float | None
    lon: float | None


def start_of(team: Team) -> tuple[float, float] | None:
    if team.start_lat is not None and team.start_lon is not None:
        return (team.start_lat, team.start_lon)
    return operation_focus(team.operation)


def items_for(team: Team) -> list[Item]:
    from stranded.tracing.models import Lead

    held = Area.objects.held_by(team)
    leads = Lead.objects.filter(area__in=held, status="open").select_related("area")
    policy = team.operation.place_display
    items = [
        Item(
            "lead",
            str(lead.pk),
            lead.address or place_name(lead.place_id, policy=policy) or "lead",
            lead.area.code if lead.area else "",
            lead.lat,
            lead.lon,
        )
        for lead in leads
    ]
    visited_since = {a.pk: a.assigned_at for a in held}
    for address in Address.objects.filter(area__in=held).select_related("area"):
        since = visited_since.get(address.area_id) if address.area_id else None
        if address.last_visit_at and since and address.last_visit_at >= since:
            continue  # already knocked at since the assignment
        code = address.area.code if address.area else ""
        items.append(Item("address", str(address.pk), address.text, code, address.lat, address.lon))
    return items


def worklist(team: Team, *, seconds: float = 1.0) -> dict[str, object]:
    items = items_for(team)
    start = start_of(team)
    placed = [i for i in items if i.lat is not None and i.lon is not None]
    unplaced = [i for i in items if i.lat is None or i.lon is None]
    if start is None or not placed:
        return {"items": items, "metres": None}
    by_key = {i.key: i for i in placed}
    stops = [Stop(i.key, i.lat, i.lon) for i in placed]  # type: ignore[arg-type]
    order = routed(start, stops, seconds=seconds)
    return {"items": [by_key[s.key] for s in order] + unplaced, "metres": length(start, order)}


def routed(start: tuple[float, float], stops: list[Stop], *, seconds: float) -> list[Stop]:
    """The route through these stops, solved once for them: kept in the shared cache under a
    digest of the start and every stop (key and point), so any change (a lead opened, a house
    visited, an area assigned) is a new digest and a new route; the same stops are never
    solved twice, whichever process serves the page."""
    stops = sorted(stops, key=lambda s: s.key)
    store, key = caches["shared"], route_key(start, stops)
    keys = store.get(key)
    by_key = {s.key: s for s in stops}
    if keys is not None and sorted(keys) == sorted(by_key):
        return [by_key[key] for key in keys]
    order = route(start, stops, seconds=seconds)
    store.set(key, [s.key for s in order], ROUTE_KEEP_S)
    return order


def route_key(start: tuple[float, float], stops: list[Stop]) -> str:
    """The cache key of a route: a digest of the start and every stop (key and point)."""
    points = sorted((s.key, s.lat, s.lon) for s in stops)
    return "route:" + hashlib.sha256(json.dumps([start, points]).encode()).hexdigest()
