"""A lockout or a deactivation ends the account's open sessions."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.base import PASSWORD, StrandedTestCase


class SessionsEndTests(StrandedTestCase):
    def logged_in_elsewhere(self) -> Client:
        other = Client()
        other.post(reverse("core:login"), {"username": "tracing", "password": PASSWORD})
        self.assertEqual(other.get(reverse("core:dashboard")).status_code, 200)
        return other

    def test_it_ends_sessions_at_lockout(self) -> None:
        other = self.logged_in_elsewhere()
        for _ in range(5):
            self.client.post(
                reverse("core:login"),
                {"username": "tracing", "password": "wrong guess here"},
                REMOTE_ADDR="10.0.0.66",
            )
        response = other.get(reverse("core:dashboard"))
        self.assertRedirects(response, reverse("core:login") + "?next=/")
        [event] = self.events(verb="login.locked_out")
        self.assertEqual(event.detail, {"sessions": 1})

    def test_it_ends_sessions_at_deactivation_and_they_stay_ended(self) -> None:
        other = self.logged_in_elsewhere()
        self.login(self.admin)
        url = reverse("core:user-active", args=[self.tracing_officer.uuid])
        self.client.post(url, {"active": "0"})
        self.client.post(url, {"active": "1"})
        response = other.get(reverse("core:dashboard"))
        self.assertRedirects(response, reverse("core:login") + "?next=/")
