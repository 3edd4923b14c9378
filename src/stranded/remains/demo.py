"""Demo remains: the bodies found at the demo visits, each with a custody chain of 2-4 events
(found, collected, stored at the hospital morgue in Khankendi, transferred, one handed over at
the Hakari bridge crossing), and one tentatively identified to a person sought by an inquiry.

The sweeps demo creates visits directly (no signal), so the records are derived here. When the
demo's random visits found fewer than four bodies, bodies found later at addresses where nobody
answered make up the number (no visit linked).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from stranded.core import clock
from stranded.core.models import Membership, Operation, User
from stranded.places.models import Place
from stranded.remains.actions import identify_remains, record_custody_event, record_remains
from stranded.remains.models import Remains
from stranded.sweeps.models import Visit

WANTED = (4, 6)
MORGUE = "Republican Medical Centre morgue, Khankendi"
CROSSING = "Hakari bridge crossing"
CONDITIONS = ("intact", "intact", "decomposed", "partly decomposed")
EFFECTS = ("wedding ring, reading glasses", "house keys, wristwatch", "prayer beads",
           "pension card, wallet", "")  # fmt: skip
# Chains after 'found': how far each body has come (0-2 = collected, stored, transferred...).
CHAINS = [
    [("collected", "{where}", "", 1)],
    [("collected", "{where}", "", 1), ("stored_at", MORGUE, "", 3)],
    [("collected", "{where}", "", 1), ("stored_at", MORGUE, "", 3),
     ("handed_over", CROSSING, "ICRC for the family, Kornidzor", 26)],
    [("collected", "{where}", "", 2), ("stored_at", MORGUE, "", 4),
     ("transferred_to", "Hakari bridge", "ICRC forensic team", 30)],
    [("collected", "{where}", "", 1)],
    [],
]  # fmt: skip


def seed(*, operation: Operation, small: bool, out: Any) -> None:
    if Remains.objects.filter(operation=operation).exists():
        out.write("remains: the demo remains exist already; kept as they are")
        return
    rng = random.Random(6023)
    if "remains_prefix" not in operation.settings:
        # The field manual's practice: the place first. "KHK" for Khankendi, as said on the radio.
        operation.settings = {**operation.settings, "remains_prefix": "KHK"}
        operation.save(update_fields=["settings"])
    users = _users(operation)
    if users.get("coordinator") is None:
        out.write("remains: no coordinator in the demo operation; none recorded")
        return
    visits = _visits(operation, "deceased_found")
    found: list[tuple[Visit, Visit | None]] = [(v, v) for v in visits[: WANTED[1]]]
    if len(found) < WANTED[0]:
        unanswered = _visits(operation, "no_answer")
        found += [(v, None) for v in unanswered[: WANTED[0] - len(found)]]
    records = [_record(operation, visit, from_visit, users, rng) for visit, from_visit in found]
    for number, remains in enumerate(records):
        _chain(remains, CHAINS[number % len(CHAINS)], users)
    identified = _identify(operation, records, users)
    out.write(
        f"remains: {len(records)} bodies with custody chains, {identified} tentatively "
        "identified (synthetic)"
    )


def _visits(operation: Operation, outcome: str) -> list[Visit]:
    rows = Visit.objects.filter(operation=operation, outcome=outcome, address__isnull=False)
    return list(rows.select_related("address", "area", "team").order_by("visited_at", "pk"))


def _users(operation: Operation) -> dict[str, User | None]:
    def first(role: str, team: Any = None) -> User | None:
        rows = Membership.objects.filter(operation=operation, role=role, active=True)
        if team is not None:
            rows = rows.filter(team=team)
        membership = rows.select_related("user").order_by("user__username").first()
        return membership.user if membership else None

    users: dict[str, Any] = {"coordinator": first("coordinator")}
    for team in operation.teams.all():
        users[str(team.pk)] = first("field_member", team)
    return users


def _record(
    operation: Operation,
    visit: Visit,
    from_visit: Visit | None,
    users: dict[str, Any],
    rng: random.Random,
) -> Remains:
    by = users.get(str(visit.team_id)) or users["coordinator"]
    found_at = visit.visited_at + (timedelta(0) if from_visit else timedelta(hours=5))
    data = {
        "found_at": found_at,
        "lat": visit.lat,
        "lon": visit.lon,
        "found_where": visit.address.text if visit.address else visit.area.code,
        "condition": rng.choice(CONDITIONS),
        "effects": rng.choice(EFFECTS),
        "sex": rng.choice(("male", "female", "")),
        "age_min": (low := rng.choice((60, 70, 75, 80))),
        "age_max": low + 10,
    }
    return record_remains(
        operation=operation,
        data=data,
        by=by,
        team=visit.team,
        visit=from_visit,
        area=visit.area,
        address=visit.address,
    )


def _chain(remains: Remains, steps: list[tuple[str, str, str, int]], users: dict[str, Any]) -> None:
    by = users.get(str(remains.team_id)) or users["coordinator"]
    places = {p.source_id: p for p in Place.objects.filter(source_id__in=["hakari-bridge"])}
    now = clock.now(clock.of(remains))
    for kind, where, party, hours in steps:
        at = min(remains.found_at + timedelta(hours=hours), now - timedelta(minutes=5))
        organisation, _, name = party.partition(" for the ")
        data = {
            "kind": kind,
            "where": where.format(where=remains.found_where),
            "at": at,
            "receiving_organisation": organisation,
            "receiving_name": name,
        }
        if "Hakari" in where:
            place = places.get("hakari-bridge")
            data.update({"lat": 39.5140, "lon": 46.5560})
        else:
            place = None
        record_custody_event(remains=remains, data=data, by=by, place=place)


def _identify(operation: Operation, records: list[Remains], users: dict[str, Any]) -> int:
    from stranded.tracing.models import Inquiry

    inquiry = (
        Inquiry.objects.filter(operation=operation, status="open")
        .select_related("sought")
        .order_by("reference")
        .first()
    )
    if inquiry is None or not records:
        return 0
    remains, person = records[1 % len(records)], inquiry.sought
    age = None
    if person.approximate_birth_year:
        age = remains.found_at.year - person.approximate_birth_year
    Remains.objects.filter(pk=remains.pk).update(
        document_names=person.full_name,
        sex=person.sex,
        age_min=max(age - 5, 0) if age else None,
        age_max=age + 5 if age else None,
    )
    by = users.get(str(remains.team_id)) or users["coordinator"]
    identify_remains(remains=remains, status="tentative", method="effects", person=person, by=by)
    return 1
