"""Times on the operation's clock: stored as ISO text (manifest rows), and how long ago."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince

from stranded.core import clock

register = template.Library()


@register.filter
def local_hm(value: str) -> str:
    """'2023-10-03T06:30:00+00:00' -> '10:30' in the operation's time zone ('' if not a time)."""
    moment = parse_datetime(str(value or ""))
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


@register.filter
def ago(value: datetime | None) -> str:
    """How long ago, on the operation's clock ('5 hours'): `timesince` reads the real one."""
    return timesince(value, clock.now()) if value else ""


@register.filter
def clock_now(operation: Any) -> datetime:
    """The operation's time now (a demo's runs behind the real one)."""
    return clock.now(operation)
