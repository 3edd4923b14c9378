"""Phone credentials: each phone logs in to the OpenRosa endpoints with its own, never with the
account's password (as ODK Central's app users).

A coordinator creates one for a field member; the secret is shown once, inside the QR code that
ODK Collect scans (Collect's settings code: base64 of zlib-compressed JSON with the server URL,
username and password) and as text for KoBoCollect or Enketo; only its SHA-256 is kept (it is 192
random bits, so a slow hash adds nothing and would slow every phone request). A revoked phone gets
401, so Collect keeps its finalised forms and sends them once a new credential is scanned.

The OpenRosa endpoints take phone credentials only. Account passwords are refused there, phone
credentials or not: an account password travelling from phones would open the web account (and
skip its second factor, stranded.core.twofactor).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import zlib
from datetime import timedelta

import segno
from django.db import transaction
from django.utils import timezone

from stranded.core.audit import record_event
from stranded.core.models import Membership, Operation, PhoneCredential, User

PREFIX = "phone-"
TOUCH_EVERY = timedelta(minutes=5)  # last use is written at most this often per phone


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_phone_credential(
    *, operation: Operation, user: User, label: str, by: User
) -> tuple[PhoneCredential, str]:
    """A new credential and its secret (returned once, never stored in the clear)."""
    if not Membership.objects.filter(user=user, operation=operation, active=True).exists():
        raise ValueError(f"user {user.pk} is no member of operation {operation.pk}")
    secret = secrets.token_urlsafe(24)
    credential = PhoneCredential.objects.create(
        operation=operation,
        user=user,
        label=label.strip()[:100] or "phone",
        username=PREFIX + secrets.token_hex(5),
        secret_hash=_digest(secret),
        created_by=by,
        created_at=timezone.now(),
    )
    record_event(actor=by, verb="phone.created", target=credential, detail={"user": user.pk})
    return credential, secret


@transaction.atomic
def revoke_phone_credential(*, credential: PhoneCredential, by: User) -> PhoneCredential:
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.revoked_by = by
        credential.save(update_fields=["revoked_at", "revoked_by"])
        record_event(
            actor=by, verb="phone.revoked", target=credential, detail={"user": credential.user_id}
        )
    return credential


def basic_credentials(header: str) -> tuple[str, str] | None:
    """Username and password of an `Authorization: Basic` header, or None."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        username, colon, password = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (binascii.Error, ValueError):
        return None
    return (username, password) if colon else None


def phone_user(header: str) -> User | None:
    """The field member a phone's `Authorization` header stands for, working in the phone's
    operation; None for no, a wrong, or a revoked credential (401), or an account password."""
    given = basic_credentials(header)
    if given is None or not given[0].startswith(PREFIX):
        return None
    credential = PhoneCredential.objects.select_related("user").filter(username=given[0]).first()
    if credential is None or credential.revoked_at is not None:
        return None
    if not hmac.compare_digest(credential.secret_hash, _digest(given[1])):
        return None
    user = credential.user
    user.chosen_operation_id = str(credential.operation_id)
    membership = user.membership()
    if (
        not user.is_active
        or membership is None
        or membership.operation_id != credential.operation_id
    ):
        return None
    now = timezone.now()
    if credential.last_used_at is None or now - credential.last_used_at > TOUCH_EVERY:
        PhoneCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
    return user


def collect_settings(*, server_url: str, username: str, password: str) -> str:
    """What ODK Collect's "Configure with QR code" reads: base64(zlib(JSON settings))."""
    settings = {
        "general": {"server_url": server_url, "username": username, "password": password},
        "admin": {},
    }
    return base64.b64encode(zlib.compress(json.dumps(settings).encode("utf-8"))).decode()


def collect_qr_svg(*, server_url: str, username: str, password: str) -> str:
    payload = collect_settings(server_url=server_url, username=username, password=password)
    return str(segno.make(payload, error="l").svg_inline(scale=4, dark="#000", light="#fff"))
