"""Small builders for tracing tests (no JSON fixtures)."""

from __future__ import annotations

from typing import Any

from stranded.core.models import Operation
from stranded.tracing.actions import record_person
from stranded.tracing.models import Person, PersonStatus, Source


def create_person(operation: Operation, **fields: Any) -> Person:
    status = fields.pop("status", PersonStatus.LOCATED)
    source = fields.pop("source", Source.FIELD)
    return record_person(operation=operation, data=fields, source=source, status=status, by=None)
