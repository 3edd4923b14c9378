"""Times stored as ISO text (manifest rows) shown on the operation's clock."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def local_hm(value: str) -> str:
    """'2023-10-03T06:30:00+00:00' -> '10:30' in the operation's time zone ('' if not a time)."""
    moment = parse_datetime(str(value or ""))
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""
