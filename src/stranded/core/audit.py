"""Writing audit events: `record_event` for actions, `record_read` for reads of personal data.

`record_event` writes inside the caller's transaction (the action's), so a change and its event
commit together. Reads are not inside a transaction (a slow page must not hold the database's
write lock): during a request, `record_read` only collects its events, and
`AuditContextMiddleware` stores them all in one short transaction after the view has run and
before the response leaves; if they cannot be stored, the response is replaced by a 500 without
the data. So a read is returned only if its audit event is stored. Outside a request (commands,
tasks) a read's event is written at once. The request's IP and stated purpose reach here through
a context variable set by the middleware, so actions need no request argument.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from stranded.core.models import AuditEvent, User


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None
    purpose: str = ""


_NO_CONTEXT = AuditContext()
_context: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)
# The read events of the request being served, stored together before its response leaves.
_pending_reads: ContextVar[list[AuditEvent] | None] = ContextVar("audit_reads", default=None)
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


@contextmanager
def collected_reads() -> Iterator[list[AuditEvent]]:
    """Within this block, read events are collected (not written); `store_reads` writes them."""
    pending: list[AuditEvent] = []
    token = _pending_reads.set(pending)
    try:
        yield pending
    finally:
        _pending_reads.reset(token)


def store_reads(events: list[AuditEvent]) -> None:
    """One short transaction for all the reads of a request; raises if they cannot be stored."""
    if events:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events)
        events.clear()


def _keep_reads(events: list[AuditEvent]) -> None:
    pending = _pending_reads.get()
    if pending is not None:
        pending.extend(events)
    else:
        AuditEvent.objects.bulk_create(events)


# A record type that moved to another app keeps its history: the log is append-only, so the
# events written before the move name it by the label it had then. Current label: former ones.
FORMER_LABELS = {"places.area": ("sweeps.area",), "places.address": ("sweeps.address",)}


def same_type(target_type: str) -> list[str]:
    """The labels one record type has been logged under: its current one and the former."""
    for label, former in FORMER_LABELS.items():
        if target_type == label or target_type in former:
            return [label, *former]
    return [target_type]


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
    event = _event(actor, "read", target, purpose=purpose)
    _keep_reads([event])
    return event


def record_reads(
    *, actor: User, targets: Iterable[models.Model | tuple[str, str]], purpose: str = ""
) -> int:
    """One event per record listed: a list page that shows ten persons logs ten reads."""
    events = [_event(actor, "read", target, purpose=purpose) for target in targets]
    _keep_reads(events)
    return len(events)


def command_line_detail() -> dict[str, str]:
    """Who made a change from the command line: the system account (no person's data)."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        account = str(os.getuid())
    return {"via": "command line", "system_user": account}


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


def probe_pending() -> bool:
    """Whether this request has logged a refused read already."""
    return any(e.verb == "read.refused" for e in _deferred.get() or [])


def write_deferred() -> None:
    pending = _deferred.get()
    if pending:
        AuditEvent.objects.bulk_create(pending)
        pending.clear()
