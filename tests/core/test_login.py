from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stranded.core.middleware import LOGIN_AT, SEEN_AT
from tests.base import PASSWORD, StrandedTestCase


class LoginTests(StrandedTestCase):
    def post_login(self, username: str, password: str, ip: str = "10.0.0.7") -> object:
        return self.client.post(
            reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
        )

    def test_it_logs_in_and_lands_on_the_dashboard(self) -> None:
        response = self.post_login("liaison", PASSWORD)
        self.assertRedirects(response, reverse("core:dashboard"))
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.liaison.pk)

    def test_it_gives_a_new_session_id_at_login(self) -> None:
        self.client.get(reverse("core:login"))
        self.client.session["probe"] = 1
        session = self.client.session
        session.save()
        before = session.session_key
        self.post_login("liaison", PASSWORD)
        self.assertNotEqual(self.client.session.session_key, before)

    def test_it_hashes_passwords_with_argon2(self) -> None:
        self.coordinator.refresh_from_db()
        self.assertEqual(identify_hasher(self.coordinator.password).algorithm, "argon2")

    def test_it_requires_twelve_characters(self) -> None:
        with self.assertRaises(ValidationError):
            validate_password("Short-pw-11")
        self.assertIsNone(validate_password("a-long-enough-passphrase"))

    def test_it_locks_out_after_repeated_failures(self) -> None:
        for _ in range(5):
            self.post_login("liaison", "wrong password here")
        response = self.post_login("liaison", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed logins", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_does_not_lock_out_the_same_user_from_another_address(self) -> None:
        for _ in range(5):
            self.post_login("liaison", "wrong password here", ip="10.0.0.8")
        response = self.post_login("liaison", PASSWORD, ip="10.0.0.9")
        self.assertRedirects(response, reverse("core:dashboard"))

    def test_it_records_login_and_failed_login(self) -> None:
        self.post_login("liaison", "wrong password here")
        self.post_login("liaison", PASSWORD)
        verbs = [(e.verb, e.actor_username, e.ip) for e in self.events(verb__startswith="login")]
        self.assertEqual(
            verbs, [("login.failed", "", "10.0.0.7"), ("login", "liaison", "10.0.0.7")]
        )


class SessionTimeoutTests(StrandedTestCase):
    def age_session(self, *, login_ago: timedelta, seen_ago: timedelta) -> None:
        now = timezone.now()
        session = self.client.session
        session[LOGIN_AT] = (now - login_ago).isoformat()
        session[SEEN_AT] = (now - seen_ago).isoformat()
        session.save()

    def test_it_keeps_an_active_session(self) -> None:
        self.login(self.coordinator)
        self.age_session(login_ago=timedelta(hours=2), seen_ago=timedelta(minutes=29))
        self.assertEqual(self.client.get(reverse("core:dashboard")).status_code, 200)

    def test_it_logs_out_after_thirty_idle_minutes(self) -> None:
        self.login(self.coordinator)
        self.age_session(login_ago=timedelta(hours=1), seen_ago=timedelta(minutes=31))
        response = self.client.get(reverse("core:dashboard"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("core:login")))

    def test_it_logs_out_twelve_hours_after_login_even_when_active(self) -> None:
        self.login(self.coordinator)
        self.age_session(login_ago=timedelta(hours=12, minutes=1), seen_ago=timedelta(minutes=1))
        response = self.client.get(reverse("core:dashboard"))
        self.assertEqual(response.status_code, 302)

    def test_it_sets_the_cookie_to_expire_with_the_absolute_limit(self) -> None:
        with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
            self.client.post(
                reverse("core:login"), {"username": "coordinator", "password": PASSWORD}
            )
        self.assertEqual(self.client.session.get_expiry_age(), 12 * 3600)

    def test_it_writes_the_last_activity_at_most_once_a_minute(self) -> None:
        self.login(self.coordinator)
        self.age_session(login_ago=timedelta(hours=1), seen_ago=timedelta(seconds=20))
        seen = self.client.session[SEEN_AT]
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reverse("core:dashboard")).status_code, 200)
        self.assertEqual(self.client.session[SEEN_AT], seen)
        self.assertFalse([q for q in queries if "django_session" in q["sql"]
                          and q["sql"].startswith("UPDATE")])  # fmt: skip
        self.age_session(login_ago=timedelta(hours=1), seen_ago=timedelta(seconds=61))
        self.client.get(reverse("core:dashboard"))
        later = timezone.now() - timedelta(seconds=5)
        self.assertGreater(datetime.fromisoformat(self.client.session[SEEN_AT]), later)
