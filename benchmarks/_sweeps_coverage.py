"""Two of `stranded bench sweeps`'s figures: coverage recomputation over 5,000 areas, and a
worklist of 150 addresses routed by PyVRP against nearest-neighbour order.

The coverage run builds a throwaway operation inside a transaction that is rolled back: the
database (SQLite by default, PostgreSQL with DATABASE_URL) is left as it was.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from stranded.core.models import Operation, Organisation, Team
from stranded.places import geometry
from stranded.places.models import Area, AreaState
from stranded.sweeps.actions import save_areas
from stranded.sweeps.coverage import recompute
from stranded.sweeps.route import Stop, length, nearest_neighbour, route

TOWN = (39.8155, 46.7519)


class Rollback(Exception):
    pass


def bench_coverage(out: Any, areas: int = 5000, seed: int = 11) -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            figures = _coverage(rng, areas)
            raise Rollback
    except Rollback:
        pass
    out(
        f"coverage recompute, {figures['areas']:.0f} areas, {figures['persons']:.0f} persons, "
        f"{figures['leads']:.0f} leads: first run {figures['first']:.2f} s "
        f"(writes every priority), next runs median {figures['again']:.2f} s; "
        f"{figures['due']:.0f} areas due"
    )


def _coverage(rng: random.Random, count: int) -> dict[str, float]:
    from stranded.tracing.models import Inquiry, Lead, Person

    org = Organisation.objects.create(name="bench")
    operation = Operation.objects.create(
        organisation=org, name=f"bench {time.time()}", center_lat=TOWN[0], center_lon=TOWN[1]
    )
    Team.objects.create(operation=operation, name="bench team")
    side = int(count**0.5) + 1
    radius = side * 100 / 1.6  # a circle holding about `count` cells of 100 m
    shapes = list(geometry.grid(geometry.circle(*TOWN, radius), 100, "B"))[:count]
    save_areas(operation=operation, shapes=shapes, by=None)
    areas = list(Area.objects.filter(operation=operation))
    now = timezone.now()
    for area in areas:
        if rng.random() < 0.6:
            area.state = AreaState.SWEPT
            area.last_swept_at = now - timedelta(hours=rng.uniform(1, 96))
    Area.objects.bulk_update(areas, ["state", "last_swept_at"], batch_size=1000)
    persons = [
        Person(
            operation=operation,
            family_name=f"P{i}",
            area=rng.choice(areas),
            bedridden=rng.random() < 0.1,
        )
        for i in range(count * 4)
    ]
    Person.objects.bulk_create(persons, batch_size=2000)
    inquiries = [
        Inquiry(
            operation=operation,
            reference=f"B-{i}",
            inquirer_name="x",
            sought=persons[i],
            received_at=now,
        )
        for i in range(count // 2)
    ]
    Inquiry.objects.bulk_create(inquiries, batch_size=2000)
    Lead.objects.bulk_create(
        [Lead(operation=operation, inquiry=q, area=rng.choice(areas)) for q in inquiries],
        batch_size=2000,
    )
    started = time.perf_counter()
    counts = recompute(operation)
    first = time.perf_counter() - started
    again = []
    for _ in range(3):
        started = time.perf_counter()
        recompute(operation)
        again.append(time.perf_counter() - started)
    return {
        "areas": len(areas),
        "persons": len(persons),
        "leads": len(inquiries),
        "first": first,
        "again": statistics.median(again),
        "due": counts["due"],
    }


def bench_worklist(out: Any, addresses: int = 150, seconds: float = 2.0, seed: int = 5) -> None:
    rng = random.Random(seed)
    # A team's day: addresses spread over a few blocks of the town, start at the team's base.
    start = (TOWN[0] + 0.01, TOWN[1] - 0.01)
    stops = [
        Stop(str(i), TOWN[0] + rng.uniform(-0.015, 0.015), TOWN[1] + rng.uniform(-0.02, 0.02))
        for i in range(addresses)
    ]
    started = time.perf_counter()
    nn = nearest_neighbour(start, stops)
    nn_s = time.perf_counter() - started
    started = time.perf_counter()
    routed = route(start, stops, seconds=seconds)
    routed_s = time.perf_counter() - started
    ours, theirs = length(start, routed), length(start, nn)
    out(
        f"worklist, {addresses} addresses: PyVRP {ours / 1000:.2f} km in {routed_s:.1f} s; "
        f"nearest-neighbour order {theirs / 1000:.2f} km in {nn_s * 1000:.0f} ms; "
        f"ratio {ours / theirs:.3f}"
    )
