"""Writing audit events: `record_event` for actions, `record_read` for reads of personal data.

Both write inside the caller's transaction (requests are atomic), so a read is returned only if
its audit event is stored. The request's IP and stated purpose reach here through a context
variable set by `AuditContextMiddleware`, so actions need no request argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from stranded.core.models import AuditEvent, User


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None
    purpose: str = ""


_NO_CONTEXT = AuditContext()
_context: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)
_deferred: ContextVar[list[AuditEvent] | None] = ContextVar("audit_deferred", default=None)


@contextmanager
def audit_context(*, ip: str | None = None, purpose: str = "") -> Iterator[None]:
    token = _context.set(AuditContext(ip=ip, purpose=purpose))
    deferred = _deferred.set([])
    try:
        yield
        write_deferred()
    finally:
        _deferred.reset(deferred)
        _context.reset(token)


def target_key(target: models.Model | tuple[str, str]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk)


def _event(
    actor: User | None, verb: str, target: models.Model | tuple[str, str] | None, **extra: Any
) -> AuditEvent:
    ctx = _context.get() or _NO_CONTEXT
    target_type, target_id = target_key(target) if target is not None else ("", "")
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_username=user.get_username() if user else "",
        role=(user.role or "") if user else "",
        operation=user.operation if user else None,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        purpose=extra.pop("purpose", "") or ctx.purpose,
        ip=ctx.ip,
        detail=extra.pop("detail", {}),
    )


def record_event(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | tuple[str, str] | None = None,
    detail: dict[str, Any] | None = None,
    purpose: str = "",
) -> AuditEvent:
    event = _event(actor, verb, target, detail=detail or {}, purpose=purpose)
    event.save()
    return event


def record_read(
    *, actor: User, target: models.Model | tuple[str, str], purpose: str = ""
) -> AuditEvent:
    return record_event(actor=actor, verb="read", target=target, purpose=purpose)


def record_reads(
    *, actor: User, targets: Iterable[models.Model | tuple[str, str]], purpose: str = ""
) -> int:
    """One event per record listed: a list page that shows ten persons logs ten reads."""
    events = [_event(actor, "read", target, purpose=purpose) for target in targets]
    AuditEvent.objects.bulk_create(events)
    return len(events)


def record_export(
    *, actor: User, target: models.Model | tuple[str, str], format: str, count: int
) -> AuditEvent:
    """A download (CSV, PDF, ...): what left the system, in which format, how many records."""
    return record_event(
        actor=actor, verb="export", target=target, detail={"format": format, "count": count}
    )


def record_probe(*, actor: User, target: models.Model | tuple[str, str]) -> AuditEvent:
    """A refused look at a record that exists (answered 404 like a missing one): a probe.

    The 404 rolls the request's transaction back, so inside a request the event is kept aside
    and written by `AuditContextMiddleware` once the view has returned."""
    event = _event(actor, "read.refused", target)
    pending = _deferred.get()
    if pending is None:
        event.save()
    else:
        pending.append(event)
    return event


def write_deferred() -> None:
    pending = _deferred.get()
    if pending:
        AuditEvent.objects.bulk_create(pending)
        pending.clear()
