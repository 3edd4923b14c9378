"""A new plan during the day: what it keeps and where each vehicle is then (reads only; the
writes are `actions.publish.publish_plan`).

A trip is under way once somebody has boarded it or it has left by its timetable: a new plan
keeps it as it is (nobody on it moves), plans only what it does not carry, and starts its
vehicle where that trip unloads, once unloaded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stranded.core.models import Operation
from stranded.evacuation.models import (
    Boarding,
    EvacuationRequest,
    PlanStatus,
    Stop,
    Trip,
    Vehicle,
)


def trips_under_way(operation: Operation, at: datetime) -> Any:
    """Trips of the published plan (or kept from an earlier one) still planned and under way
    at `at`: somebody boarded, or their timetable has them gone."""
    started = (
        Q(boardings__status__in=[Boarding.Status.BOARDED, Boarding.Status.NO_SHOW])
        | Q(stops__unnamed_boarded__gt=0)
        | Q(depart_at__lte=at)
    )
    return (
        Trip.objects.filter(
            plan__operation=operation,
            status=Trip.Status.PLANNED,
            plan__status__in=[PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED],
        )
        .filter(started)
        .distinct()
        .select_related("destination", "vehicle")
    )


def carried_by(trips: list[Trip]) -> dict[str, tuple[int, int, int]]:
    """Per request: the persons on the trips kept (the new plan carries only the rest)."""
    rows = (
        Stop.objects.filter(trip__in=trips)
        .values("request")
        .annotate(s=Sum("seated"), w=Sum("wheelchair"), t=Sum("stretcher"))
    )
    return {str(r["request"]): (r["s"] or 0, r["w"] or 0, r["t"] or 0) for r in rows}


def requests_left(
    requests: list[EvacuationRequest],
    carried: dict[str, tuple[int, int, int]],
    starts_at: datetime,
    board: float,
) -> list[dict[str, Any]]:
    """The requests as planner groups: what trips under way do not carry, and when ready."""
    groups = []
    for r in requests:
        done = carried.get(str(r.pk), (0, 0, 0))
        left = [max(n - c, 0) for n, c in zip(r.load, done, strict=True)]
        if not any(left):
            continue
        group = {
            "id": str(r.pk),
            "reference": r.reference,
            "lat": r.lat,
            "lon": r.lon,
            "seated": left[0],
            "wheelchair": left[1],
            "stretcher": left[2],
            "priority": r.medical_priority,
            "board_minutes": board,
        }
        if r.ready_from is not None and r.ready_from > starts_at:
            group["ready_minutes"] = minutes(r.ready_from, starts_at)
        groups.append(group)
    return groups


def vehicle_days(
    vehicles: list[Vehicle], kept: list[Trip], starts_at: datetime, horizon: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The scenario's vehicles and bases: each vehicle's shift in minutes from the plan's
    start, its own base if it has one, and, if it has a trip under way, the destination that
    trip unloads at as its base and the minute it is unloaded as its start."""
    bases: dict[str, dict[str, Any]] = {}
    last: dict[Any, Trip] = {}
    for trip in kept:
        if trip.vehicle_id not in last or trip.arrive_at > last[trip.vehicle_id].arrive_at:
            last[trip.vehicle_id] = trip
    rows = []
    for vehicle in vehicles:
        row: dict[str, Any] = {
            "id": str(vehicle.pk),
            "name": vehicle.name,
            "seats": vehicle.seats,
            "wheelchair": vehicle.wheelchair,
            "stretcher": vehicle.stretcher,
        }
        start = minutes(vehicle.available_from, starts_at) if vehicle.available_from else 0.0
        if vehicle.available_until is not None:
            row["available_until"] = max(minutes(vehicle.available_until, starts_at), start)
        if vehicle.base_lat is not None and vehicle.base_lon is not None:
            row["base"] = f"vehicle-{vehicle.pk}"
            bases[row["base"]] = {
                "id": row["base"],
                "lat": vehicle.base_lat,
                "lon": vehicle.base_lon,
            }
        busy = last.get(vehicle.pk)
        if busy is not None:
            where = busy.destination
            row["base"] = f"destination-{where.pk}"
            bases[row["base"]] = {"id": row["base"], "lat": where.lat, "lon": where.lon}
            start = max(start, minutes(busy.arrive_at, starts_at) + where.unload_minutes)
        row["available_from"] = min(max(start, 0.0), horizon)
        if "available_until" in row:
            row["available_until"] = max(row["available_until"], row["available_from"])
        rows.append(row)
    return rows, list(bases.values())


def minutes(at: datetime, starts_at: datetime) -> float:
    return round((at - starts_at).total_seconds() / 60, 1)


def notice(
    vehicle: Vehicle, kept: list[Trip], cancelled: list[Trip], new: list[Trip], language: str = ""
) -> str:
    """What changed for the vehicle's driver, in one message in `language` (the driver's; ""
    the active one), or "" if nothing did."""
    if not cancelled and not new:
        return ""
    with translation.override(language or translation.get_language()):

        def when(trip: Trip) -> str:
            return timezone.localtime(trip.depart_at).strftime("%H:%M")

        parts = [_("%(trip)s (under way) stays as it is.") % {"trip": t} for t in kept]
        parts += [
            _("%(trip)s at %(time)s is cancelled.") % {"trip": t, "time": when(t)}
            for t in cancelled
        ]
        for t in new:
            stops = t.stops.count()
            parts.append(
                ngettext(
                    "New: %(trip)s at %(time)s, %(stops)s stop, to %(destination)s.",
                    "New: %(trip)s at %(time)s, %(stops)s stops, to %(destination)s.",
                    stops,
                )
                % {"trip": t, "time": when(t), "stops": stops, "destination": t.destination}
            )
        return _("A new plan for %(vehicle)s: %(changes)s") % {
            "vehicle": vehicle,
            "changes": " ".join(parts),
        }
