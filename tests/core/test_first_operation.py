"""The first operation and admin from the command line: audited; the admin lands on a page."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from stranded.core.models import AuditEvent, Operation, User
from tests.base import PASSWORD, StrandedTestCase


class CommandLineAuditTests(TestCase):
    def test_it_audits_the_operation_and_the_user_made_on_the_command_line(self) -> None:
        call_command("operation", "create", "Flood 2027", "--organisation", "RC", stdout=StringIO())
        out = StringIO()
        call_command(
            "users", "add", "alice", "--role", "admin", "--operation", "Flood 2027", stdout=out
        )
        events = list(AuditEvent.objects.order_by("at"))
        operation, alice = Operation.objects.get(), User.objects.get(username="alice")
        self.assertEqual(
            [(e.verb, e.target_type, e.target_id, e.detail["via"]) for e in events],
            [
                ("operation.created", "core.operation", str(operation.pk), "command line"),
                ("user.created", "core.user", str(alice.pk), "command line"),
            ],
        )
        self.assertEqual(events[1].detail["role"], "admin")
        self.assertTrue(events[1].detail["system_user"])
        password = out.getvalue().rsplit(" ", 1)[1].strip()
        self.assertNotIn(password, str(events[1].detail))

    def test_it_stores_nothing_when_the_user_exists(self) -> None:
        call_command("operation", "create", "Flood 2027", "--organisation", "RC", stdout=StringIO())
        call_command(
            "users",
            "add",
            "bob",
            "--role",
            "driver",
            "--operation",
            "Flood 2027",
            stdout=StringIO(),
        )
        before = AuditEvent.objects.count()
        with self.assertRaisesMessage(Exception, "user 'bob' exists already"):
            call_command("users", "add", "bob", "--role", "admin", "--operation", "Flood 2027")
        self.assertEqual(AuditEvent.objects.count(), before)


class LandingTests(StrandedTestCase):
    def landing(self, user: User) -> str:
        response = self.client.post(
            reverse("core:login"), {"username": user.username, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200, response["Location"])
        return str(response["Location"])

    def test_it_lands_each_role_on_a_page_of_its_own(self) -> None:
        expected = {
            self.coordinator: reverse("core:dashboard"),
            self.admin: reverse("core:users"),
            self.auditor: reverse("core:audit-log"),
            self.driver: reverse("evacuation:my-trip"),
            self.liaison: reverse("core:dashboard"),
        }
        for user, url in expected.items():
            self.client.logout()
            self.assertEqual(self.landing(user), url, user.username)

    def test_it_still_follows_next(self) -> None:
        response = self.client.post(
            reverse("core:login") + "?next=/places/",
            {"username": "admin", "password": PASSWORD},
        )
        self.assertEqual(response["Location"], "/places/")
