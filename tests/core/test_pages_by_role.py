from django.urls import reverse

from stranded.core.models import Membership, User
from tests.base import PASSWORD, StrandedTestCase


class DashboardTests(StrandedTestCase):
    def test_it_shows_the_dashboard_to_roles_with_operational_work(self) -> None:
        ok = {
            "coordinator": 200,
            "tracing_officer": 200,
            "field_member": 200,
            "liaison": 200,
            "driver": 302,
            "auditor": 302,
            "admin": 302,
        }
        self.assert_status_by_role("get", reverse("core:dashboard"), ok)

    def test_it_lands_every_other_role_on_its_own_start_page(self) -> None:
        for user, page in (
            (self.driver, "evacuation:my-trip"),
            (self.auditor, "core:audit-log"),
            (self.admin, "core:users"),
        ):
            self.login(user)
            response = self.client.get(reverse("core:dashboard"))
            self.assertRedirects(response, reverse(page))
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("core:dashboard")).status_code, 404)

    def test_it_sends_anonymous_visitors_to_login(self) -> None:
        response = self.client.get(reverse("core:dashboard"))
        self.assertRedirects(response, reverse("core:login") + "?next=/")

    def test_it_lists_teams_with_member_counts(self) -> None:
        self.login(self.field_member)
        response = self.client.get(reverse("core:dashboard"))
        teams = next(c for c in response.context["cards"] if c.title == "Teams").context["teams"]
        self.assertEqual([(t.name, t.member_count) for t in teams], [("Team A", 2), ("Team B", 1)])
        self.assertContains(response, "your team")

    def test_it_marks_synthetic_data_on_every_page(self) -> None:
        self.login(self.coordinator)
        self.assertContains(self.client.get(reverse("core:dashboard")), "SYNTHETIC DATA")
        self.login(self.foreign_coordinator)
        self.assertNotContains(self.client.get(reverse("core:dashboard")), "SYNTHETIC DATA")


class OperationSettingsTests(StrandedTestCase):
    def test_it_is_for_coordinators_only(self) -> None:
        self.assert_status_by_role("get", reverse("core:operation-settings"), {"coordinator": 200})

    def test_it_changes_the_place_display_policy(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("core:operation-settings"),
            {"place_display": "hy", "center_lat": "39.8", "center_lon": "46.75"},
        )
        self.assertRedirects(response, reverse("core:operation-settings"))
        self.operation.refresh_from_db()
        self.assertEqual(self.operation.place_display, "hy")
        [event] = self.events(verb="operation.updated")
        self.assertEqual(event.detail, {"fields": ["center_lat", "center_lon", "place_display"]})

    def test_it_refuses_an_unknown_policy(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(reverse("core:operation-settings"), {"place_display": "xx"})
        self.assertEqual(response.status_code, 200)
        self.operation.refresh_from_db()
        self.assertEqual(self.operation.place_display, "both")


class UsersPageTests(StrandedTestCase):
    def test_it_is_for_admins_only(self) -> None:
        self.assert_status_by_role("get", reverse("core:users"), {"admin": 200})

    def test_it_creates_a_user_with_a_role_and_team(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("core:users"), {"username": "medic", "role": "driver", "team": self.team.pk}
        )
        self.assertContains(response, "/set-password/")
        membership = Membership.objects.get(user__username="medic")
        self.assertEqual((membership.role, membership.team), ("driver", self.team))
        self.assertFalse(membership.user.has_usable_password())
        self.assertEqual([e.detail for e in self.events(verb="user.created")], [{"role": "driver"}])

    def test_it_takes_no_password_from_the_admin(self) -> None:
        self.login(self.admin)
        self.client.post(
            reverse("core:users"),
            {"username": "medic", "role": "driver", "password": "the-admins-choice-1"},
        )
        self.assertFalse(User.objects.get(username="medic").check_password("the-admins-choice-1"))

    def test_it_deactivates_a_user_who_then_cannot_log_in(self) -> None:
        self.login(self.admin)
        url = reverse("core:user-active", args=[self.driver.uuid])
        self.assertRedirects(self.client.post(url, {"active": "0"}), reverse("core:users"))
        self.client.logout()
        self.client.post(reverse("core:login"), {"username": "driver", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(
            [e.target_id for e in self.events(verb="user.deactivated")], [str(self.driver.pk)]
        )

    def test_it_does_not_reach_users_of_other_operations(self) -> None:
        self.login(self.admin)
        url = reverse("core:user-active", args=[self.foreign_coordinator.uuid])
        self.assertEqual(self.client.post(url, {"active": "0"}).status_code, 404)
        self.foreign_coordinator.refresh_from_db()
        self.assertTrue(self.foreign_coordinator.is_active)


class ApiMeTests(StrandedTestCase):
    def test_it_tells_role_and_permissions(self) -> None:
        self.login(self.driver)
        data = self.client.get("/api/core/me").json()
        self.assertEqual(data["role"], "driver")
        self.assertEqual(
            data["permissions"], ["evacuation.handover", "evacuation.own_trip", "places.view"]
        )

    def test_it_refuses_anonymous_callers(self) -> None:
        self.assertEqual(self.client.get("/api/core/me").status_code, 401)

    def test_api_docs_are_served(self) -> None:
        self.login(self.coordinator)
        schema = self.client.get("/api/openapi.json").json()
        self.assertIn("/api/core/me", schema["paths"])


class OperationRulesTests(StrandedTestCase):
    def test_the_coordinator_sets_the_rules_of_the_operation_and_blank_means_default(self) -> None:
        self.login(self.coordinator)
        form = {
            "place_display": "en",
            "center_lat": "39.8",
            "center_lon": "46.75",
            "sweep_lock_hours": "6",
            "first_frost": "2023-11-01",
            "sharing_min_count": "10",
            "evacuation_speed_kmh": "",
        }
        response = self.client.post(reverse("core:operation-settings"), form)
        self.assertRedirects(response, reverse("core:operation-settings"))
        self.operation.refresh_from_db()
        self.assertEqual(
            self.operation.settings,
            {"sweep_lock_hours": 6, "first_frost": "2023-11-01", "sharing_min_count": 10},
        )
        [event] = self.events(verb="operation.updated")
        self.assertEqual(
            event.detail["fields"],
            [
                "center_lat",
                "center_lon",
                "first_frost",
                "place_display",
                "sharing_min_count",
                "sweep_lock_hours",
            ],
        )
        form["sweep_lock_hours"] = ""
        self.client.post(reverse("core:operation-settings"), form)
        self.operation.refresh_from_db()
        self.assertNotIn("sweep_lock_hours", self.operation.settings)
        page = self.client.get(reverse("core:operation-settings"))
        self.assertContains(page, 'value="2023-11-01"')

    def test_out_of_range_rules_are_refused_by_name(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("core:operation-settings"),
            {
                "place_display": "en",
                "center_lat": "39.8",
                "center_lon": "46.75",
                "sweep_lock_hours": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("sweep_lock_hours", response.context["form"].errors)
        self.operation.refresh_from_db()
        self.assertEqual(self.operation.settings, {})
