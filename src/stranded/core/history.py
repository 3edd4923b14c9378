"""Corrections by hand, kept: what a record was, what it became, who changed it and when.

changes = differences(stored, data)         # {field: [before, after]}, only what differs
record_correction(target=obj, changes=changes, by=user, verb="person.corrected")
corrections_of(obj)                          # for the record's page (core/_history.html)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import models
from django.utils import timezone

from stranded.core.audit import record_event, target_key
from stranded.core.models import Correction, User


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates as ISO text, records by their name."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def differences(stored: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [plain(getattr(stored, key)), plain(value)]
        for key, value in data.items()
        if getattr(stored, key) != value
    }


def record_correction(
    *, target: models.Model, changes: dict[str, list[Any]], by: User | None, verb: str
) -> Correction | None:
    """The correction kept with its values, and an audit event naming only the fields."""
    if not changes:
        return None
    target_type, target_id = target_key(target)
    correction = Correction.objects.create(
        target_type=target_type, target_id=target_id, at=timezone.now(), by=by, changes=changes
    )
    record_event(actor=by, verb=verb, target=target, detail={"fields": sorted(changes)})
    return correction


def corrections_of(target: models.Model) -> list[dict[str, Any]]:
    """Each correction with its fields labelled (the model's verbose names), oldest first."""
    target_type, target_id = target_key(target)
    rows = Correction.objects.filter(target_type=target_type, target_id=target_id)
    fields = {
        f.name: str(f.verbose_name) for f in target._meta.get_fields() if hasattr(f, "verbose_name")
    }
    return [
        {
            "at": c.at,
            "by": c.by,
            "changes": [
                (fields.get(name, name.replace("_", " ")), before, after)
                for name, (before, after) in c.changes.items()
            ],
        }
        for c in rows.select_related("by")
    ]
