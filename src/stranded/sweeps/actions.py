"""Every change of sweep areas and visits: atomic, audited, each leaving its area's history.

Area states: not reached -> assigned (a team, a lock that expires) -> in progress (first visit)
-> swept (outcome counts) -> due again (the operation's rule, see coverage.py) -> assigned ...
Releasing or an expired lock returns the area to what it was before the assignment.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.http import reference
from stranded.core.inputs import InputError
from stranded.core.models import Operation, Team, User
from stranded.core.roles import Perm
from stranded.lib.fold import fold
from stranded.places.geometry import Shape
from stranded.places.models import LOCKED_STATES, Address, Area, AreaState, address_key
from stranded.sweeps.models import AreaEvent, Outcome, Visit, VisitPerson

DEFAULT_LOCK_HOURS = 8
PERSON_KEYS = (
    "given_name", "family_name", "father_name", "sex", "birth_year", "age_years", "phone",
)  # fmt: skip


class AreaError(ValueError):
    """A transition the area's state does not allow; the message says why."""


class VisitForbidden(InputError):
    """The visit is for an area the recording user's team does not hold."""


class VisitNotFound(InputError):
    """A record the visit refers to does not exist for this user (missing or outside scope)."""

    status = 404


class VisitConflict(InputError):
    """The same submission (instanceID) arrived before with other content."""

    status = 409


def lock_hours(operation: Operation) -> int:
    return int(operation.setting("sweep_lock_hours", DEFAULT_LOCK_HOURS))


