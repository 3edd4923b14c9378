"""Retention: personal data of closed cases is pseudonymised once the operation has ended and
the operation's retention period has passed (`stranded retention run [--dry-run]`).

Each app says what of its own is personal and when a record's case is closed, in a module
`<app>/retention.py` holding `RULES` (a list of `Rule`); this module finds them, as `stranded demo`
finds the apps' demo seeds, so core never imports the apps above it. A rule's `due` gives the
records of a closed case; `replace` the values that take the place of their personal fields
(names, phones, documents, addresses, free text). The rows stay, so every count stays; the audit
log holds ids only and is kept whole. Each replaced record is marked (`RetentionMark`), so a second
run finds nothing due; every run that replaced something is one audit event per operation with
its counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from stranded.core.audit import command_line_detail, record_event
from stranded.core.models import Operation, RetentionMark

ENDED_SETTING = "ended_on"
DAYS_SETTING = "retention_days"
BATCH = 500


@dataclass(frozen=True)
class Rule:
    label: str  # app_label.model_name of the records
    due: Callable[[Operation], models.QuerySet[Any]]  # records of closed cases, marked or not
    replace: Callable[[Any], dict[str, Any]]  # the new values of one record's personal fields


def due_on(operation: Operation) -> date | None:
    """The day the operation's closed cases lose their personal data; None while the operation
    has no end date or no retention period."""
    ended, days = operation.setting(ENDED_SETTING, None), operation.setting(DAYS_SETTING, None)
    if not ended or days in (None, ""):
        return None
    return date.fromisoformat(str(ended)) + timedelta(days=int(days))


def rules() -> Iterator[Rule]:
    for config in apps.get_app_configs():
        if config.name.startswith("stranded.") and find_spec(f"{config.name}.retention"):
            yield from getattr(import_module(f"{config.name}.retention"), "RULES", [])


def unmarked(rule: Rule, operation: Operation) -> models.QuerySet[Any]:
    marked = RetentionMark.objects.filter(label=rule.label).values("record_id")
    return rule.due(operation).exclude(pk__in=marked)


def run_retention(*, dry_run: bool, today: date | None = None) -> dict[str, dict[str, int]]:
    """Counts by operation name and record kind of what is (dry run) or was pseudonymised."""
    today = today or timezone.localdate()
    done: dict[str, dict[str, int]] = {}
    for operation in Operation.objects.order_by("name"):
        day = due_on(operation)
        if day is None or day > today:
            continue
        counts = {r.label: unmarked(r, operation).count() for r in rules()}
        if not dry_run and any(counts.values()):
            counts = pseudonymise(operation=operation, day=day)
        done[operation.name] = counts
    return done


@transaction.atomic
def pseudonymise(*, operation: Operation, day: date) -> dict[str, int]:
    counts = {}
    now = timezone.now()
    for rule in rules():
        records = list(unmarked(rule, operation).select_for_update())
        changed: set[str] = set()
        for record in records:
            for field, value in rule.replace(record).items():
                setattr(record, field, value)
                changed.add(field)
        if records and changed:
            rule_model = type(records[0])
            rule_model._default_manager.bulk_update(records, sorted(changed), batch_size=BATCH)
        RetentionMark.objects.bulk_create(
            [
                RetentionMark(label=rule.label, record_id=r.pk, operation=operation, at=now)
                for r in records
            ],
            batch_size=BATCH,
        )
        counts[rule.label] = len(records)
    record_event(
        actor=None,
        verb="retention.pseudonymised",
        target=operation,
        detail={"counts": counts, "due_on": day.isoformat(), **command_line_detail()},
    )
    return counts


def pseudonym(prefix: str, record: Any) -> str:
    """A stable stand-in for a name: the same record always gets the same one, no two the same
    (so that the matcher never takes two pseudonymised persons for one)."""
    return f"{prefix}-{record.pk.hex[:10].upper()}"
