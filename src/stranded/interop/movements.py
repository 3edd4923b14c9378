"""Movement notifications for the authority in control of the area.

From a published plan's trips, or from a team's day (the areas it holds), a notification gives
the route (pickup points as their sweep areas' centres, never a house), times, vehicles and
plates, and the number of persons per trip. Names appear only for persons covered by an
authorised, unexpired passenger-list sharing request for that plan. The content is frozen when
the notification is made. The liaison records sent, acknowledged or refused (when, and who
answered); a trip of a plan whose latest notification was refused cannot start (boarding is
refused with a warning) until a coordinator overrides the refusal with a reason, audited. Every
change of a plan's notifications tells evacuation whether its trips wait (`hold_trips`).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Operation, Team, User
from stranded.interop.actions import ALPHABET, SharingError
from stranded.interop.models import MovementEvent, MovementNotification, SharingRequest
from stranded.lib.geo import great_circle_km
from stranded.places.naming import area_name

ANSWERS = (
    MovementNotification.Status.SENT,
    MovementNotification.Status.ACKNOWLEDGED,
    MovementNotification.Status.REFUSED,
)


def _point(operation: Operation, lat: float, lon: float, areas: dict[Any, Any]) -> dict[str, Any]:
    """A pickup point as its area (code and centre), or rounded to ~1 km outside every area."""
    from stranded.places.locate import area_for

    key = (round(lat, 4), round(lon, 4))
    if key not in areas:
        area = area_for(operation, lat, lon)
        areas[key] = (
            {"area": area.code, "lat": round(area.center_lat, 4), "lon": round(area.center_lon, 4)}
            if area
            else {"area": "", "lat": round(lat, 2), "lon": round(lon, 2)}
        )
    return dict(areas[key])


def _names_covered(plan: Any) -> tuple[str, set[str]]:
    """(reference, person ids) of an authorised passenger-list request for the plan."""
    for request in SharingRequest.objects.filter(
        operation=plan.operation,
        dataset=SharingRequest.Dataset.PASSENGER_LIST,
        status=SharingRequest.Status.AUTHORISED,
        filters__plan=str(plan.pk),
    ):
        if request.downloadable:
            return request.reference, set(request.records)
    return "", set()


def plan_content(plan: Any, plates: dict[str, str]) -> dict[str, Any]:
    from stranded.evacuation.models import Boarding, Trip

    reference, covered = _names_covered(plan)
    areas: dict[Any, Any] = {}
    trips = []
    for trip in (
        plan.trips.exclude(status=Trip.Status.CANCELLED)
        .select_related("vehicle", "destination")
        .prefetch_related("stops__request")
    ):
        stops = [
            {
                "order": stop.order,
                "eta": stop.eta.isoformat(),
                "persons": sum(stop.load),
                **_point(plan.operation, stop.request.lat, stop.request.lon, areas),
            }
            for stop in trip.stops.all()
        ]
        names = [
            b.person.full_name
            for b in Boarding.objects.filter(trip=trip).select_related("person")
            if str(b.person_id) in covered
        ]
        destination = {
            "area": trip.destination.name,
            "lat": trip.destination.lat,
            "lon": trip.destination.lon,
        }
        trips.append(
            {
                "trip": str(trip.pk),
                "number": trip.number,
                "vehicle": trip.vehicle.name,
                "vehicle_kind": trip.vehicle.kind,
                "plate": plates.get(trip.vehicle.name, "") or trip.vehicle.name,
                "depart_at": trip.depart_at.isoformat(),
                "arrive_at": trip.arrive_at.isoformat(),
                "persons": sum(s["persons"] for s in stops),
                "stops": stops,
                "route": [[s["lon"], s["lat"]] for s in (*stops, destination)],
                "destination": trip.destination.name,
                "names": names,
            }
        )
    return {
        "kind": "plan",
        "plan": str(plan.pk),
        "trips": trips,
        "persons": sum(t["persons"] for t in trips),
        "vehicles": sorted({t["vehicle"] for t in trips}),
        "names_under": reference,
    }


def team_day_content(
    team: Team, day: date, start: datetime, end: datetime, plates: dict[str, str]
) -> dict[str, Any]:
    """A team's day: the areas it holds, in a nearest-next order from its start point."""
    from stranded.places.models import Area, AreaState

    held = list(
        Area.objects.filter(team=team, state__in=(AreaState.ASSIGNED, AreaState.IN_PROGRESS))
    )
    here: tuple[float, float] | None = None
    if team.start_lat is not None and team.start_lon is not None:
        here = (team.start_lat, team.start_lon)
    ordered = []
    while held:
        if here is None:
            nearest = min(held, key=lambda a: a.code)
        else:
            origin = here
            nearest = min(held, key=lambda a: great_circle_km(origin, (a.center_lat, a.center_lon)))
        held.remove(nearest)
        ordered.append(nearest)
        here = (nearest.center_lat, nearest.center_lon)
    stops = [
        {
            "order": n,
            "area": a.code,
            "name": area_name(a, policy=team.operation.place_display),
            "lat": round(a.center_lat, 4),
            "lon": round(a.center_lon, 4),
            "persons": 0,
        }
        for n, a in enumerate(ordered, start=1)
    ]
    vehicles = sorted(plates) or [team.name]
    return {
        "kind": "team_day",
        "team": team.name,
        "day": day.isoformat(),
        "trips": [
            {
                "trip": "",
                "number": 1,
                "vehicle": ", ".join(vehicles),
                "vehicle_kind": "team",
                "plate": ", ".join(plates.get(v, "") for v in vehicles if plates.get(v)),
                "depart_at": start.isoformat(),
                "arrive_at": end.isoformat(),
                "persons": 0,
                "stops": stops,
                "route": [[s["lon"], s["lat"]] for s in stops],
                "destination": "",
                "names": [],
            }
        ],
        "persons": 0,
        "vehicles": vehicles,
        "names_under": "",
    }


