"""Permission checks shared by every app's views and API.

Missing and forbidden look alike: a user without the permission gets the same 404 as for a record
that does not exist. Anonymous visitors of pages are sent to the login page; of the API, 401.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from stranded.core.models import AuditEvent, Operation, User
from stranded.core.roles import Perm

F = TypeVar("F", bound=Callable[..., HttpResponse])
M = TypeVar("M", bound=Model)


def ensure(user: User, perm: Perm) -> User:
    """Return the user if they hold `perm` in their operation; 404 otherwise."""
    if not isinstance(user, User) or not user.can(perm):
        raise Http404
    return user


def actor(request: HttpRequest) -> User:
    """The logged-in staff member of a request that passed `require_perm`."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def ensure_operation(user: User, perm: Perm) -> Operation:
    operation = ensure(user, perm).operation
    if operation is None:
        raise Http404
    return operation


def require_perm(perm: Perm, *alternatives: Perm) -> Callable[[F], F]:
    """Page views: log in first; then the user needs `perm` or one of the `alternatives`."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not any(isinstance(user, User) and user.can(p) for p in (perm, *alternatives)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def get_visible(user: User, visible: QuerySet[M], **lookup: Any) -> M:
    """The one record of `visible` matching `lookup`, or 404. A 404 for a record that exists
    (outside the user's operation, role or areas) is logged as a refused read: a probe."""
    try:
        return visible.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        pass
    from stranded.core.audit import record_probe

    try:
        existing = visible.model._default_manager.filter(**lookup).first()
    except (ValidationError, ValueError):
        existing = None
    if existing is not None and isinstance(user, User) and user.is_authenticated:
        record_probe(actor=user, target=existing)
    raise Http404


def audit_events(user: User) -> Any:
    """The audit log, for auditors only. Reading the log is itself logged by the view."""
    ensure(user, Perm.VIEW_AUDIT)
    # Events without an operation (failed logins, anonymous calls) are shown to every auditor.
    return AuditEvent.objects.filter(Q(operation=user.operation) | Q(operation__isnull=True))
