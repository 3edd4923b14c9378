"""The operation's own clock: its time zone (`Operation.time_zone`) and, for a demo or an
exercise, how far it runs behind the real one (`Operation.clock_offset`: the demo lives in
October 2023, advancing in real time).

Every "now" about an operation's records asks `now(operation)` (or `today(operation)`): the time
a visit, a need, a sweep, a lead, a note or a decision is stamped with, and what it is compared
with (a need overdue, a re-sweep due, a lock expired, a plan's window, the day an age was said),
in requests, commands and background tasks alike. Pages show times in the operation's zone
(`OperationClockMiddleware`). Stored times stay aware UTC.

On the real clock, always (`timezone.now()`): audit events and the history of corrections,
sessions, second factors, phone credentials, role requests, sharing approvals and their expiry,
retention, PFIF imports, the outbox's delivery times, the task worker (a plan's computing) and
health, and the sanity check that a typed time is not in the future (a phone's clock is the
real one).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# the operation of the request being served (set by the middleware), for "today" in models
_current: ContextVar[Any] = ContextVar("operation_clock", default=None)


def zone(operation: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(operation, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def offset(operation: Any) -> timedelta:
    """How far the operation's clock runs behind the real one (zero but for a demo)."""
    return getattr(operation, "clock_offset", None) or timedelta(0)


def now(operation: Any = None) -> datetime:
    """The operation's time now (aware, in its time zone); without an operation, that of the
    request or task being served (`running`)."""
    operation = operation if operation is not None else _current.get()
    return (timezone.now() - offset(operation)).astimezone(zone(operation))


def today(operation: Any = None) -> date:
    """The operation's date today, in its time zone."""
    return now(operation).date()


def date_of(moment: datetime, operation: Any = None) -> date:
    """The operation's date of a stored time (the day a visit was made, in its time zone)."""
    operation = operation if operation is not None else _current.get()
    return moment.astimezone(zone(operation)).date()


def of(record: Any) -> Any:
    """The operation a record belongs to, for its clock: the one being served when it is the
    same (no query for a model property read on a list), else the record's own."""
    current = _current.get()
    operation_id = getattr(record, "operation_id", None)
    if current is not None and (operation_id is None or operation_id == current.pk):
        return current
    return getattr(record, "operation", None) if operation_id is not None else None


@contextmanager
def running(operation: Any) -> Iterator[None]:
    """A command or background task working for `operation`: "now" is its clock (model
    defaults included), times are in its zone."""
    token = _current.set(operation)
    timezone.activate(zone(operation))
    try:
        yield
    finally:
        timezone.deactivate()
        _current.reset(token)


def set_clock(operation: Any, *, at: datetime) -> None:
    """Put a synthetic operation's clock at `at` now (it then advances in real time)."""
    operation.clock_offset = timezone.now() - at
    operation.save(update_fields=["clock_offset"])


def valid_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


class OperationClockMiddleware:
    """Times on every page in the operation's time zone; `today()` on the operation's clock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        operation = getattr(user, "operation", None) if user is not None else None
        token = _current.set(operation)
        if operation is not None:
            timezone.activate(zone(operation))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            _current.reset(token)
