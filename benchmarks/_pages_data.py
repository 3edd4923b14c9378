"""The data of `stranded bench pages`: the demo operation, multiplied by bulk copies.

Scale 1 is the demo itself (`stranded demo --no-serve`: 20,000 persons, 2,000 inquiries, about
840 visits, 300 evacuation requests, their needs, remains and animals). Scale N adds N - 1 copies
of the caseload (persons with their status history, inquiries with their notes, matches and
leads, addresses, visits with the persons met, evacuation requests, needs, animal sightings),
written with bulk inserts and new ids; areas, places, the fleet and the plans stay as they are.
A copy's persons take the given and father's names of another row, so names combine anew.
"""

from __future__ import annotations

import copy as copy_module
import resource
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from benchmarks._second_factor import give_bench_device
from stranded.animals.models import Sighting
from stranded.core.models import Membership, Operation, User
from stranded.core.twofactor import role_needs_two_factor
from stranded.evacuation.models import EvacuationRequest, RequestPerson
from stranded.needs.models import Need
from stranded.places.models import Address
from stranded.sweeps.models import Visit, VisitPerson
from stranded.tracing.models import Inquiry, Lead, Match, Note, Person, StatusChange

DEMO_OPERATION = "Khankendi 2023"
PASSWORD = "bench-pages-password-2023"
BATCH = 2000
# (model, how its rows of the operation are found, unique text fields to suffix per copy)
COPIED: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Person, "operation", ()),
    (StatusChange, "person__operation", ()),
    (Inquiry, "operation", ("reference",)),
    (Note, "person__operation", ()),
    (Match, "operation", ()),
    (Lead, "operation", ()),
    (Address, "operation", ("key",)),
    (Visit, "operation", ("instance_id",)),
    (VisitPerson, "visit__operation", ()),
    (EvacuationRequest, "operation", ("reference",)),
    (RequestPerson, "request__operation", ()),
    (Need, "operation", ()),
    (Sighting, "operation", ()),
]


def build(scale: int, out: Callable[[str], None]) -> Operation:
    """The demo operation at this scale (built once; a database at another scale is refused)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    operation = Operation.objects.filter(name=DEMO_OPERATION).first()
    if operation is None or not Person.objects.filter(operation=operation).exists():
        started = time.monotonic()
        call_command("demo", "--no-serve", stdout=_Lines(out))
        out(f"demo built in {time.monotonic() - started:.0f} s")
        operation = Operation.objects.get(name=DEMO_OPERATION)
    built = int(operation.settings.get("bench_scale", 1))
    if built not in (1, scale):
        raise SystemExit(f"this database holds scale {built}; use --rebuild for scale {scale}")
    if built < scale:
        started = time.monotonic()
        rows = copy_caseload(operation, list(range(2, scale + 1)))
        operation.settings["bench_scale"] = scale
        operation.save(update_fields=["settings"])
        _spread_changes(operation)
        out(f"scale {scale}: {rows} rows copied in {time.monotonic() - started:.0f} s")
    _set_passwords(operation)
    _analyze(out)
    return operation


def _spread_changes(operation: Operation) -> None:
    """Persons changed over the operation's three weeks, as recorded ones are: a copy made in a
    minute would put 200,000 persons in the last minute, which every look of the matching index
    re-reads (it reads again what changed in the minute before the newest it has seen)."""
    from django.db import connection

    table = Person._meta.db_table
    if connection.vendor == "postgresql":
        spread = "now() - random() * interval '21 days'"
    else:
        spread = (
            "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || abs(random() % 1814400) || ' seconds')"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET updated_at = {spread} WHERE operation_id = %s",
            [operation.pk.hex if connection.vendor == "sqlite" else operation.pk],
        )


def _analyze(out: Callable[[str], None]) -> None:
    """Planner statistics and the visibility map after the bulk copy, as a DBA does after a
    load: where autovacuum is off (or has not come round yet) PostgreSQL plans the 220,000
    persons as one row and loops, and counts read every row of the heap."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    out(f"VACUUM ANALYZE in {time.monotonic() - started:.0f} s")


class _Lines:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out

    def write(self, text: str) -> None:
        if text.strip():
            self.out(text.rstrip())

    def flush(self) -> None:
        pass


def _set_passwords(operation: Operation) -> None:
    for membership in Membership.objects.filter(operation=operation).select_related("user"):
        user: User = membership.user
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        if role_needs_two_factor(membership.role, operation):
            give_bench_device(user)


