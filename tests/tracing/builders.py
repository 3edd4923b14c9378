"""Small builders for tracing tests (no JSON fixtures)."""

from __future__ import annotations

from typing import Any

from stranded.core.models import Operation, User
from stranded.tracing.actions import open_inquiry, record_person
from stranded.tracing.models import Inquiry, Match, Person, PersonStatus, Source


def create_person(operation: Operation, **fields: Any) -> Person:
    status = fields.pop("status", PersonStatus.LOCATED)
    source = fields.pop("source", Source.FIELD)
    return record_person(operation=operation, data=fields, source=source, status=status, by=None)


def inquiry_with_candidate(
    operation: Operation, by: User, name: tuple[str, str], *, band: str = "likely", **caller: Any
) -> tuple[Inquiry, Match]:
    """An inquiry about `name` (given, family) and the person found under that name, paired by
    a pending match of `band`."""
    found = create_person(operation, given_name=name[0], family_name=name[1], birth_year=1950)
    inquiry = open_inquiry(
        operation=operation,
        inquirer={"name": "Anahit", "contact": "+374 91 000001", "relation": "daughter", **caller},
        sought={"given_name": name[0], "family_name": name[1], "birth_year": 1950},
        channel=Inquiry.Channel.PHONE,
        by=by,
    )
    match, _ = Match.objects.update_or_create(
        left=inquiry.sought,
        right=found,
        defaults={
            "operation": operation,
            "inquiry": inquiry,
            "probability": 0.97 if band == "likely" else 0.6,
            "band": band,
            "decision": Match.Decision.PENDING,
        },
    )
    return inquiry, match
