"""An admin never sets or learns the password of an account that reads personal data."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import Membership, RoleRequest, User
from tests.base import StrandedTestCase

NEW_PASSWORD = "Vardan-Mamikonyan-451"


class AccountSteps(StrandedTestCase):
    def create(self, username: str, role: str, **extra: object) -> object:
        self.login(self.admin)
        return self.client.post(
            reverse("core:users"), {"username": username, "role": role, **extra}
        )

    def link_in(self, response: object) -> str:
        html = response.content.decode()  # type: ignore[attr-defined]
        start = html.index('id="set-password-link">') + len('id="set-password-link">')
        return html[start : html.index("</code>", start)].replace("http://testserver", "")

    def set_password(self, link: str, password: str) -> object:
        self.client.logout()
        response = self.client.get(link)  # redirects to the same form without the token
        form_url = response.url  # type: ignore[attr-defined]
        return self.client.post(form_url, {"new_password1": password, "new_password2": password})

    def can_log_in(self, username: str, password: str) -> bool:
        self.client.logout()
        response = self.client.post(
            reverse("core:login"), {"username": username, "password": password}
        )
        return response.status_code == 302


class AdminCreatesAccountsTests(AccountSteps):
    def test_it_gives_a_coordinator_account_no_role_until_a_coordinator_approves(self) -> None:
        response = self.create("eve", "coordinator", password="the-admins-own-secret-1")
        self.assertEqual(response.status_code, 200)
        eve = User.objects.get(username="eve")
        self.assertFalse(eve.has_usable_password())
        self.assertFalse(Membership.objects.filter(user=eve).exists())
        self.assertNotContains(response, 'id="set-password-link"')
        [pending] = RoleRequest.objects.filter(user=eve)
        self.assertEqual((pending.role, pending.status), ("coordinator", "pending"))
        # Even a password set through some earlier link gives no access to persons.
        eve.set_password(NEW_PASSWORD)
        eve.save()
        self.client.force_login(eve)
        self.assertEqual(self.client.get(reverse("tracing:inquiry-list")).status_code, 404)

    def test_it_refuses_admins_a_link_for_a_pending_coordinator_account(self) -> None:
        self.create("eve", "coordinator")
        eve = User.objects.get(username="eve")
        response = self.client.post(reverse("core:user-link", args=[eve.uuid]))
        self.assertNotContains(response, 'id="set-password-link"')
        self.assertFalse(self.events(verb="user.password_link"))

    def test_it_refuses_admins_a_link_for_an_existing_coordinator(self) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("core:user-link", args=[self.coordinator.uuid]))
        self.assertNotContains(response, 'id="set-password-link"')

    def test_it_hands_the_link_to_the_approving_coordinator_and_voids_the_password(self) -> None:
        # The admin makes a driver account, sets its password through its link, then asks for
        # the coordinator role: approval must take that password away.
        link = self.link_in(self.create("eve", "driver"))
        self.assertEqual(self.set_password(link, NEW_PASSWORD).status_code, 302)
        eve = User.objects.get(username="eve")
        self.assertTrue(eve.check_password(NEW_PASSWORD))
        self.login(self.admin)
        self.client.post(reverse("core:user-role", args=[eve.uuid]), {"role": "coordinator"})
        self.assertEqual(Membership.objects.get(user=eve).role, "driver")
        request = RoleRequest.objects.get(user=eve, status="pending")
        self.login(self.coordinator)
        response = self.client.post(
            reverse("core:role-decide", args=[request.pk]), {"approve": "1"}
        )
        self.assertEqual(Membership.objects.get(user=eve).role, "coordinator")
        eve.refresh_from_db()
        self.assertFalse(eve.has_usable_password())
        self.assertFalse(self.can_log_in("eve", NEW_PASSWORD))
        coordinator_link = self.link_in(response)
        self.assertEqual(
            self.set_password(coordinator_link, "Another-Strong-Phrase-9").status_code, 302
        )
        eve.refresh_from_db()
        self.assertTrue(eve.check_password("Another-Strong-Phrase-9"))

    def test_it_shows_role_changes_to_coordinators(self) -> None:
        self.create("eve", "tracing_officer")
        self.login(self.coordinator)
        response = self.client.get(reverse("core:role-changes"))
        self.assertContains(response, "eve")
        self.assertContains(response, "role.requested")
        self.assertEqual(
            [(e.verb, e.actor_username) for e in self.events(verb__startswith="role.")],
            [("role.requested", "admin")],
        )

    def test_it_lets_only_coordinators_decide(self) -> None:
        self.create("eve", "field_member", team=self.team.pk)
        request = RoleRequest.objects.get(user__username="eve")
        url = reverse("core:role-decide", args=[request.pk])
        self.assert_status_by_role("post", url, {"coordinator": 200}, data={"approve": "0"})
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.post(url, {"approve": "1"}).status_code, 404)
        request.refresh_from_db()
        self.assertEqual(request.status, "refused")
        self.assertFalse(Membership.objects.filter(user__username="eve").exists())

    def test_it_gives_roles_without_personal_data_at_once(self) -> None:
        link = self.link_in(self.create("dana", "liaison"))
        self.assertEqual(Membership.objects.get(user__username="dana").role, "liaison")
        self.assertTrue(link.startswith("/set-password/"))


class SetPasswordLinkTests(AccountSteps):
    def test_it_works_once(self) -> None:
        link = self.link_in(self.create("dana", "driver"))
        self.assertEqual(self.set_password(link, NEW_PASSWORD).status_code, 302)
        response = self.client.get(link)
        self.assertContains(response, "This link does not work")

    def test_it_expires(self) -> None:
        link = self.link_in(self.create("dana", "driver"))
        with self.settings(PASSWORD_RESET_TIMEOUT=-1):
            response = self.client.get(link)
        self.assertContains(response, "This link does not work")

    def test_it_refuses_a_password_like_the_username_or_repetitive(self) -> None:
        link = self.link_in(self.create("dana.grigoryan", "driver"))
        for bad in ("dana.grigoryan", "aaaaaaaaaaaa"):
            response = self.set_password(link, bad)
            self.assertEqual(response.status_code, 200, bad)
        dana = User.objects.get(username="dana.grigoryan")
        self.assertFalse(dana.has_usable_password())