@transaction.atomic
def create_notification(
    *,
    operation: Operation,
    authority: str,
    by: User,
    plan: Any = None,
    team: Team | None = None,
    day: date | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    plates: dict[str, str] | None = None,
) -> MovementNotification:
    from stranded.evacuation.models import PlanStatus

    plates = plates or {}
    if plan is not None:
        if plan.status != PlanStatus.PUBLISHED:
            raise SharingError(
                _("plan: only a published plan is notified (this one is %(status)s)")
                % {"status": plan.get_status_display().lower()}
            )
        content = plan_content(plan, plates)
    elif team is not None and day and start and end:
        content = team_day_content(team, day, start, end, plates)
    else:
        raise SharingError(_("a notification is for a published plan or for a team's day"))
    notification = MovementNotification.objects.create(
        operation=operation,
        authority=authority,
        plan=plan,
        team=team,
        day=day,
        content=content,
        created_by=by,
        created_at=clock.now(operation),
        reference="MOV-" + "".join(secrets.choice(ALPHABET) for _char in range(6)),
    )
    record_event(
        actor=by,
        verb="movement.notification_created",
        target=notification,
        detail={
            "trips": len(content["trips"]),
            "persons": content["persons"],
            "names": sum(len(t["names"]) for t in content["trips"]),
        },
    )
    _hold_or_release(notification.plan_id)
    return notification


@transaction.atomic
def record_answer(
    *,
    notification: MovementNotification,
    status: str,
    at: datetime,
    by: User,
    contact: str = "",
    note: str = "",
) -> MovementNotification:
    if status not in ANSWERS:
        raise SharingError(
            _("status: %(status)r is not sent, acknowledged or refused") % {"status": status}
        )
    if at > timezone.now():  # the real clock: a time said is never in the world's future
        raise SharingError(_("at: cannot be in the future"))
    notification = MovementNotification.objects.select_for_update().get(pk=notification.pk)
    MovementEvent.objects.create(
        notification=notification, status=status, at=at, by=by, contact=contact, note=note
    )
    notification.status, notification.status_at = status, at
    if status == MovementNotification.Status.REFUSED:  # a new refusal needs a new override
        notification.override_reason, notification.overridden_by = "", None
        notification.overridden_at = None
    notification.save()
    record_event(
        actor=by, verb=f"movement.{status}", target=notification, detail={"at": at.isoformat()}
    )
    _hold_or_release(notification.plan_id)
    return notification


@transaction.atomic
def override_refusal(
    *, notification: MovementNotification, reason: str, by: User
) -> MovementNotification:
    if notification.status != MovementNotification.Status.REFUSED:
        raise SharingError(
            _("%(reference)s was not refused") % {"reference": notification.reference}
        )
    if not reason.strip():
        raise SharingError(_("reason: required to override a refusal"))
    notification.override_reason = reason.strip()[:300]
    notification.overridden_by, notification.overridden_at = by, clock.now(clock.of(notification))
    notification.save(update_fields=["override_reason", "overridden_by", "overridden_at"])
    record_event(
        actor=by,
        verb="movement.refusal_overridden",
        target=notification,
        detail={"reason": notification.override_reason},
    )
    _hold_or_release(notification.plan_id)
    return notification


def _hold_or_release(plan_id: Any) -> None:
    """The plan's trips wait while its latest notification is refused and not overridden."""
    from stranded.evacuation.actions.plans import hold_trips
    from stranded.evacuation.models import Plan

    if plan_id is None:
        return
    latest = MovementNotification.objects.filter(plan_id=plan_id).order_by("-created_at").first()
    refused = latest if latest is not None and latest.blocks_trips else None
    hold_trips(
        plan=Plan.objects.get(pk=plan_id),
        reference=refused.reference if refused else "",
        authority=refused.authority if refused else "",
    )
