"""Evacuation's part of `GET /health/` and `stranded health` (core.health): the outbox.

Counts and ages only: no recipient, no text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from stranded.evacuation.models import OutboxMessage


def check_outbox() -> dict[str, Any]:
    queued = OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED)
    oldest = queued.aggregate(oldest=Min("created_at"))["oldest"]
    minutes = None if oldest is None else round((timezone.now() - oldest).total_seconds() / 60)
    limit = settings.STRANDED_HEALTH_OUTBOX_MINUTES
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    return {
        "ok": minutes is None or minutes <= limit,
        "queued": queued.count(),
        "failed": failed,
        "oldest_queued_minutes": minutes,
        "limit_minutes": limit,
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {"outbox": check_outbox}