@transaction.atomic
def save_areas(*, operation: Operation, shapes: list[Shape], by: User | None) -> dict[str, int]:
    """Create or update areas by code; idempotent. Coverage state and history are kept."""
    existing = {a.code: a for a in Area.objects.filter(operation=operation)}
    created = updated = unchanged = 0
    for item in shapes:
        fields = {
            "name": item.name,
            "kind": item.kind,
            "geometry": item.geometry,
            "center_lat": item.center[0],
            "center_lon": item.center[1],
            "radius_m": item.radius_m,
            "min_lat": item.bbox[0],
            "min_lon": item.bbox[1],
            "max_lat": item.bbox[2],
            "max_lon": item.bbox[3],
            "rank": item.rank,
        }
        if item.place_id is not None:  # a shape that names no place keeps the one linked
            fields["place_id"] = item.place_id
        area = existing.get(item.code)
        if area is None:
            Area.objects.create(operation=operation, code=item.code, **fields)
            created += 1
        elif any(getattr(area, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(area, key, value)
            area.save()
            updated += 1
        else:
            unchanged += 1
    counts = {"created": created, "updated": updated, "unchanged": unchanged}
    record_event(actor=by, verb="areas.saved", target=operation, detail=counts)
    return counts


def _event(area: Area, verb: str, by: User | None, team: Team | None = None, **detail: Any) -> None:
    at = clock.now(clock.of(area))
    AreaEvent.objects.create(area=area, verb=verb, team=team, by=by, detail=detail, at=at)
    record_event(
        actor=by,
        verb=f"area.{verb}",
        target=area,
        detail={"team": str(team.pk) if team else "", **detail},
    )


def _resting_state(area: Area) -> str:
    """The state an area returns to when no team holds it."""
    if area.last_swept_at is None:
        return AreaState.NOT_REACHED
    return AreaState.DUE if area.due_reason else AreaState.SWEPT


def _locked(area: Area) -> Area:
    return Area.objects.select_for_update().get(pk=area.pk)


VILLAGE_RADIUS_M = 500.0  # a place made an area without a boundary: a circle this wide


@transaction.atomic
def area_for_place(
    *,
    operation: Operation,
    place: Any,
    by: User,
    into: Area | None = None,
    radius_m: float = VILLAGE_RADIUS_M,
) -> Area:
    """A place of the gazetteer (one added in the field, say) swept: put `into` an area of the
    operation that names no place yet (the area is then named by the place's names), or made a
    village area of its own, a circle around it linked to it. Either way the area lists, the
    map and the field form's areas name it by the operation's display policy."""
    from stranded.places import geometry

    if into is not None:
        if into.operation_id != operation.pk:
            raise AreaError(_("%(code)s is not an area of this operation") % {"code": into.code})
        if into.place_id and into.place_id != place.pk:
            raise AreaError(_("%(code)s already stands for another place") % {"code": into.code})
        into.place = place
        into.save(update_fields=["place"])
        record_event(actor=by, verb="area.place_set", target=into, detail={"place": str(place.pk)})
        return into
    if Area.objects.filter(operation=operation, place=place).exists():
        raise AreaError(_("%(place)s is already an area of this operation") % {"place": place.name})
    taken = set(Area.objects.filter(operation=operation).values_list("code", flat=True))
    stem = "V-" + ("".join(ch for ch in fold(place.name).upper() if ch.isalnum())[:16] or "PLACE")
    code = next(c for c in (stem, *(f"{stem}-{n}" for n in range(2, 999))) if c not in taken)
    shape = geometry.village(code, place.name, place.lat, place.lon, radius_m)
    area = Area.objects.create(
        operation=operation,
        code=code,
        name=place.name,
        kind=Area.Kind.VILLAGE,
        place=place,
        geometry=shape.geometry,
        center_lat=place.lat,
        center_lon=place.lon,
        radius_m=radius_m,
        min_lat=shape.bbox[0],
        min_lon=shape.bbox[1],
        max_lat=shape.bbox[2],
        max_lon=shape.bbox[3],
        rank=shape.rank,
    )
    record_event(actor=by, verb="area.from_place", target=area, detail={"place": str(place.pk)})
    return area


@transaction.atomic
def assign_area(*, area: Area, team: Team, by: User, hours: int | None = None) -> Area:
    area = _locked(area)
    if team.operation_id != area.operation_id:
        raise AreaError(_("The team works in another operation."))
    if area.lock_active and area.team_id != team.pk:
        until = timezone.localtime(area.lock_expires_at).strftime("%d %b %H:%M")
        raise AreaError(
            _("%(code)s is held by %(team)s until %(until)s; release it first.")
            % {"code": area.code, "team": area.team, "until": until}
        )
    now = clock.now(clock.of(area))
    area.team = team
    started = area.state == AreaState.IN_PROGRESS and area.lock_active
    area.state = AreaState.IN_PROGRESS if started else AreaState.ASSIGNED
    area.assigned_at = area.assigned_at if area.lock_active else now
    area.lock_expires_at = now + timedelta(hours=hours or lock_hours(area.operation))
    area.save(update_fields=["team", "state", "assigned_at", "lock_expires_at", "updated_at"])
    _event(area, AreaEvent.Verb.ASSIGNED, by, team, until=area.lock_expires_at.isoformat())
    return area


@transaction.atomic
def release_area(*, area: Area, by: User | None, expired: bool = False) -> Area:
    area = _locked(area)
    if area.state not in LOCKED_STATES:
        raise AreaError(_("%(code)s is not assigned.") % {"code": area.code})
    team = area.team
    area.state, area.team, area.lock_expires_at, area.assigned_at = (
        _resting_state(area),
        None,
        None,
        None,
    )
    area.save(update_fields=["state", "team", "lock_expires_at", "assigned_at", "updated_at"])
    _event(area, AreaEvent.Verb.EXPIRED if expired else AreaEvent.Verb.RELEASED, by, team)
    return area


@transaction.atomic
def complete_area(*, area: Area, by: User) -> Area:
    """The team has knocked everywhere it could: the area is swept, with what was found."""
    area = _locked(area)
    if area.state not in LOCKED_STATES or not area.lock_active:
        raise AreaError(
            _("%(code)s is not held by a team; assign it before marking it swept.")
            % {"code": area.code}
        )
    now = clock.now(clock.of(area))
    since = area.assigned_at or now - timedelta(hours=lock_hours(area.operation))
    outcomes = Counter(area.visits.filter(visited_at__gte=since).values_list("outcome", flat=True))
    found = VisitPerson.objects.filter(visit__area=area, visit__visited_at__gte=since).count()
    team = area.team
    area.state, area.last_swept_at, area.last_swept_by = AreaState.SWEPT, now, team
    area.last_outcome = {"visits": sum(outcomes.values()), "persons": found, **outcomes}
    area.team, area.lock_expires_at, area.assigned_at, area.due_reason = None, None, None, ""
    area.save()
    _event(area, AreaEvent.Verb.SWEPT, by, team, **area.last_outcome)
    return area


def _start(area: Area, by: User | None, team: Team | None) -> None:
    if area.state == AreaState.ASSIGNED and area.lock_active:
        area.state = AreaState.IN_PROGRESS
        area.save(update_fields=["state", "updated_at"])
        _event(area, AreaEvent.Verb.STARTED, by, team)


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def record_visit(
    *,
    operation: Operation,
    cleaned: dict[str, Any],
    by: User,
    source: str,
    instance_id: str | None = None,
) -> tuple[Visit, bool]:
    """Record one visit checked by every app (fieldwork's `check_field_visit`); (visit, created).
    The same instanceID with the same content is the same visit (not created again); with other
    content it is a VisitConflict."""
    _within_operation(operation, cleaned["visited_at"])
    digest = content_hash(cleaned)
    if instance_id:
        existing = Visit.objects.filter(instance_id=instance_id).first()
        if existing is not None:
            return _same_or_conflict(existing, operation, digest), False
    area = _area(operation, cleaned, by)
    try:
        with transaction.atomic():
            visit = _create_visit(operation, area, cleaned, by, source, instance_id, digest)
    except IntegrityError:
        # Two identical submissions at the same moment: the other one was stored first.
        existing = Visit.objects.filter(instance_id=instance_id).first()
        if instance_id and existing is not None:
            return _same_or_conflict(existing, operation, digest), False
        raise
    _update_address(visit)
    _start(area, by, visit.team)
    detail = {"area": area.code, "outcome": visit.outcome, "source": source}
    record_event(actor=by, verb="visit.recorded", target=visit, detail=detail)
    return visit, True


# Teams are often on the ground a little before an operation is declared.
EARLY_DAYS = 7


def _within_operation(operation: Operation, visited_at: Any) -> None:
    earliest = operation.started_on - timedelta(days=EARLY_DAYS)
    if visited_at.astimezone(UTC).date() < earliest:
        raise InputError(
            "visited_at",
            _("%(date)s is before the operation (started %(isoformat)s)")
            % {
                "date": visited_at.date().isoformat(),
                "isoformat": operation.started_on.isoformat(),
            },
        )


def _same_or_conflict(existing: Visit, operation: Operation, digest: str) -> Visit:
    if existing.operation_id != operation.pk or existing.content_hash != digest:
        raise VisitConflict(
            "instanceID",
            _(
                "this submission was received before with other content; "
                "the stored one is kept unchanged"
            ),
        )
    return existing


def _area(operation: Operation, cleaned: dict[str, Any], by: User) -> Area:
    area = Area.objects.filter(operation=operation, code=cleaned["area"]).first()
    if area is None:
        raise InputError(
            "area", _("no area '%(area)s' in this operation") % {"area": cleaned["area"]}
        )
    if not by.can(Perm.ASSIGN_AREAS):
        held = Area.objects.held_by(by.team).filter(pk=area.pk).exists()
        if not held:
            raise VisitForbidden("area", f"{area.code} is not held by your team")
    return area


def _create_visit(
    operation: Operation,
    area: Area,
    cleaned: dict[str, Any],
    by: User,
    source: str,
    instance_id: str | None,
    digest: str,
) -> Visit:
    from stranded.tracing.scoping import visible_leads

    lead = None
    if cleaned["lead"]:
        # Checked against what the recorder may see: another team's lead is as missing as none.
        lead = (
            visible_leads(by)
            .filter(operation=operation, pk=reference(cleaned["lead"], "lead"))
            .first()
        )
        if lead is None:
            raise VisitNotFound("lead", _("no such lead in your areas"))
    address = _address(operation, area, cleaned, _place(area, cleaned))
    team = by.team if by.team and by.team.operation_id == operation.pk else area.team
    return Visit.objects.create(
        operation=operation,
        area=area,
        address=address,
        lead=lead,
        team=team,
        recorded_by=by,
        visited_at=cleaned["visited_at"],
        lat=cleaned["lat"],
        lon=cleaned["lon"],
        outcome=cleaned["outcome"],
        electricity=cleaned["electricity"],
        water=cleaned["water"],
        gas=cleaned["gas"],
        needs=cleaned["needs"],
        animals=cleaned["animals"],
        remains=cleaned["remains"],
        notes=cleaned["notes"],
        source=source,
        instance_id=instance_id or None,
        content_hash=digest,
    )


def _place(area: Area, cleaned: dict[str, Any]) -> Any:
    """The village or place the form names (its list: xlsform.form_places), else the area's."""
    from stranded.places.models import Place

    if not cleaned.get("place"):
        return area.place
    place = Place.objects.filter(pk=reference(cleaned["place"], "place")).first()
    if place is None:
        raise InputError(
            "place",
            _("'%(value)s' is not a place of the gazetteer") % {"value": cleaned["place"]},
        )
    return place


def _address(
    operation: Operation, area: Area, cleaned: dict[str, Any], place: Any
) -> Address | None:
    if not cleaned["address"]:
        return None
    address, _ = Address.objects.get_or_create(
        operation=operation,
        key=address_key(cleaned["address"], area),
        defaults={
            "area": area,
            "text": cleaned["address"],
            "lat": cleaned["lat"],
            "lon": cleaned["lon"],
            "place": place,
        },
    )
    return address


def _update_address(visit: Visit) -> None:
    address = visit.address
    if address is None or (address.last_visit_at and address.last_visit_at > visit.visited_at):
        return
    address.last_visit_at, address.last_outcome = visit.visited_at, visit.outcome
    for utility in ("electricity", "water", "gas"):
        # An empty or unanswered house tells nothing about its utilities.
        if getattr(visit, utility) != "unknown" or visit.outcome == Outcome.PERSONS_PRESENT:
            setattr(address, utility, getattr(visit, utility))
    if address.lat is None and visit.lat is not None:
        address.lat, address.lon = visit.lat, visit.lon
    address.save()


def record_persons_met(*, visit: Visit, persons: list[dict[str, Any]], by: User) -> None:
    """Each person met is recorded by tracing (matched at once) and joined to the visit."""
    from stranded.tracing.actions import record_person
    from stranded.tracing.models import PersonStatus, Source

    operation = clock.of(visit)
    now = clock.now(operation)
    for data in persons:
        status = PersonStatus.LOCATED
        if data["wants_to_leave"]:
            status = PersonStatus.EVACUATION_REQUESTED if data["consent_to_leave"] else status
        fields = {k: data[k] for k in PERSON_KEYS if data[k] is not None}
        if "age_years" in fields:  # "about 80" said on the day of the visit, not today
            fields["age_on"] = clock.date_of(visit.visited_at, operation)
        fields.update(
            address=visit.address.text if visit.address else "",
            lat=visit.lat,
            lon=visit.lon,
            place=visit.address.place if visit.address else visit.area.place,
            bedridden=data["mobility"] == "stretcher",
            wheelchair=data["mobility"] == "wheelchair",
        )
        person = record_person(
            operation=visit.operation,
            data=fields,
            source=Source.FIELD,
            status=status,
            by=by,
            area=visit.area,
        )
        VisitPerson.objects.create(
            visit=visit,
            person=person,
            created=True,
            condition=data["condition"],
            wants_to_leave=data["wants_to_leave"],
            consent_to_leave=data["consent_to_leave"],
            consent_recorded_at=now if data["consent_to_leave"] else None,
            mobility=data["mobility"],
        )


def follow_lead(*, visit: Visit, by: User) -> None:
    """A visit at a lead's address: the lead is visited, the inquiry gets a note."""
    from stranded.tracing.actions import add_note
    from stranded.tracing.models import Lead

    lead = visit.lead
    if lead is None or lead.status == Lead.Status.CLOSED:
        return
    lead.status = Lead.Status.VISITED
    lead.save(update_fields=["status"])
    found = visit.persons.count()
    text = (
        f"Visited {timezone.localtime(visit.visited_at):%d %b %H:%M} by "
        f"{visit.team or 'a team'} in {visit.area.code}: {visit.get_outcome_display()}"
        + (f", {found} person(s) met (see matches)" if found else "")
        + "."
    )
    add_note(person=lead.inquiry.sought, inquiry=lead.inquiry, text=text, by=by)
    record_event(actor=by, verb="lead.visited", target=lead, detail={"visit": str(visit.pk)})


@transaction.atomic
def assign_areas(*, areas: list[Area], team: Team, by: User, hours: int | None = None) -> int:
    """Several areas to one team at once: all or none (an area held by another team is named
    and nothing is assigned)."""
    for area in areas:
        assign_area(area=area, team=team, by=by, hours=hours)
    return len(areas)
