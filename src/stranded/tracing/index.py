"""The tracing app's side of the matching engine: Person rows in, candidates out.

One in-memory index per operation and process, built from the database on first use. It is kept
current without rebuilds: before each search the process reads only the persons whose
`updated_at` is at or after the newest one it has read, less a margin (`LATE_COMMIT`) for rows
stamped before an earlier-committed row and for clocks that differ between machines. A row read
again with the same stamp is skipped; a changed row replaces its old entry, a merged one is
dropped. So a person recorded through one gunicorn worker is found by an inquiry saved through
another a moment later, at the cost of one indexed query per search. A row committed later than
the margin allows (a long import) is caught by a reconciliation every `RECONCILE`, which reads
every person's id and stamp (no rebuild: only what differs is indexed again).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from stranded.tracing.matching import Index, Record, default_model
from stranded.tracing.matching.index import name_values
from stranded.tracing.matching.records import Prepared
from stranded.tracing.models import Person

if TYPE_CHECKING:
    from stranded.core.models import User

# How late a row may commit after the stamp it carries (a slow transaction, clock skew).
LATE_COMMIT = timedelta(seconds=60)
RECONCILE = 300.0  # seconds
CHUNK = 2000

_lock = threading.Lock()
_indexes: dict[UUID, LiveIndex] = {}


class LiveIndex(Index):
    """An operation's index in this process, and how far it has read the persons table."""

    def __init__(self, operation_id: UUID) -> None:
        super().__init__(default_model())
        self.operation_id = operation_id
        self.stamps: dict[str, datetime | None] = {}  # person id -> updated_at indexed
        self.dead: set[int] = set()  # positions of records replaced or merged away
        self.newest: datetime | None = None
        self.reconciled = time.monotonic()
        self.lock = threading.Lock()

    def candidates(
        self, prepared: Prepared, *, most: int | None = None, sparse: bool = False
    ) -> set[int]:
        found = super().candidates(prepared, most=most, sparse=sparse)
        return found - self.dead if self.dead else found

    def put(self, person: Person) -> None:
        """Index a person, replacing the entry of an earlier version; drop a merged one."""
        key = str(person.pk)
        old = self.positions.pop(key, None)
        if old is not None:
            self.dead.add(old)
            for name in name_values(self.prepared[old]):
                self.frequency[name] -= 1
        self.stamps[key] = person.updated_at
        if person.merged_into_id is None:
            self.add([to_record(person)])
        if person.updated_at and (self.newest is None or person.updated_at > self.newest):
            self.newest = person.updated_at

    def catch_up(self) -> int:
        """Read the persons changed since the last look; returns how many were (re)indexed."""
        with self.lock:
            rows = Person.objects.filter(operation_id=self.operation_id)
            if self.newest is not None:
                recent = rows
                if time.monotonic() - self.reconciled < RECONCILE:
                    recent = rows.filter(updated_at__gte=self.newest - LATE_COMMIT)
                else:
                    self.reconciled = time.monotonic()
                stamps = recent.values_list("pk", "updated_at")
                changed = [pk for pk, at in stamps if self.stamps.get(str(pk)) != at]
                for start in range(0, len(changed), CHUNK):
                    for person in Person.objects.filter(pk__in=changed[start : start + CHUNK]):
                        self.put(person)
                return len(changed)
            count = 0
            for person in rows.iterator(chunk_size=CHUNK):
                self.put(person)
                count += 1
            # A full read compares every stamp: the next reconciliation is due from its end
            # (a build longer than RECONCILE would otherwise re-read every stamp at once).
            self.reconciled = time.monotonic()
            return count


@dataclass(frozen=True)
class PersonCandidate:
    person_id: UUID
    probability: float
    band: str
    comparison: list[dict[str, Any]]


def to_record(person: Person) -> Record:
    return Record(
        id=str(person.pk),
        given_name=person.given_name,
        family_name=person.family_name,
        father_name=person.father_name,
        sex=person.sex,
        birth_date=person.birth_date.isoformat() if person.birth_date else "",
        birth_year=person.approximate_birth_year,
        birth_approximate=person.birth_is_approximate,
        place_id=str(person.place_id) if person.place_id else "",
        place="",
        address=person.address,
        phone=person.phone,
        document_number=person.document_number,
    )


def index_for(operation_id: UUID) -> Index:
    """This process's index of the operation, brought up to date with the database."""
    with _lock:
        index = _indexes.get(operation_id)
        if index is None:
            index = _indexes[operation_id] = LiveIndex(operation_id)
    index.catch_up()
    return index


def preload_indexes() -> None:
    """Build the index of every operation with persons in this process, then close its database
    connections: run in gunicorn's master before it forks (a forked worker must not share the
    master's connection)."""
    from django.db import connections

    for operation_id in Person.objects.order_by().values_list("operation_id", flat=True).distinct():
        index_for(operation_id)
    connections.close_all()


def warm_index(operation_id: UUID) -> None:
    """Bring this process's index up to date before an action that searches it (an inquiry, a
    visit meeting persons), so that the action's transaction never holds the write lock while
    the index is built or catches up."""
    index_for(operation_id)


def remember(person: Person) -> None:
    """Index a person this process has just recorded, if its index is built (other processes
    read the row from the database at their next search)."""
    with _lock:
        index = _indexes.get(person.operation_id)
    if index is not None:
        with index.lock:
            index.put(person)


def candidates_for(person: Person, *, limit: int = 20) -> list[PersonCandidate]:
    index = index_for(person.operation_id)
    found = index.search(to_record(person), limit=limit + 1)
    # The index may lag behind the database (another process merged a record): check.
    current = set(
        Person.objects.filter(
            pk__in=[c.id for c in found],
            operation_id=person.operation_id,
            merged_into__isnull=True,
        ).values_list("pk", flat=True)
    )
    return [
        PersonCandidate(UUID(c.id), c.probability, c.band, comparison_rows(c))
        for c in found
        if c.id != str(person.pk) and UUID(c.id) in current
    ][:limit]


def forget_all() -> None:
    """Drop this process's indexes (tests)."""
    with _lock:
        _indexes.clear()


def comparison_rows(candidate: Any) -> list[dict[str, Any]]:
    return [
        {"field": f.field, "left": f.left, "right": f.right, "level": f.level, "weight": f.weight}
        for f in candidate.comparison
    ]


def quick_candidates(user: User, data: dict[str, Any], *, limit: int = 5) -> list[dict[str, Any]]:
    """While an officer types: the best known persons this user may see, reads logged."""
    from stranded.core.audit import record_reads

    operation = user.operation
    assert operation is not None  # callers passed ensure_operation
    probe = Person(operation=operation, **{k: v for k, v in data.items() if k != "place"})
    probe.place = data.get("place")
    found = index_for(operation.pk).search(to_record(probe), limit=limit * 3)
    visible = Person.objects.visible_to(user).in_bulk([c.id for c in found])
    shown = [(visible[UUID(c.id)], c) for c in found if UUID(c.id) in visible][:limit]
    record_reads(actor=user, targets=[person for person, _ in shown])
    return [{"person": p, "probability": c.probability, "band": c.band} for p, c in shown]
