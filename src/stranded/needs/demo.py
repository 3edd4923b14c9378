"""Demo needs: from the demo visits' needs (Visit.needs), and a few whole-village needs.

Most needs are open; utilities and water go to ICRC water and habitat, food and winter items to
the Armenian Red Cross; a few are met or cannot be met. Medical needs name the person met.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, User
from stranded.needs.actions import PERSONAL_KINDS, first_frost
from stranded.needs.models import Need, NeedEvent, Status

STATUSES = [(Status.OPEN, 62), (Status.REFERRED, 18), (Status.IN_PROGRESS, 8), (Status.MET, 10),
            (Status.CANNOT_BE_MET, 2)]  # fmt: skip
PARTNERS = {
    "drinking_water": "ICRC water and habitat", "electricity": "ICRC water and habitat",
    "gas_heating": "ICRC water and habitat", "shelter": "ICRC water and habitat",
    "food": "Armenian Red Cross", "winter_clothing_fuel": "Armenian Red Cross",
    "psychosocial": "Armenian Red Cross", "medical_care": "ICRC health",
    "medicines": "ICRC health", "mobility_aid": "Armenian Red Cross",
}  # fmt: skip
VILLAGE_NEEDS = ("drinking_water", "electricity", "gas_heating", "winter_clothing_fuel", "food")


def _pick(rng: random.Random, weighted: list[tuple[Status, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@transaction.atomic
def seed(*, operation: Operation, small: bool, out: Any) -> None:
    from stranded.places.models import Area
    from stranded.sweeps.models import Visit

    if Need.objects.filter(operation=operation).exists():
        out.write("needs: the demo needs exist already; kept as they are")
        return
    rng = random.Random(1115)
    membership = Membership.objects.filter(operation=operation, role="coordinator").first()
    by = membership.user if membership else None
    frost = first_frost(operation)
    needs: list[Need] = []
    seen: dict[tuple[Any, str], Need] = {}
    visits = (
        Visit.objects.filter(operation=operation)
        .select_related("area")
        .prefetch_related("persons")
        .order_by("visited_at", "id")
    )
    for visit in visits:
        if not visit.needs:
            continue
        met = [vp.person_id for vp in visit.persons.all()]
        for entry in visit.needs:
            if (visit.address_id, entry["kind"]) in seen:
                continue  # the same need seen again: kept once, as the receiver does
            need = Need(
                operation=operation,
                area=visit.area,
                address_id=visit.address_id,
                visit=visit,
                kind=entry["kind"],
                urgency=entry.get("urgency") or "medium",
                due_before=frost,
                note=entry.get("note", ""),
                created_at=visit.visited_at,
                created_by=by,
                person_id=met[0] if met and entry["kind"] in PERSONAL_KINDS else None,
            )
            if need.urgency == "critical" and need.kind in ("medical_care", "medicines"):
                need.due_before = visit.visited_at.date() + timedelta(days=2)
            seen[(visit.address_id, entry["kind"])] = need
            needs.append(need)
    villages = list(Area.objects.filter(operation=operation, kind="village").order_by("code"))
    for area in villages[: 4 if small else 10]:
        for kind in rng.sample(VILLAGE_NEEDS, 2):
            needs.append(
                Need(
                    operation=operation,
                    area=area,
                    kind=kind,
                    due_before=frost,
                    urgency=rng.choice(("high", "critical")),
                    created_at=clock.now(operation),
                    created_by=by,
                    note="whole village",
                )
            )
    Need.objects.bulk_create(needs, batch_size=1000)
    events = _statuses(needs, rng, by)
    record_event(
        actor=None,
        verb="demo.needs_seeded",
        target=operation,
        detail={"needs": len(needs), "events": events},
    )
    out.write(f"needs: {len(needs)} needs from the demo visits and villages (synthetic)")


def _statuses(needs: list[Need], rng: random.Random, by: User | None) -> int:
    events = []
    changed = []
    for need in needs:
        events.append(
            NeedEvent(
                need=need,
                verb="created",
                status="open",
                urgency=need.urgency,
                visit=need.visit,
                by=by,
                at=need.created_at,
            )
        )
        status = _pick(rng, STATUSES)
        if status == Status.OPEN:
            continue
        at = need.created_at + timedelta(hours=rng.uniform(1, 20))
        if status in (Status.REFERRED, Status.IN_PROGRESS, Status.MET):
            need.partner = PARTNERS[need.kind]
            events.append(
                NeedEvent(
                    need=need,
                    verb="status",
                    status="referred",
                    previous="open",
                    urgency=need.urgency,
                    partner=need.partner,
                    by=by,
                    at=at,
                )
            )
        if status == Status.CANNOT_BE_MET:
            need.reason = "no partner can reach the address before the frost"
        if status != Status.REFERRED:
            previous = "referred" if need.partner else "open"
            events.append(
                NeedEvent(
                    need=need,
                    verb="status",
                    status=status,
                    previous=previous,
                    urgency=need.urgency,
                    reason=need.reason,
                    by=by,
                    at=at + timedelta(hours=2),
                )
            )
        need.status = status
        changed.append(need)
    Need.objects.bulk_update(changed, ["status", "partner", "reason"], batch_size=1000)
    NeedEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)
