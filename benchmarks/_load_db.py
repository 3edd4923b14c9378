"""The database side of `stranded bench load`, run in a process of its own against the load
database: `stranded bench _load_db prepare ...` and `... count FILE`. Prints one JSON object.

prepare: accounts for the phones, tracing officers and coordinators (one password, from
STRANDED_LOAD_PASSWORD), areas held by each team, a sample of known persons for inquiries.
count: what was stored, against what the load test says it sent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path
from typing import Any

from django.db import transaction

from benchmarks._second_factor import give_bench_device
from stranded.core.management.commands.demo import DEMO_OPERATION
from stranded.core.models import Membership, Operation, Team, User
from stranded.core.phones import create_phone_credential
from stranded.core.roles import Role
from stranded.core.twofactor import role_needs_two_factor
from stranded.evacuation.models import Destination, Plan, PlanStatus
from stranded.places.models import Area
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import Visit
from stranded.tracing.models import Inquiry, Person

AREAS_PER_TEAM = 8
FINISHED = (PlanStatus.DONE, PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED)


def account(operation: Operation, username: str, role: Role, team: Team | None) -> str:
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(os.environ["STRANDED_LOAD_PASSWORD"])
    user.save()
    Membership.objects.update_or_create(
        user=user, operation=operation, defaults={"role": role, "team": team, "active": True}
    )
    if role_needs_two_factor(role, operation):
        give_bench_device(user)
    return username


@transaction.atomic
def prepare(phones: int, tracers: int, coordinators: int) -> dict[str, Any]:
    operation = Operation.objects.get(name=DEMO_OPERATION)
    teams = list(Team.objects.filter(operation=operation).order_by("name"))
    lead = account(operation, "load-coord-00", Role.COORDINATOR, None)
    by = User.objects.get(username=lead)
    held: dict[str, list[str]] = {}
    for team in teams:
        codes = list(Area.objects.held_by(team).values_list("code", flat=True))
        free = Area.objects.filter(operation=operation, team__isnull=True).order_by("code")
        for area in free[: max(0, AREAS_PER_TEAM - len(codes))]:
            codes.append(assign_area(area=area, team=team, by=by, hours=24).code)
        held[team.name] = codes
    phone_rows = []
    for n in range(phones):
        team = teams[n % len(teams)]
        username = account(operation, f"load-phone-{n:02}", Role.FIELD_MEMBER, team)
        credential, secret = create_phone_credential(
            operation=operation, user=User.objects.get(username=username), label="load", by=by
        )
        phone_rows.append(
            {"username": credential.username, "secret": secret, "areas": held[team.name]}
        )
    rng = random.Random(7)
    persons = list(
        Person.objects.filter(operation=operation)
        .exclude(family_name="")
        .values("given_name", "family_name", "father_name", "sex", "birth_year")[:2000]
    )
    destination = Destination.objects.filter(operation=operation).order_by("name").first()
    return {
        "phones": phone_rows,
        "tracers": [
            account(operation, f"load-tracer-{n:02}", Role.TRACING_OFFICER, None)
            for n in range(tracers)
        ],
        "coordinators": [
            lead,
            *(
                account(operation, f"load-coord-{n:02}", Role.COORDINATOR, None)
                for n in range(1, coordinators)
            ),
        ],
        "persons": rng.sample(persons, min(300, len(persons))),
        "destination": str(destination.pk) if destination else None,
        "plans_before": [str(pk) for pk in Plan.objects.values_list("pk", flat=True)],
        "inquiries_before": Inquiry.objects.count(),
    }


def count(sent_file: Path) -> dict[str, Any]:
    sent = json.loads(sent_file.read_text())
    instance_ids = set(sent["instance_ids"])
    stored = Visit.objects.filter(instance_id__in=instance_ids)
    plans = Plan.objects.exclude(pk__in=sent["plans_before"])
    statuses: dict[str, int] = {}
    for status in plans.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "visits_stored": stored.values("instance_id").distinct().count(),
        "visit_rows": stored.count(),
        "inquiries_stored": Inquiry.objects.count() - sent["inquiries_before"],
        "plans_started": plans.count(),
        "plans_finished": plans.filter(status__in=FINISHED).count(),
        "plan_statuses": statuses,
    }


def main(args: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench _load_db")
    sub = parser.add_subparsers(dest="action", required=True)
    ready = sub.add_parser("prepare")
    ready.add_argument("--phones", type=int, required=True)
    ready.add_argument("--tracers", type=int, required=True)
    ready.add_argument("--coordinators", type=int, required=True)
    counted = sub.add_parser("count")
    counted.add_argument("sent", type=Path)
    options = parser.parse_args(args)
    if options.action == "prepare":
        result = prepare(options.phones, options.tracers, options.coordinators)
    else:
        result = count(options.sent)
    print(json.dumps(result, ensure_ascii=False))
