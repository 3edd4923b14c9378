"""Second factors in tests: real TOTP devices and real codes, no switch that skips the check.

`give_device` enrols a confirmed TOTP device with a known key (RFC 6238's test key), `next_code`
computes the code the device accepts next (as the authenticator app would; never one used
already), and `TwoFactorClient.force_login` also marks the session verified by that device for
accounts that need a second factor, as the login's second step does.
"""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from stranded.core.models import User
from stranded.core.twofactor import role_needs_two_factor

KNOWN_KEY = "3132333435363738393031323334353637383930"


def give_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", key=KNOWN_KEY, confirmed=True
        )
    return device


def next_code(device: TOTPDevice) -> str:
    """The code of the current time step, or of a later one the device accepts when the current
    one was used (waits for the next step when every one was). Never an earlier step: a code
    computed at the end of a step and checked just after the next one began would be too old."""
    while True:
        device.refresh_from_db()
        base = (int(time.time()) - device.t0) // device.step + device.drift
        steps = range(base, base + device.tolerance + 1)
        usable = [t for t in steps if t > device.last_t]
        if usable:
            return str(hotp(device.bin_key, usable[0], digits=device.digits)).zfill(device.digits)
        time.sleep(1)


def enrolling_code(username: str) -> str:
    """The code of the device being enrolled (its key is the one the enrolment page shows)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return next_code(device)


def device_code(username: str) -> str:
    return next_code(TOTPDevice.objects.get(user__username=username, confirmed=True))


def needs_second_factor(user: User) -> bool:
    return any(
        role_needs_two_factor(m.role, m.operation)
        for m in user.memberships.filter(active=True).select_related("operation")
    )


class TwoFactorClient(Client):
    """force_login as the login's second step would leave it: verified by a device when the
    account needs one."""

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        if isinstance(user, User) and needs_second_factor(user):
            device = give_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


def log_in(client: Client, username: str, password: str, *, next_url: str = "") -> Any:
    """A login through the pages: the password, then the code of the account's device (enrolled
    with the known key first when it has none and needs one); the last response (a redirect to
    where the login leads)."""
    query = f"?next={next_url}" if next_url else ""
    response = client.post(f"/login/{query}", {"username": username, "password": password})
    location = response.get("Location", "")
    if location.endswith(("/login/verify/", "/login/enrol/")):
        user = User.objects.get(username=username)
        device = give_device(user)
        response = client.post("/login/verify/", {"code": next_code(device)})
    assert "_auth_user_id" in client.session, f"{username} not logged in"
    return response
