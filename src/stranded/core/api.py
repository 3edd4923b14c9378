from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from stranded.core.access import audit_events, ensure
from stranded.core.audit import record_event, same_type
from stranded.core.models import User
from stranded.core.roles import Perm, permissions_for

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    role: str | None
    operation: str | None
    permissions: list[str]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    operation = user.operation  # type: ignore[union-attr]
    return MeOut(
        username=user.get_username(),
        role=user.role,  # type: ignore[union-attr]
        operation=operation.name if operation else None,
        permissions=sorted(p.value for p in permissions_for(user.role)),  # type: ignore[union-attr]
    )


class AuditEventOut(Schema):
    id: str
    at: datetime
    actor: str
    role: str
    verb: str
    target_type: str
    target_id: str
    purpose: str
    ip: str | None


@router.get("/audit", response=list[AuditEventOut])
def audit(
    request: HttpRequest,
    target_type: str = "",
    target_id: str = "",
    actor: str = "",
    limit: int = 100,
) -> list[AuditEventOut]:
    user = request.user
    assert isinstance(user, User)  # django_auth: only a logged-in user gets here
    ensure(user, Perm.VIEW_AUDIT)
    events = audit_events(user)
    if target_type:
        events = events.filter(target_type__in=same_type(target_type))
    if target_id:
        events = events.filter(target_id=target_id)
    if actor:
        events = events.filter(actor_username=actor)
    rows = list(events.order_by("-at")[: max(1, min(limit, 1000))])
    record_event(actor=request.user, verb="audit.viewed", detail={"api": True})  # type: ignore[arg-type]
    return [
        AuditEventOut(
            id=str(e.id),
            at=e.at,
            actor=e.actor_username,
            role=e.role,
            verb=e.verb,
            target_type=e.target_type,
            target_id=e.target_id,
            purpose=e.purpose,
            ip=e.ip,
        )
        for e in rows
    ]
