"""HTTP Basic authentication for phones, without hashing the password again on every request.

A field phone (ODK Collect) sends its user's password with every request. Checking it costs an
argon2 hash (tens of milliseconds and 100 MB of memory by design), and sixty phones submitting
at once would spend the server's cores on nothing else. A password checked once is remembered
by this process for `REMEMBER_S` as a keyed digest (HMAC with a key made at start, never stored)
of the user name and password, with the user's stored password hash at that time. A request
with the same user name and password is let in without argon2 only while the account is still
active, its stored hash unchanged (a new password, a password set by an admin, forgets it) and
the login lockout not in force; anything else goes through `authenticate` (and the lockout's
failure counting) as before.
"""

from __future__ import annotations

import hmac
import secrets
import time

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from stranded.core.models import User

REMEMBER_S = 300.0
MOST = 10_000
_KEY = secrets.token_bytes(32)
_checked: dict[str, tuple[int, str, float]] = {}  # digest -> (user id, stored hash, until)


def basic_user(request: HttpRequest, username: str, password: str) -> User | None:
    """The active user these credentials belong to, or None (wrong, inactive, locked out)."""
    digest = hmac.new(_KEY, f"{username}\0{password}".encode(), "sha256").hexdigest()
    known = _checked.get(digest)
    if known is not None and known[2] > time.monotonic():
        user = User.objects.filter(pk=known[0], username=username, is_active=True).first()
        unchanged = user is not None and hmac.compare_digest(user.password, known[1])
        if unchanged and not _locked_out(request, username):
            return user
        _checked.pop(digest, None)
    try:
        found = authenticate(request, username=username, password=password)
    except PermissionDenied:  # locked out after repeated failures
        return None
    if not isinstance(found, User) or not found.is_active:
        return None
    if len(_checked) >= MOST:
        _checked.clear()
    _checked[digest] = (found.pk, found.password, time.monotonic() + REMEMBER_S)
    return found


def _locked_out(request: HttpRequest, username: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def forget_all() -> None:
    """Tests: start from no remembered passwords."""
    _checked.clear()