@transaction.atomic
def copy_caseload(operation: Operation, copies: list[int]) -> int:
    """Each model in turn (its copies made before any copy of the rows pointing at it)."""
    ids: dict[type[models.Model], dict[Any, Any]] = {}
    total = 0
    for model, path, unique in COPIED:
        originals = list(model.objects.filter(**{path: operation}).order_by("pk"))
        given = [(getattr(r, "given_name", ""), getattr(r, "father_name", "")) for r in originals]
        for copy in copies:
            maps = {other: mapping.get(copy, {}) for other, mapping in ids.items()}
            maps[model] = {}
            shift = (copy * 7919) % max(1, len(given))
            names = given[shift:] + given[:shift] if model is Person else None
            rows = [
                _copy_row(clone(row), copy, maps, unique, names, number)
                for number, row in enumerate(originals)
            ]
            created = model.objects.bulk_create(rows, batch_size=BATCH)
            ids.setdefault(model, {})[copy] = {
                old.pk: new.pk for old, new in zip(originals, created, strict=True)
            }
            total += len(created)
    return total


def clone(row: models.Model) -> models.Model:
    copied = copy_module.copy(row)
    copied._state = copy_module.copy(row._state)
    copied._state.fields_cache = {}
    return copied


def _copy_row(
    row: models.Model,
    copy: int,
    ids: dict[type[models.Model], dict[Any, Any]],
    unique: tuple[str, ...],
    names: list[tuple[str, str]] | None,
    number: int,
) -> models.Model:
    meta = row._meta
    for field in meta.concrete_fields:
        if field.primary_key:
            setattr(
                row, field.attname, uuid.uuid4() if isinstance(field, models.UUIDField) else None
            )
        elif field.is_relation and field.related_model in ids:
            value = getattr(row, field.attname)
            if value is not None:
                mapped = ids[field.related_model].get(value)
                if mapped is None and field.related_model is type(row):
                    mapped = None  # a self-reference (merged into) to a row not copied yet
                elif mapped is None:
                    mapped = value
                setattr(row, field.attname, mapped)
        elif field.name in unique and getattr(row, field.attname):
            setattr(row, field.attname, f"{getattr(row, field.attname)}~{copy}")
    if names is not None and number < len(names):
        row.given_name, row.father_name = names[number]  # type: ignore[attr-defined]
    row._state.adding = True
    return row


def pick_ids(operation: Operation) -> dict[str, str]:
    """One record of each kind for the detail pages: the busiest of its kind where it matters."""
    from django.db.models import Count

    from stranded.evacuation.models import Plan, Trip
    from stranded.places.models import Area
    from stranded.remains.models import Remains

    inquiry = (
        Inquiry.objects.filter(operation=operation).annotate(n=Count("matches")).order_by("-n")
    ).first()
    match = Match.objects.filter(operation=operation).order_by("-probability").first()
    area = Area.objects.filter(operation=operation).annotate(n=Count("visits")).order_by("-n")
    plan = Plan.objects.filter(operation=operation).order_by("-created_at").first()
    picks: dict[str, Any] = {
        "inquiry_id": inquiry,
        "person_id": match.right if match else None,
        "area_id": area.first(),
        "plan_id": plan,
        "trip_id": Trip.objects.filter(plan=plan).first() if plan else None,
        "visit_id": Visit.objects.filter(operation=operation).first(),
        "need_id": Need.objects.filter(operation=operation).first(),
        "remains_id": Remains.objects.filter(operation=operation).first(),
        "sighting_id": Sighting.objects.filter(operation=operation).first(),
    }
    return {name: str(row.pk) for name, row in picks.items() if row is not None}


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def index_figures(operation: Operation, new: int = 100) -> dict[str, float]:
    """Build this process's matching index, record `new` persons, time picking them up."""
    from stranded.tracing.index import forget_all, index_for

    forget_all()
    before = rss_mb()
    started = time.monotonic()
    index = index_for(operation.pk)
    built_s = time.monotonic() - started
    memory = rss_mb() - before
    index_for(operation.pk)  # the first look after the build reads the last minutes again
    names = list(
        Person.objects.filter(operation=operation).values_list(
            "given_name", "family_name", "birth_year"
        )[:new]
    )
    rows = [
        Person(
            operation=operation,
            given_name=g,
            family_name=f,
            birth_year=y,
            updated_at=timezone.now(),
        )
        for g, f, y in names
    ]
    Person.objects.bulk_create(rows)
    try:
        started = time.monotonic()
        picked = index.catch_up()
        pickup_s = time.monotonic() - started
    finally:
        Person.objects.filter(pk__in=[p.pk for p in rows]).delete()
    return {
        "persons": len(index),
        "build_s": built_s,
        "index_mb": memory,
        "picked_up": picked,
        "pickup_ms": pickup_s * 1000,
    }
