"""Every change of needs: atomic, audited, each leaving the need's history (NeedEvent).

Statuses: open -> referred (to a named partner) / in progress -> met, or cannot be met (with a
reason). Met and cannot-be-met are final: only a coordinator reopens them. A visit's needs become
Needs through `needs_from_visit` (called by fieldwork's record_field_visit); an active need of the
same kind at the same address is not doubled: the visit joins its history, its urgency rises.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.inputs import InputError
from stranded.core.models import Operation, User
from stranded.core.roles import Perm
from stranded.needs.models import ACTIVE, URGENCY_RANK, Kind, Need, NeedEvent, Status

if TYPE_CHECKING:
    from stranded.sweeps.models import Visit

DEFAULT_FIRST_FROST = "2023-11-15"
# Needs of one body rather than of the household: linked to the person when the visit met one.
PERSONAL_KINDS = (Kind.MEDICAL_CARE, Kind.MEDICINES, Kind.MOBILITY_AID, Kind.PSYCHOSOCIAL)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.REFERRED, Status.IN_PROGRESS, Status.MET, Status.CANNOT_BE_MET),
    Status.REFERRED: (
        Status.REFERRED,
        Status.IN_PROGRESS,
        Status.MET,
        Status.CANNOT_BE_MET,
        Status.OPEN,
    ),
    Status.IN_PROGRESS: (Status.REFERRED, Status.MET, Status.CANNOT_BE_MET, Status.OPEN),
    Status.MET: (Status.OPEN,),
    Status.CANNOT_BE_MET: (Status.OPEN,),
}


class NeedTransitionError(ValueError):
    """A status change the need's state or the user's role does not allow; says why."""


def first_frost(operation: Operation) -> date:
    """The operation's first-frost date: what winter needs are due before (setting first_frost)."""
    value = operation.setting("first_frost", DEFAULT_FIRST_FROST)
    return parse_date(str(value)) or parse_date(DEFAULT_FIRST_FROST)  # type: ignore[return-value]


def can_reopen(user: User) -> bool:
    # Reopening a closed need is the coordinator's call: the one who assigns the teams' work.
    return user.can(Perm.EDIT_NEEDS) and user.can(Perm.ASSIGN_AREAS)


def _history(need: Need, verb: str, by: User | None, previous: str = "", **extra: Any) -> None:
    NeedEvent.objects.create(
        need=need,
        verb=verb,
        status=need.status,
        previous=previous,
        urgency=need.urgency,
        by=by,
        at=clock.now(clock.of(need)),
        **extra,
    )


@transaction.atomic
def record_need(
    *,
    operation: Operation,
    area: Any,
    kind: str,
    by: User | None,
    urgency: str = "medium",
    due_before: date | None = None,
    note: str = "",
    address: Any = None,
    person: Any = None,
    visit: Visit | None = None,
) -> Need:
    need = Need.objects.create(
        operation=operation,
        area=area,
        address=address,
        person=person,
        visit=visit,
        kind=kind,
        urgency=urgency,
        due_before=due_before or first_frost(operation),
        note=note,
        created_at=clock.now(operation),
        created_by=by,
    )
    _history(need, NeedEvent.Verb.CREATED, by, visit=visit)
    record_event(
        actor=by,
        verb="need.recorded",
        target=need,
        detail={
            "kind": kind,
            "urgency": urgency,
            "area": area.code,
            "visit": str(visit.pk) if visit else "",
        },
    )
    return need


