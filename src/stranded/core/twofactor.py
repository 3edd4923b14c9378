"""Two factors: a TOTP app and one-time recovery codes (django-otp) after the password.

Who needs them: the roles that read personal data or manage accounts (coordinator, tracing
officer, admin, auditor) always; field members and drivers when their operation's setting
`two_factor_field_teams` is on; anyone who has enrolled a device, whatever the role.

The password alone never opens a session for them: after it, the login is *held* in the session
(the user's id, not logged in) until the second step, which is the code of their device
(`core:login-verify`) or, for an account without one, enrolment (`core:login-enrol`: the QR code
of the otpauth URI, a first code to confirm it, then ten recovery codes shown once). A session
that lacks the second factor while the role needs it (the role was given during the session,
the operation's setting was switched on, another operation chosen) is held the same way by
`TwoFactorMiddleware` before any view runs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import django_otp
import segno
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, User
from stranded.core.roles import Role

ALWAYS = frozenset({Role.COORDINATOR, Role.TRACING_OFFICER, Role.ADMIN, Role.AUDITOR})
FIELD = frozenset({Role.FIELD_MEMBER, Role.DRIVER})
FIELD_SETTING = "two_factor_field_teams"
HELD = "stranded_two_factor_held"
HOLD_SECONDS = 600  # password to second factor, at most
MAX_WRONG_CODES = 5  # then the password again
RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def role_needs_two_factor(role: str | None, operation: Operation | None) -> bool:
    if role in ALWAYS:
        return True
    return role in FIELD and operation is not None and bool(operation.setting(FIELD_SETTING, False))


def needs_two_factor(user: User) -> bool:
    """At login: any of the user's operations asks for it, or the user has a device."""
    memberships = Membership.objects.filter(user=user, active=True).select_related("operation")
    if any(role_needs_two_factor(m.role, m.operation) for m in memberships):
        return True
    return has_device(user)


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- the held login ---


def hold(request: HttpRequest, user: User, *, next_url: str = "") -> str:
    """Keep the password-checked user aside (not logged in); the URL of the second step."""
    backend = getattr(user, "backend", None) or request.session.get("_auth_user_backend")
    request.session[HELD] = {
        "user": user.pk,
        "backend": backend or "django.contrib.auth.backends.ModelBackend",
        "at": time.time(),
        "next": next_url,
        "wrong": 0,
    }
    return reverse("core:login-verify" if has_device(user) else "core:login-enrol")


def held_user(request: HttpRequest) -> User | None:
    held = request.session.get(HELD)
    if not isinstance(held, dict) or time.time() - float(held.get("at", 0)) > HOLD_SECONDS:
        return None
    return User.objects.filter(pk=int(held.get("user") or 0), is_active=True).first()


def count_wrong_code(request: HttpRequest, user: User) -> bool:
    """One more wrong code; False once there were too many (the held login is dropped)."""
    held = request.session[HELD]
    held["wrong"] = int(held.get("wrong", 0)) + 1
    request.session[HELD] = held
    record_event(actor=None, verb="login.second_factor_failed", target=user)
    if held["wrong"] >= MAX_WRONG_CODES:
        del request.session[HELD]
        return False
    return True


def finish_login(request: HttpRequest, user: User, device: Any) -> str:
    """Log the held user in, verified by `device`; where to go next."""
    held = request.session.pop(HELD)
    auth_login(request, user, backend=held["backend"])
    django_otp.login(request, device)
    return str(held.get("next") or "")


# --- devices ---


def enrolment_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same key until it is confirmed (a reload shows the same
    QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(text: str) -> str:
    """An inline SVG (no script, no external image: the page's CSP holds)."""
    return str(segno.make(text, error="m").svg_inline(scale=4, dark="#000", light="#fff"))


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps without a camera."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, code: str) -> list[str] | None:
    """The first code confirms the device; then new recovery codes (returned once)."""
    if not device.verify_token(_digits(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_recovery_codes(user=device.user)
    record_event(actor=device.user, verb="two_factor.enrolled", target=device.user)
    return codes


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    """Ten single-use codes replacing any earlier ones; only the caller ever sees them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def remove_devices(*, user: User) -> int:
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    if removed:
        record_event(actor=user, verb="two_factor.removed", target=user)
    return removed


def verify_second_factor(user: User, code: str) -> Any:
    """The device that accepts `code` (a TOTP code, or a recovery code, which is then spent),
    or None. Throttled by django-otp after failures."""
    digits = _digits(code)
    if re.fullmatch(r"\d{6}", digits):
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            verified = django_otp.verify_token(user, device.persistent_id, digits)
            if verified is not None:
                return verified
        return None
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    token = re.sub(r"[\s-]", "", code).lower()
    if recovery is None or not token:
        return None
    verified = django_otp.verify_token(user, recovery.persistent_id, token)
    if verified is not None:
        left = recovery.token_set.count()
        record_event(
            actor=user, verb="two_factor.recovery_used", target=user, detail={"codes_left": left}
        )
    return verified


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


# --- every request ---


class TwoFactorMiddleware:
    """A session whose role needs a second factor it has not given is held before any view:
    pages go to the second step, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and isinstance(user, User)
            and not user.is_verified()  # type: ignore[attr-defined]
            and role_needs_two_factor(user.role, user.operation)
        ):
            return self.held(request, user)
        return self.get_response(request)

    def held(self, request: HttpRequest, user: User) -> HttpResponse:
        backend = request.session.get("_auth_user_backend", "")
        logout(request)
        user.backend = backend  # type: ignore[attr-defined]
        next_url = request.get_full_path() if request.method == "GET" else ""
        step = hold(request, user, next_url=next_url)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "A second factor is required: log in again."}, status=401
            )
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": step})
        return redirect(step)
