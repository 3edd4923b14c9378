"""State changes of the core app: one named, atomic, audited function each."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, RoleRequest, Team, User
from stranded.core.roles import Perm, reads_personal_data


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
    *, operation: Operation, username: str, role: str, team: Team | None, by: User
) -> tuple[User, RoleRequest | None]:
    """A new account with no usable password: its holder sets one through a one-time link.

    A role that reads personal data, asked for by someone who may not give it, waits for a
    coordinator (the account has no membership until then)."""
    user = User.objects.create_user(username=username, password=None)
    record_event(actor=by, verb="user.created", target=user, detail={"role": role})
    return user, change_role(operation=operation, user=user, role=role, team=team, by=by)


@transaction.atomic
def change_role(
    *, operation: Operation, user: User, role: str, team: Team | None, by: User
) -> RoleRequest | None:
    """Give `user` a role in `operation`: at once, or as a request a coordinator decides."""
    if reads_personal_data(role) and not by.can(Perm.APPROVE_ROLES):
        RoleRequest.objects.filter(
            operation=operation, user=user, status=RoleRequest.Status.PENDING
        ).update(status=RoleRequest.Status.REFUSED, decided_at=timezone.now())
        request = RoleRequest.objects.create(
            operation=operation, user=user, role=role, team=team, requested_by=by
        )
        record_event(actor=by, verb="role.requested", target=user, detail={"role": role})
        return request
    _apply_role(operation=operation, user=user, role=role, team=team, by=by)
    return None


def _apply_role(
    *, operation: Operation, user: User, role: str, team: Team | None, by: User
) -> None:
    membership = Membership.objects.filter(operation=operation, user=user).first()
    previous = membership.role if membership else ""
    if membership is None:
        membership = Membership(operation=operation, user=user)
    membership.role, membership.team, membership.active = role, team, True
    membership.save()
    record_event(
        actor=by, verb="role.changed", target=user, detail={"role": role, "previous": previous}
    )


@transaction.atomic
def decide_role_request(*, request: RoleRequest, approve: bool, by: User) -> RoleRequest:
    """A coordinator approves or refuses. Approval ends the account's sessions and makes its
    password unusable: the approver hands the new set-password link to the person."""
    if not by.can(Perm.APPROVE_ROLES) or by.operation != request.operation:
        raise PermissionError("only a coordinator of the operation decides role requests")
    request.status = RoleRequest.Status.APPROVED if approve else RoleRequest.Status.REFUSED
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    verb = "role.approved" if approve else "role.refused"
    record_event(actor=by, verb=verb, target=request.user, detail={"role": request.role})
    if approve:
        user = request.user
        _apply_role(
            operation=request.operation, user=user, role=request.role, team=request.team, by=by
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        end_sessions(user=user)
    return request


def set_password_path(user: User) -> str:
    """The one-time link (valid PASSWORD_RESET_TIMEOUT seconds, void once a password is set)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("core:set-password", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def issue_set_password_link(*, user: User, by: User) -> str:
    """A new link for an account (its current password stays until the link is used). Only a
    coordinator issues one for an account whose role reads personal data."""
    pending = RoleRequest.objects.filter(user=user, status=RoleRequest.Status.PENDING)
    if not by.can(Perm.APPROVE_ROLES) and (reads_personal_data(user.role) or pending.exists()):
        raise PermissionError("a coordinator issues links for roles that read personal data")
    record_event(actor=by, verb="user.password_link", target=user)
    return set_password_path(user)


def end_sessions(*, user: User) -> int:
    """Delete every stored session of `user` (deactivation, lockout, new role)."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def set_user_active(*, user: User, active: bool, by: User) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        end_sessions(user=user)
    record_event(actor=by, verb="user.activated" if active else "user.deactivated", target=user)
    return user


@transaction.atomic
def set_user_language(*, user: User, language: str) -> User:
    """The language pages, PDFs and messages speak to this user from now on."""
    user.language = language
    user.save(update_fields=["language"])
    record_event(actor=user, verb="user.language_set", target=user, detail={"language": language})
    return user