@transaction.atomic
def change_need_status(
    *, need: Need, status: str, by: User, partner: str = "", reason: str = ""
) -> Need:
    need = Need.objects.select_for_update().get(pk=need.pk)
    previous = need.status
    if status not in TRANSITIONS.get(previous, ()):
        label = Status(status).label.lower() if status in Status.values else status
        if need.is_final:
            raise NeedTransitionError(
                _(
                    "The need is %(status)s: it cannot become %(label)s; a coordinator "
                    "reopens it first."
                )
                % {"status": need.get_status_display().lower(), "label": label}
            )
        raise NeedTransitionError(
            _("The need is %(status)s already.") % {"status": need.get_status_display().lower()}
        )
    if need.is_final and not can_reopen(by):
        raise NeedTransitionError(
            _("The need is %(status)s: only a coordinator reopens it.")
            % {"status": need.get_status_display().lower()}
        )
    if status == Status.REFERRED and not partner:
        raise NeedTransitionError(_("A referral names the partner it goes to."))
    if status == Status.CANNOT_BE_MET and not reason:
        raise NeedTransitionError(_("Say why the need cannot be met."))
    if need.is_final and _active_twin(need) is not None:
        raise NeedTransitionError(
            _("An active %(kind)s need is recorded at this address since; work on that one.")
            % {"kind": need.get_kind_display().lower()}
        )
    need.status = status
    need.partner = partner if status == Status.REFERRED else need.partner
    need.reason = reason if status == Status.CANNOT_BE_MET else ""
    need.save(update_fields=["status", "partner", "reason", "updated_at"])
    verb = NeedEvent.Verb.REOPENED if previous in (Status.MET, Status.CANNOT_BE_MET) else "status"
    _history(
        need,
        verb,
        by,
        previous,
        partner=partner if status == Status.REFERRED else "",
        reason=need.reason,
    )
    record_event(
        actor=by,
        verb=f"need.{status}",
        target=need,
        detail={
            "from": previous,
            "to": status,
            "partner": need.partner if status == Status.REFERRED else "",
        },
    )
    return need


def needs_from_visit(*, visit: Visit, by: User | None) -> list[Need]:
    """Each entry of visit.needs ({kind, urgency, note}) -> a Need of the household, or the
    visit joins the history of the active need of that kind already known at the address."""
    needs = []
    met = [vp.person for vp in visit.persons.select_related("person")] if visit.needs else []
    for entry in visit.needs or []:
        urgency = entry.get("urgency") or "medium"
        existing = _active_at(visit.address_id, entry["kind"])
        if existing is None:
            try:
                need = record_need(
                    operation=visit.operation,
                    area=visit.area,
                    address=visit.address,
                    visit=visit,
                    kind=entry["kind"],
                    urgency=urgency,
                    note=entry.get("note", ""),
                    by=by,
                    person=_whose(entry, met),
                )
            except IntegrityError:
                # Another visit to the same household recorded it a moment ago.
                existing = _active_at(visit.address_id, entry["kind"])
                if existing is None:
                    raise
        needs.append(need if existing is None else _seen_again(existing, visit, urgency, by))
    return needs


def _whose(entry: dict[str, Any], met: list[Any]) -> Any:
    """The person a personal need is for: the one named by index, or the only person met."""
    index = entry.get("person")
    if isinstance(index, int) and 0 <= index < len(met):
        return met[index]
    return met[0] if len(met) == 1 and entry["kind"] in PERSONAL_KINDS else None


def _active_at(address_id: Any, kind: str) -> Need | None:
    if address_id is None:
        return None
    return (
        Need.objects.select_for_update()
        .filter(address_id=address_id, kind=kind, status__in=ACTIVE)
        .first()
    )


def ensure_not_doubled(address: Any, kind: str) -> None:
    """A need recorded by hand for a household that has an active one of that kind is refused."""
    if address is not None and _active_at(address.pk, kind) is not None:
        raise InputError(
            "kind",
            _("an active %(label)s need is recorded at this household already; see it in the list")
            % {"label": Kind(kind).label.lower()},
        )


def _active_twin(need: Need) -> Need | None:
    twin = _active_at(need.address_id, need.kind)
    return twin if twin is not None and twin.pk != need.pk else None


def _seen_again(need: Need, visit: Visit, urgency: str, by: User | None) -> Need:
    _history(need, NeedEvent.Verb.SEEN_AGAIN, by, need.status, visit=visit)
    detail: dict[str, Any] = {"visit": str(visit.pk)}
    if URGENCY_RANK.get(urgency, 0) > URGENCY_RANK.get(need.urgency, 0):  # type: ignore[call-overload]
        detail["urgency"] = [need.urgency, urgency]
        need.urgency = urgency
        need.save(update_fields=["urgency", "updated_at"])
        _history(need, NeedEvent.Verb.URGENCY_RAISED, by, need.status, visit=visit)
    record_event(actor=by, verb="need.seen_again", target=need, detail=detail)
    return need
