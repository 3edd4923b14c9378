"""Phones' HTTP Basic authentication: the password hashed once per phone, not per request, and
still refused when the password changes, the account is deactivated or the lockout applies."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings

from stranded.core.basic_auth import forget_all
from tests.base import PASSWORD
from tests.fieldwork.test_openrosa import basic
from tests.sweeps.base import SweepsTestCase


class CountingHasher(PBKDF2PasswordHasher):
    """PBKDF2 that counts the passwords it checks."""

    algorithm = "counting_pbkdf2"
    iterations = 1000
    checked: ClassVar[list[str]] = []

    def verify(self, password: str, encoded: str) -> bool:
        CountingHasher.checked.append(encoded)
        return super().verify(password, encoded)


@override_settings(PASSWORD_HASHERS=["tests.core.test_basic_auth.CountingHasher"])
class BasicAuthTests(SweepsTestCase):
    def setUp(self) -> None:
        super().setUp()
        forget_all()
        CountingHasher.checked.clear()
        self.field_member.set_password(PASSWORD)
        self.field_member.save()

    def form_list(self, password: str = PASSWORD, **extra: Any) -> int:
        headers = basic(self.field_member, password)
        return int(self.client.get("/openrosa/formList", **headers, **extra).status_code)

    def test_it_hashes_a_phones_password_once(self) -> None:
        self.assertEqual([self.form_list() for _ in range(4)], [200, 200, 200, 200])
        self.assertEqual(len(CountingHasher.checked), 1)

    def test_a_wrong_password_is_checked_each_time(self) -> None:
        self.assertEqual(self.form_list(), 200)
        self.assertEqual([self.form_list("wrong-password-123") for _ in range(2)], [401, 401])
        self.assertEqual(len(CountingHasher.checked), 3)

    def test_a_new_password_forgets_the_old_one(self) -> None:
        self.assertEqual(self.form_list(), 200)
        self.field_member.set_password("another-password-2023")
        self.field_member.save()
        self.assertEqual(self.form_list(), 401)
        self.assertEqual(self.form_list("another-password-2023"), 200)

    def test_a_deactivated_account_is_refused(self) -> None:
        self.assertEqual(self.form_list(), 200)
        self.field_member.is_active = False
        self.field_member.save()
        self.assertEqual(self.form_list(), 401)

    def test_the_lockout_applies_to_a_remembered_password(self) -> None:
        self.assertEqual(self.form_list(REMOTE_ADDR="10.0.0.9"), 200)
        for _ in range(5):  # the fifth failure locks out (429, "Too Many Requests")
            self.assertIn(self.form_list("wrong-password-123", REMOTE_ADDR="10.0.0.9"), (401, 429))
        self.assertIn(self.form_list(REMOTE_ADDR="10.0.0.9"), (401, 429))
        self.assertEqual(self.form_list(REMOTE_ADDR="10.0.0.10"), 200)  # another address
