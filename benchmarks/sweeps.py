"""`stranded bench sweeps`: the three figures of the sweeps issue, side by side in one run.

1. Import of 10,000 visit-form submissions (ODK Central OData JSON, a third of them with persons
   met, needs and animals): wall time and peak memory of the process, then the same file again
   (every submission unchanged), through the same all-or-nothing import the command uses. Every
   receiver of a new visit (needs, animals, remains, evacuation requests) runs as it would.
2. Coverage recomputation over 5,000 areas (first run, then repeated runs).
3. A worklist of 150 addresses routed by PyVRP against nearest-neighbour order.

Everything is written inside transactions that are rolled back: the database (SQLite by default,
PostgreSQL with DATABASE_URL) is left as it was.

    stranded bench sweeps [--submissions 10000] [--areas 5000] [--addresses 150] [--seconds 2]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import transaction

from benchmarks._sweeps_coverage import TOWN, Rollback, bench_coverage, bench_worklist
from stranded.core.models import Membership, Operation, Organisation, Team, User
from stranded.core.roles import Role
from stranded.fieldwork.imports import import_files
from stranded.places import geometry
from stranded.places.models import Area
from stranded.sweeps.actions import save_areas
from stranded.sweeps.models import Visit

GIVEN = ("Arsen", "Anahit", "Հասմիկ", "Գևորգ", "Сергей", "Людмила", "Vardan", "Siranush")
FAMILY = ("Hakobyan", "Petrosyan", "Գրիգորյան", "Սարգսյան", "Аванесян", "Мкртчян", "Harutyunyan")
OUTCOMES = ("no_answer", "empty", "persons_present", "damaged", "refused")
STATES = ("working", "not_working", "unknown")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench sweeps")
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--areas", type=int, default=5000)
    parser.add_argument("--addresses", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=2.0, help="PyVRP time for the worklist")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    bench_import(print, args.submissions)
    bench_coverage(print, args.areas)
    bench_worklist(print, args.addresses, args.seconds)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def bench_import(out: Any, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            operation, user, codes = _operation()
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "submissions.json"
                path.write_text(
                    json.dumps({"value": _submissions(rng, codes, count)}, ensure_ascii=False)
                )
                size = path.stat().st_size / 1e6
                before = _rss_mb()
                started = time.perf_counter()
                first = import_files(operation=operation, paths=[path], by=user)
                figures["first"] = time.perf_counter() - started
                figures["peak"] = _rss_mb() - before
                started = time.perf_counter()
                again = import_files(operation=operation, paths=[path], by=user)
                figures["again"] = time.perf_counter() - started
            figures["visits"] = Visit.objects.filter(operation=operation).count()
            raise Rollback
    except Rollback:
        pass
    if first["rejected"] or again["created"]:
        raise SystemExit(f"import went wrong: {first['rejected'][:3]} {again['created']} created")
    out(
        f"import of {count:,} submissions (OData JSON, {size:.1f} MB): "
        f"{figures['first']:.1f} s ({count / figures['first']:.0f}/s), peak memory "
        f"+{figures['peak']:.0f} MB over the process; {first['created']:,} created, "
        f"{figures['visits']:,.0f} visits stored; the same file again: {figures['again']:.1f} s, "
        f"{again['unchanged']:,} unchanged"
    )


def _operation() -> tuple[Operation, User, list[str]]:
    org = Organisation.objects.create(name="bench")
    operation = Operation.objects.create(
        organisation=org, name=f"bench {time.time()}", center_lat=TOWN[0], center_lon=TOWN[1]
    )
    Team.objects.create(operation=operation, name="bench team")
    shapes = list(geometry.grid(geometry.circle(*TOWN, 2600), 250, "B"))
    save_areas(operation=operation, shapes=shapes, by=None)
    user = User.objects.create_user(f"bench-{uuid.uuid4().hex[:8]}")
    Membership.objects.create(user=user, operation=operation, role=Role.COORDINATOR)
    codes = list(Area.objects.of(operation).values_list("code", flat=True))
    return operation, user, codes


def _submissions(rng: random.Random, codes: list[str], count: int) -> list[dict[str, Any]]:
    start = datetime(2023, 10, 1, 8, tzinfo=timezone(timedelta(hours=4)))
    records = []
    for index in range(count):
        outcome = rng.choices(OUTCOMES, (30, 35, 25, 6, 4))[0]
        record: dict[str, Any] = {
            "__id": f"uuid:{uuid.UUID(int=rng.getrandbits(128))}",
            "visited_at": (start + timedelta(minutes=index)).isoformat(),
            "area": rng.choice(codes),
            "address": f"Street {rng.randint(1, 400)}, {index % 90}",
            "location": {
                "type": "Point",
                "coordinates": [
                    TOWN[1] + rng.uniform(-0.02, 0.02),
                    TOWN[0] + rng.uniform(-0.015, 0.015),
                    0,
                ],
            },
            "outcome": outcome,
            "electricity": rng.choice(STATES),
            "water": rng.choice(STATES),
            "gas": rng.choice(STATES),
        }
        if outcome == "persons_present":
            record["persons"] = [
                {
                    "given_name": rng.choice(GIVEN),
                    "family_name": rng.choice(FAMILY),
                    "birth_year": str(rng.randint(1930, 1990)),
                    "sex": rng.choice(("female", "male")),
                    "condition": "needs_care",
                    "wants_to_leave": "no",
                }
                for _ in range(rng.randint(1, 2))
            ]
            record["needs"] = [{"kind": "gas_heating", "urgency": "high"}]
        if rng.random() < 0.1:
            record["animals"] = [{"species": "dog", "count": "2", "needs": "food water"}]
        records.append(record)
    return records
