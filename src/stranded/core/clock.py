"""The operation's own clock: its time zone (`Operation.time_zone`).

Pages show times in it (`OperationClockMiddleware` activates it for the request), and what
depends on "today" (a need overdue, the day an age was said) asks `today(operation)`, in
requests, commands and background tasks alike. Stored times stay aware UTC.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime
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


def now(operation: Any = None) -> datetime:
    """The operation's time now (aware, in its time zone)."""
    operation = operation if operation is not None else _current.get()
    return timezone.now().astimezone(zone(operation))


def today(operation: Any = None) -> date:
    """The operation's date today, in its time zone."""
    return now(operation).date()


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
