"""Bench accounts log in as people do: password, then the code of an authenticator app. Each
account that needs a second factor gets a TOTP device with this known key (bench data only),
and the bench computes the code the app would show."""

from __future__ import annotations

from django_otp.oath import totp

BENCH_KEY = "62656e63682d6b65792d6e6f742d612d736563726574"  # "bench-key-not-a-secret"


def give_bench_device(user: object) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="bench", key=BENCH_KEY, confirmed=True)


def bench_code() -> str:
    return str(totp(bytes.fromhex(BENCH_KEY))).zfill(6)
