"""Two factors: enrolment at the first login, the code after the password, recovery codes used
once, and no personal record for a role that needs a second factor before it has given one."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from stranded.core.models import AuditEvent
from tests.base import PASSWORD, StrandedTestCase
from tests.tracing.builders import create_person
from tests.twofactor import enrolling_code, give_device, next_code


class TwoFactorTests(StrandedTestCase):
    def post_login(self, username: str, next_url: str = "") -> Any:
        url = reverse("core:login") + (f"?next={next_url}" if next_url else "")
        return self.client.post(url, {"username": username, "password": PASSWORD})

    def logged_in(self) -> int | None:
        user_id = self.client.session.get("_auth_user_id")
        return int(user_id) if user_id else None

    def enrol(self, username: str) -> list[str]:
        self.post_login(username)
        self.client.get(reverse("core:login-enrol"))
        response = self.client.post(reverse("core:login-enrol"), {"code": enrolling_code(username)})
        self.assertEqual(response.status_code, 200)
        return re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())

    def test_it_enrols_a_coordinator_at_the_first_login(self) -> None:
        response = self.post_login("coordinator")
        self.assertRedirects(response, reverse("core:login-enrol"), fetch_redirect_response=False)
        self.assertIsNone(self.logged_in())
        page = self.client.get(reverse("core:login-enrol")).content.decode()
        self.assertIn("<svg", page)
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)
        self.assertIn("otpauth://totp/stranded%3Acoordinator", device.config_url)
        key = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', page)
        assert key is not None
        self.assertEqual(len(key[1].replace(" ", "")), 32)
        # a reload shows the same key (the QR code scanned a moment ago still counts)
        self.assertIn(key[1], self.client.get(reverse("core:login-enrol")).content.decode())
        codes = self.enrol("coordinator")
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        self.assertEqual(self.logged_in(), self.coordinator.pk)
        self.assertEqual(self.client.get(reverse("core:dashboard")).status_code, 200)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        verbs = [e.verb for e in self.events(target_id=str(self.coordinator.pk))]
        self.assertIn("two_factor.enrolled", verbs)

    def test_a_wrong_code_at_enrolment_enrols_nothing(self) -> None:
        self.post_login("tracing")
        self.client.get(reverse("core:login-enrol"))
        response = self.client.post(reverse("core:login-enrol"), {"code": "000000"})
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(self.logged_in())
        self.assertFalse(TOTPDevice.objects.filter(user=self.tracing_officer, confirmed=True))

    def test_it_asks_for_the_code_after_the_password(self) -> None:
        device = give_device(self.auditor)
        response = self.post_login("auditor")
        self.assertRedirects(response, reverse("core:login-verify"), fetch_redirect_response=False)
        self.assertIsNone(self.logged_in())
        self.assertRedirects(
            self.client.get(reverse("core:audit-log")),
            reverse("core:login") + "?next=/audit/",
            fetch_redirect_response=False,
        )
        response = self.client.post(reverse("core:login-verify"), {"code": next_code(device)})
        self.assertRedirects(response, reverse("core:audit-log"), fetch_redirect_response=False)
        self.assertEqual(self.logged_in(), self.auditor.pk)
        self.assertEqual(self.client.get(reverse("core:audit-log")).status_code, 200)

    def test_it_goes_on_to_the_page_asked_for(self) -> None:
        device = give_device(self.coordinator)
        self.post_login("coordinator", next_url="/tracing/inquiries/")
        response = self.client.post(reverse("core:login-verify"), {"code": next_code(device)})
        self.assertRedirects(response, "/tracing/inquiries/", fetch_redirect_response=False)

    def test_a_wrong_code_does_not_log_in_and_five_send_back_to_the_password(self) -> None:
        give_device(self.admin)
        self.post_login("admin")
        for attempt in range(4):
            response = self.client.post(reverse("core:login-verify"), {"code": "123456"})
            self.assertEqual(response.status_code, 400, attempt)
            self.assertContains(response, "wrong", status_code=400)
        self.assertIsNone(self.logged_in())
        response = self.client.post(reverse("core:login-verify"), {"code": "123456"})
        self.assertRedirects(response, reverse("core:login"), fetch_redirect_response=False)
        self.assertRedirects(
            self.client.get(reverse("core:login-verify")),
            reverse("core:login"),
            fetch_redirect_response=False,
        )
        failed = AuditEvent.objects.filter(verb="login.second_factor_failed")
        self.assertEqual(failed.count(), 5)
        self.assertEqual(failed.first().target_id, str(self.admin.pk))  # type: ignore[union-attr]

    def test_a_code_is_accepted_once(self) -> None:
        device = give_device(self.coordinator)
        code = next_code(device)
        self.post_login("coordinator")
        self.client.post(reverse("core:login-verify"), {"code": code})
        self.assertEqual(self.logged_in(), self.coordinator.pk)
        other = Client()
        other.post(reverse("core:login"), {"username": "coordinator", "password": PASSWORD})
        response = other.post(reverse("core:login-verify"), {"code": code})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("_auth_user_id", other.session)

    def test_a_recovery_code_logs_in_once(self) -> None:
        codes = self.enrol("coordinator")
        self.client.logout()
        self.post_login("coordinator")
        response = self.client.post(reverse("core:login-verify"), {"code": codes[3].upper()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.logged_in(), self.coordinator.pk)
        used = self.events(verb="two_factor.recovery_used")
        self.assertEqual([e.detail for e in used], [{"codes_left": 9}])
        self.client.logout()
        self.post_login("coordinator")
        again = self.client.post(reverse("core:login-verify"), {"code": codes[3]})
        self.assertEqual(again.status_code, 400)
        self.assertIsNone(self.logged_in())

    def test_roles_without_personal_data_log_in_with_the_password_alone(self) -> None:
        for user in (self.liaison, self.field_member, self.driver):
            with self.subTest(user.username):
                self.client.logout()
                response = self.post_login(user.username)
                self.assertEqual(response.status_code, 302)
                self.assertEqual(self.logged_in(), user.pk)

    def test_field_teams_need_it_when_the_operation_says_so(self) -> None:
        self.operation.settings["two_factor_field_teams"] = True
        self.operation.save()
        for user in (self.field_member, self.driver):
            with self.subTest(user.username):
                self.client.logout()
                response = self.post_login(user.username)
                self.assertRedirects(
                    response, reverse("core:login-enrol"), fetch_redirect_response=False
                )
                self.assertIsNone(self.logged_in())

    def test_a_held_password_never_adds_a_device_to_an_enrolled_account(self) -> None:
        give_device(self.coordinator)
        self.post_login("coordinator")
        response = self.client.get(reverse("core:login-enrol"))
        self.assertRedirects(response, reverse("core:login-verify"), fetch_redirect_response=False)
        self.assertEqual(TOTPDevice.objects.filter(user=self.coordinator).count(), 1)


class NoReadBeforeSecondFactorTests(StrandedTestCase):
    """A session of a role that needs a second factor and has not given one (opened before the
    role was given, or before the operation asked for it) reads nothing."""

    def test_a_tracing_officer_cannot_read_a_person_before_enrolling(self) -> None:
        person = create_person(self.operation, given_name="Arsen", family_name="Hakobyan")
        client = Client()  # a session from the password alone
        client.force_login(self.tracing_officer)
        page = client.get(f"/tracing/persons/{person.pk}/")
        self.assertRedirects(page, reverse("core:login-enrol"), fetch_redirect_response=False)
        self.assertNotContains(page, "Hakobyan", status_code=302)
        self.assertNotIn("_auth_user_id", client.session)
        client.force_login(self.tracing_officer)
        api = client.get(f"/api/tracing/persons/{person.pk}")
        self.assertEqual(api.status_code, 401)
        self.assertNotIn(b"Hakobyan", api.content)
        self.assertEqual(self.events(verb="read", target_id=str(person.pk)), [])

    def test_a_field_member_is_held_once_the_operation_asks_for_it(self) -> None:
        client = Client()
        client.force_login(self.field_member)
        self.assertEqual(client.get("/sweeps/").status_code, 200)
        self.operation.settings["two_factor_field_teams"] = True
        self.operation.save()
        response = client.get("/sweeps/")
        self.assertRedirects(response, reverse("core:login-enrol"), fetch_redirect_response=False)

    def test_the_test_client_gives_the_second_factor_as_the_login_would(self) -> None:
        self.login(self.tracing_officer)
        self.assertEqual(self.client.get("/tracing/inquiries/").status_code, 200)


class LostPhoneTests(StrandedTestCase):
    def test_a_password_set_through_a_new_link_removes_the_second_factor(self) -> None:
        from stranded.core.actions import set_password_path

        give_device(self.tracing_officer)
        response = self.client.get(set_password_path(self.tracing_officer))
        password = "a-brand-new-passphrase-7"
        self.client.post(response.url, {"new_password1": password, "new_password2": password})  # type: ignore[attr-defined]
        self.assertFalse(TOTPDevice.objects.filter(user=self.tracing_officer).exists())
        self.assertEqual(len(self.events(verb="two_factor.removed")), 1)
        login = self.client.post(
            reverse("core:login"), {"username": "tracing", "password": password}
        )
        self.assertRedirects(login, reverse("core:login-enrol"), fetch_redirect_response=False)
