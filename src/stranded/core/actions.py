"""State changes of the core app: one named, atomic, audited function each."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, Team, User


@transaction.atomic
def update_operation_settings(
    *, operation: Operation, changes: dict[str, Any], by: User
) -> Operation:
    from stranded.core.forms import OPERATION_SETTINGS

    fields = set()
    for field, value in changes.items():
        if field in OPERATION_SETTINGS:
            if value in (None, ""):
                operation.settings.pop(field, None)
            else:
                operation.settings[field] = (
                    value.isoformat() if hasattr(value, "isoformat") else value
                )
            fields.add("settings")
        else:
            setattr(operation, field, value)
            fields.add(field)
    operation.save(update_fields=sorted(fields))
    record_event(
        actor=by, verb="operation.updated", target=operation, detail={"fields": sorted(changes)}
    )
    return operation


@transaction.atomic
def create_staff_user(
    *, operation: Operation, username: str, role: str, team: Team | None, password: str, by: User
) -> User:
    user = User.objects.create_user(username=username, password=password)
    Membership.objects.create(user=user, operation=operation, role=role, team=team)
    record_event(actor=by, verb="user.created", target=user, detail={"role": role})
    return user


@transaction.atomic
def set_user_active(*, user: User, active: bool, by: User) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(actor=by, verb="user.activated" if active else "user.deactivated", target=user)
    return user
