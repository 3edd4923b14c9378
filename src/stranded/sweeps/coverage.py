"""Coverage in time: expired locks released, areas due again, priorities with their reasons.

`recompute(operation)` runs on the coverage page, after each visit import and from
`stranded sweeps recompute`; it reads a handful of aggregate queries and writes only the areas
that changed, so 5,000 areas take well under a second (`stranded bench sweeps`).

The re-sweep rule (per operation, settings `resweep_hours`, default 48): a swept area is due
again when a lead was opened there after the sweep, or when vulnerable persons are known there
and the sweep is older than `resweep_hours`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from stranded.core import clock
from stranded.core.models import Operation
from stranded.lib.geo import great_circle_km
from stranded.places.mapdata import operation_focus
from stranded.places.models import LOCKED_STATES, Area, AreaState, DueReason
from stranded.sweeps.actions import release_area

DEFAULT_RESWEEP_HOURS = 48
# Priority weights: an open lead is a family waiting; a vulnerable person may not survive the
# wait; the hours since the last sweep count slowly; distance from the base costs a little.
WEIGHTS = {"lead": 10.0, "vulnerable": 6.0, "hour": 0.1, "never": 8.0, "km": 0.5}


@dataclass
class Facts:
    open_leads: int = 0
    newest_lead: datetime | None = None
    vulnerable: int = 0


def _facts(operation: Operation) -> dict[Any, Facts]:
    facts: dict[Any, Facts] = {}
    leads = (
        Area.objects.filter(operation=operation, leads__status="open")
        .values("id")
        .annotate(n=Count("leads"), newest=Max("leads__created_at"))
    )
    for row in leads:
        facts.setdefault(row["id"], Facts()).open_leads = row["n"]
        facts[row["id"]].newest_lead = row["newest"]
    from stranded.tracing.models import VULNERABLE_Q, Person

    gone = ("deceased", "believed_dead", "evacuated", "handed_over")
    vulnerable = (
        Person.objects.filter(operation=operation, area__isnull=False, merged_into__isnull=True)
        .filter(VULNERABLE_Q)
        .exclude(status__in=gone)
        .values("area")
        .annotate(n=Count("id"))
    )
    for person_row in vulnerable:
        facts.setdefault(person_row["area"], Facts()).vulnerable = person_row["n"]
    return facts


def due_reason(area: Area, facts: Facts, now: datetime, resweep_hours: int) -> str:
    """Why a swept area is due again, as a code (Area.due_reason_text words it)."""
    if area.last_swept_at is None:
        return ""
    if facts.newest_lead and facts.newest_lead > area.last_swept_at:
        return DueReason.NEW_LEAD
    hours = (now - area.last_swept_at).total_seconds() / 3600
    if facts.vulnerable and hours > resweep_hours:
        return DueReason.VULNERABLE
    return ""


def priority(
    area: Area, facts: Facts, now: datetime, base: tuple[float, float] | None
) -> tuple[float, list[list[Any]]]:
    """The score and its reasons as [code, number] (Area.priority_reason_texts words them)."""
    score, reasons = 0.0, []
    if facts.open_leads:
        score += WEIGHTS["lead"] * facts.open_leads
        reasons.append(["leads", facts.open_leads])
    if facts.vulnerable:
        score += WEIGHTS["vulnerable"] * facts.vulnerable
        reasons.append(["vulnerable", facts.vulnerable])
    if area.last_swept_at is None:
        score += WEIGHTS["never"]
        reasons.append(["never", None])
    else:
        # Whole hours: the score moves once an hour, so a recompute within the hour writes
        # only what really changed.
        hours = (now - area.last_swept_at).total_seconds() // 3600
        score += WEIGHTS["hour"] * min(hours, 240)
        reasons.append(["swept", int(hours)])
    if base is not None:
        km = great_circle_km(base, (area.center_lat, area.center_lon))
        score -= WEIGHTS["km"] * km
        reasons.append(["km", round(km, 1)])
    return round(score, 2), reasons


def recompute(operation: Operation, *, now: datetime | None = None) -> dict[str, int]:
    """Worked out outside any transaction (the coverage page holds no lock while it works), then
    written in one short one; an area changed meanwhile (a visit) is left for the next run."""
    from stranded.sweeps.models import AreaEvent

    now = now or clock.now(operation)
    expired = list(
        Area.objects.filter(operation=operation, state__in=LOCKED_STATES, lock_expires_at__lte=now)
    )
    for area in expired:
        release_area(area=area, by=None, expired=True)
    changed = _changed_areas(operation, now)
    newly_due = []
    with transaction.atomic():
        # One UPDATE per changed row: faster than bulk_update's CASE expressions at this size.
        for area, was_state, was_swept in changed:
            updated = Area.objects.filter(
                pk=area.pk, state=was_state, last_swept_at=was_swept
            ).update(
                state=area.state,
                due_reason=area.due_reason,
                priority=area.priority,
                priority_reasons=area.priority_reasons,
            )
            if updated and area.state == AreaState.DUE and was_state != AreaState.DUE:
                newly_due.append(area)
        AreaEvent.objects.bulk_create(
            [
                AreaEvent(area=a, verb=AreaEvent.Verb.DUE, detail={"reason": a.due_reason}, at=now)
                for a in newly_due
            ]
        )
    return {"changed": len(changed), "expired": len(expired), "due": len(newly_due)}


def _changed_areas(operation: Operation, now: datetime) -> list[tuple[Area, str, Any]]:
    """Areas whose state, reason or priority differ now: (area with new values, old state, old
    last sweep)."""
    facts = _facts(operation)
    resweep = int(operation.setting("resweep_hours", DEFAULT_RESWEEP_HOURS))
    base = operation_focus(operation)
    changed = []
    for area in Area.objects.filter(operation=operation).defer("geometry"):
        fact = facts.get(area.pk, Facts())
        reason = due_reason(area, fact, now, resweep)
        score, reasons = priority(area, fact, now, base)
        state = area.state
        if state in (AreaState.SWEPT, AreaState.DUE):
            state = AreaState.DUE if reason else AreaState.SWEPT
        if (state, reason, score, reasons) != (
            area.state,
            area.due_reason,
            area.priority,
            area.priority_reasons,
        ):
            was = area.state
            area.state, area.due_reason, area.priority, area.priority_reasons = (
                state,
                reason,
                score,
                reasons,
            )
            changed.append((area, was, area.last_swept_at))
    return changed


def summary(operation: Operation) -> dict[str, Any]:
    """Coverage overall: areas per state and the share reached at least once."""
    counts = dict(
        Area.objects.filter(operation=operation).values_list("state").annotate(n=Count("id"))
    )
    total = sum(counts.values())
    reached = Area.objects.filter(operation=operation, last_swept_at__isnull=False).count()
    return {
        "total": total,
        "by_state": {state.value: counts.get(state.value, 0) for state in AreaState},
        "states": [(s.value, s.label, counts.get(s.value, 0)) for s in AreaState],
        "reached": reached,
        "reached_share": round(reached / total, 3) if total else 0.0,
    }
