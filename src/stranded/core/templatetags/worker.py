"""`{% load worker %}{% no_worker_seen as missing %}`: pages that wait on the task worker."""

from __future__ import annotations

from django import template

from stranded.core.worker import worker_seen

register = template.Library()


@register.simple_tag
def no_worker_seen() -> bool:
    """True when no task worker has beaten within STRANDED_WORKER_STALE_SECONDS."""
    return not worker_seen()
