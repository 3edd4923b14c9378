"""Who sees and changes needs: denial per role through pages and API, team scope, person names."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.needs.models import Need
from stranded.tracing.models import Person
from tests.needs.base import NeedsTestCase


class NeedsAccessTests(NeedsTestCase):
    def test_roles_without_needs_see_nothing(self) -> None:
        need = self.create_need()
        urls = [
            reverse("needs:index"),
            reverse("needs:list"),
            reverse("needs:detail", args=[need.pk]),
            reverse("needs:utilities"),
            reverse("needs:new"),
            reverse("needs:utilities-geojson"),
            "/api/needs/",
            f"/api/needs/{need.pk}",
            "/api/needs/summary",
        ]
        for user in (self.driver, self.liaison, self.auditor, self.admin, self.outsider):
            self.login(user)
            for url in urls:
                self.assertIn(self.client.get(url).status_code, (403, 404), f"{user} {url}")

    def test_roles_without_edit_cannot_change_or_create(self) -> None:
        need = self.create_need()
        for user in (
            self.tracing_officer,
            self.driver,
            self.liaison,
            self.auditor,
            self.admin,
            self.outsider,
        ):
            self.login(user)
            page = self.client.post(reverse("needs:status", args=[need.pk]), {"status": "met"})
            self.assertEqual(page.status_code, 404, user.username)
            api = self.api_post(f"/api/needs/{need.pk}/status", {"status": "met"})
            self.assertIn(api.status_code, (403, 404), user.username)
            created = self.api_post("/api/needs/", {"kind": "food", "area": self.cell.code})
            self.assertIn(created.status_code, (403, 404), user.username)
        self.assertEqual(Need.objects.get().status, "open")
        self.assertEqual(Need.objects.count(), 1)

    def test_a_coordinator_of_another_operation_sees_none_of_these_needs(self) -> None:
        need = self.create_need()
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.get(reverse("needs:detail", args=[need.pk])).status_code, 404)
        self.assertEqual(self.client.get("/api/needs/").json(), [])
        self.assertEqual(self.client.get("/api/needs/summary").json()["total"], 0)
        self.assertEqual(self.client.get(reverse("needs:utilities-geojson")).json()["features"], [])
        self.assertEqual(self.change(self.foreign_coordinator, need, status="met").status_code, 404)
        created = self.api_post("/api/needs/", {"kind": "food", "area": self.cell.code})
        self.assertEqual(
            created.json()["detail"], f"area: no area '{self.cell.code}' in this operation"
        )
        self.assertEqual(Need.objects.get().status, "open")

    def test_the_tracing_officer_reads_needs(self) -> None:
        need = self.create_need()
        self.login(self.tracing_officer)
        self.assertContains(
            self.client.get(reverse("needs:detail", args=[need.pk])), "Drinking water"
        )
        self.assertEqual([n["id"] for n in self.client.get("/api/needs/").json()], [str(need.pk)])

    def test_a_field_member_sees_only_needs_in_the_teams_held_areas(self) -> None:
        here = self.create_need("food")
        village = self.create_need("electricity", area=self.village)
        self.login(self.field_member)
        self.assertEqual([n["id"] for n in self.client.get("/api/needs/").json()], [str(here.pk)])
        self.assertEqual(self.client.get(f"/api/needs/{village.pk}").status_code, 404)
        denied = self.change(self.field_member, village, status="met")
        self.assertEqual(denied.status_code, 404)
        self.login(self.other_field_member)
        self.assertEqual(self.client.get("/api/needs/").json(), [])
        page = self.client.get(reverse("needs:detail", args=[here.pk]))
        self.assertEqual(page.status_code, 404)
        self.assertEqual(self.change(self.other_field_member, here, status="met").status_code, 404)
        self.assertEqual(Need.objects.get(pk=here.pk).status, "open")

    def test_a_field_member_cannot_record_a_need_outside_the_teams_areas(self) -> None:
        self.login(self.field_member)
        refused = self.api_post("/api/needs/", {"kind": "food", "area": "V-SHOSH"})
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(refused.json()["detail"], "area: V-SHOSH is not held by your team")
        made = self.api_post("/api/needs/", {"kind": "food", "area": self.cell.code})
        self.assertEqual(made.status_code, 201)
        self.assertEqual(Need.objects.get().area, self.cell)


class PersonNameTests(NeedsTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Lives in the village, not held by Team A; the need was recorded in the held cell.
        self.person = Person.objects.create(
            operation=self.operation, given_name="Anahit", family_name="Sargsyan", area=self.village
        )
        self.need = self.create_need("medicines", person=self.person)

    def reads(self, user: object) -> int:
        return AuditEvent.objects.filter(
            actor=user, verb="read", target_id=str(self.person.pk)
        ).count()

    def test_the_coordinator_sees_the_name_and_the_read_is_logged(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("needs:detail", args=[self.need.pk]))
        self.assertContains(page, "Anahit Sargsyan")
        self.assertEqual(self.reads(self.coordinator), 1)
        listed = self.client.get(reverse("needs:list"))
        self.assertContains(listed, "Anahit Sargsyan")
        self.assertEqual(self.reads(self.coordinator), 2)
        api = self.client.get("/api/needs/").json()
        self.assertEqual(api[0]["person_name"], "Anahit Sargsyan")
        self.assertEqual(self.reads(self.coordinator), 3)

    def test_a_field_member_outside_the_persons_area_sees_the_need_without_the_name(self) -> None:
        self.login(self.field_member)
        page = self.client.get(reverse("needs:detail", args=[self.need.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "a person (not in your scope)")
        self.assertNotContains(page, "Sargsyan")
        self.assertNotContains(self.client.get(reverse("needs:list")), "Sargsyan")
        api = self.client.get(f"/api/needs/{self.need.pk}").json()
        self.assertEqual((api["person_name"], api["person_id"]), (None, None))
        self.assertEqual(self.reads(self.field_member), 0)

    def test_a_field_member_holding_the_persons_area_sees_the_name(self) -> None:
        from stranded.sweeps.actions import assign_area

        assign_area(area=self.village, team=self.team, by=self.coordinator)
        self.login(self.field_member)
        self.assertContains(
            self.client.get(reverse("needs:detail", args=[self.need.pk])), "Anahit Sargsyan"
        )
        self.assertEqual(self.reads(self.field_member), 1)

    def test_linking_a_person_the_user_cannot_see_is_refused(self) -> None:
        self.login(self.field_member)
        refused = self.api_post(
            "/api/needs/", {"kind": "food", "person": str(self.person.pk), "area": self.cell.code}
        )
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(refused.json()["detail"], "person: no such person in this operation")
