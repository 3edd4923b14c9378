"""A team's worklist: open leads and known addresses of the areas it holds, in route order."""

from __future__ import annotations

from dataclasses import dataclass

from stranded.core.models import Team
from stranded.places.mapdata import operation_focus
from stranded.sweeps.models import Address, Area
from stranded.sweeps.route import Stop, length, route


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
    leads = Lead.objects.filter(area__in=held, status="open").select_related("area", "place")
    items = [
        Item(
            "lead",
            str(lead.pk),
            lead.address or (lead.place.name if lead.place else "lead"),
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
    order = route(start, stops, seconds=seconds)
    return {"items": [by_key[s.key] for s in order] + unplaced, "metres": length(start, order)}
