"""Import of visit-form submissions from files: all or nothing, and idempotent.

Every record is tried inside one transaction (each in its own savepoint, so one bad record does
not hide the others' errors); if any record is rejected the whole transaction is rolled back and
the report lists every rejection. A submission already stored with the same content (by its
instanceID) counts as unchanged; with other content it is rejected, the stored one kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from stranded.core.audit import record_event
from stranded.core.inputs import InputError
from stranded.core.models import Operation, User
from stranded.fieldwork.actions import record_field_visit
from stranded.fieldwork.submissions import Rejected, Submission, read_file
from stranded.sweeps.models import Visit


class _RollBack(Exception):
    pass


def store(
    *, operation: Operation, submission: Submission, by: User, source: str
) -> tuple[Visit, bool]:
    """One submission -> (visit, created); InputError (or VisitConflict) names the field."""
    if not submission.instance_id:
        raise InputError(
            "instanceID", _("is required: without it a second import would record the visit twice")
        )
    if len(submission.instance_id) > 100:
        raise InputError("instanceID", _("is longer than 100 characters"))
    if not submission.data.get("visited_at"):
        raise InputError("visited_at", _("is required in a submission"))
    return record_field_visit(
        operation=operation,
        data=submission.data,
        by=by,
        source=source,
        instance_id=submission.instance_id,
    )


def import_submissions(
    *, operation: Operation, items: Iterable[Submission | Rejected], by: User
) -> dict[str, Any]:
    report: dict[str, Any] = {"created": 0, "unchanged": 0, "rejected": []}
    try:
        with transaction.atomic():
            for item in items:
                if isinstance(item, Rejected):
                    report["rejected"].append(item.as_dict())
                else:
                    _try(operation, item, by, report)
            if report["rejected"]:
                raise _RollBack
            record_event(
                actor=by,
                verb="visits.imported",
                target=("sweeps.import", str(operation.pk)),
                detail={"created": report["created"], "unchanged": report["unchanged"]},
            )
    except _RollBack:
        report["created"] = report["unchanged"] = 0
    return report


def _try(operation: Operation, item: Submission, by: User, report: dict[str, Any]) -> None:
    try:
        with transaction.atomic():
            _, created = store(
                operation=operation, submission=item, by=by, source=Visit.Source.IMPORT
            )
    except InputError as error:
        report["rejected"].append(
            Rejected(item.file, item.record, error.field, error.message).as_dict()
        )
        return
    report["created" if created else "unchanged"] += 1


def import_files(*, operation: Operation, paths: list[Path], by: User) -> dict[str, Any]:
    def items() -> Iterable[Submission | Rejected]:
        for path in paths:
            yield from read_file(path)

    return import_submissions(operation=operation, items=items(), by=by)
