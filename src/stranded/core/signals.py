"""Login and logout go on the audit record. Attempted usernames are not kept: people type
passwords into the username field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from stranded.core.audit import record_event

if TYPE_CHECKING:
    from stranded.core.models import User


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    record_event(actor=user, verb="login")


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if user is not None:
        record_event(actor=user, verb="logout")


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    record_event(actor=None, verb="login.failed")


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    """A lockout also ends the account's open sessions: someone may be guessing while the owner
    (or whoever got in) is logged in elsewhere."""
    from stranded.core.actions import end_sessions
    from stranded.core.models import User

    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        ended = end_sessions(user=user)
        record_event(actor=None, verb="login.locked_out", target=user, detail={"sessions": ended})
