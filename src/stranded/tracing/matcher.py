"""The tracing app's side of the matching engine: Person rows in, candidates out.

One in-memory index per operation and process, built from the database on first use and kept
current by `remember` when an action records a person. Another process (a second gunicorn
worker, the task worker) notices new rows through a cheap stamp query and rebuilds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Max

from stranded.tracing.matching import Index, Record, default_model
from stranded.tracing.models import Person

_lock = threading.Lock()
_indexes: dict[UUID, tuple[tuple[int, Any], Index]] = {}


@dataclass(frozen=True)
class Candidate:
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


def _stamp(operation_id: UUID) -> tuple[int, Any]:
    row = Person.objects.filter(operation_id=operation_id).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    return row["n"], row["last"]


def index_for(operation_id: UUID) -> Index:
    stamp = _stamp(operation_id)
    with _lock:
        cached = _indexes.get(operation_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    index = Index(default_model())
    persons = Person.objects.filter(operation_id=operation_id, merged_into__isnull=True)
    index.add(to_record(p) for p in persons.iterator(chunk_size=2000))
    with _lock:
        _indexes[operation_id] = (stamp, index)
    return index


def remember(person: Person) -> None:
    """Add a newly recorded person to this process's index, if one is built."""
    with _lock:
        cached = _indexes.get(person.operation_id)
    if cached is None:
        return
    cached[1].add([to_record(person)])
    with _lock:
        _indexes[person.operation_id] = (_stamp(person.operation_id), cached[1])


def candidates_for(person: Person, *, limit: int = 20) -> list[Candidate]:
    index = index_for(person.operation_id)
    found = index.search(to_record(person), limit=limit + 1)
    # The index may lag behind the database (another process merged a record): check.
    current = set(
        Person.objects.filter(
            pk__in=[c.id for c in found], operation_id=person.operation_id,
            merged_into__isnull=True,
        ).values_list("pk", flat=True)
    )  # fmt: skip
    return [
        Candidate(UUID(c.id), c.probability, c.band, comparison_rows(c))
        for c in found
        if c.id != str(person.pk) and UUID(c.id) in current
    ][:limit]


def forget_all() -> None:
    """Drop this process's indexes (tests; after a bulk import the stamp does it anyway)."""
    with _lock:
        _indexes.clear()


def comparison_rows(candidate: Any) -> list[dict[str, Any]]:
    return [
        {"field": f.field, "left": f.left, "right": f.right, "level": f.level, "weight": f.weight}
        for f in candidate.comparison
    ]


def quick_candidates(user: Any, data: dict[str, Any], *, limit: int = 5) -> list[dict[str, Any]]:
    """While an officer types: the best known persons this user may see, reads logged."""
    from stranded.core.audit import record_reads

    operation = user.operation
    probe = Person(operation=operation, **{k: v for k, v in data.items() if k != "place"})
    probe.place = data.get("place")
    found = index_for(operation.pk).search(to_record(probe), limit=limit * 3)
    visible = Person.objects.visible_to(user).in_bulk([c.id for c in found])
    shown = [(visible[UUID(c.id)], c) for c in found if UUID(c.id) in visible][:limit]
    record_reads(actor=user, targets=[person for person, _ in shown])
    return [{"person": p, "probability": c.probability, "band": c.band} for p, c in shown]
