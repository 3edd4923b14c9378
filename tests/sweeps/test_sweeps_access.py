"""Who may see and change areas: denial per role through pages and API."""

from __future__ import annotations

from django.urls import reverse

from stranded.places.models import AreaState
from tests.sweeps.base import SweepsTestCase


class AccessTests(SweepsTestCase):
    def test_only_coordinators_assign(self) -> None:
        url = reverse("sweeps:area-assign", args=[self.cell.pk])
        users = (
            self.field_member,
            self.tracing_officer,
            self.driver,
            self.liaison,
            self.auditor,
            self.admin,
            self.outsider,
            self.foreign_coordinator,
        )
        for user in users:
            self.login(user)
            response = self.client.post(url, {"team": str(self.team.pk)})
            self.assertEqual(response.status_code, 404, user.username)
            api = self.client.post(
                f"/api/sweeps/areas/{self.cell.pk}/assign",
                {"team_id": str(self.team.pk)},
                content_type="application/json",
            )
            self.assertIn(api.status_code, (403, 404), user.username)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.NOT_REACHED)

    def test_roles_without_areas_do_not_see_the_coverage(self) -> None:
        for user in (self.driver, self.liaison, self.auditor, self.admin, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(reverse("sweeps:coverage")).status_code, 404)
            self.assertEqual(self.client.get(reverse("sweeps:areas-geojson")).status_code, 404)

    def test_coverage_geojson_colours_by_state(self) -> None:
        self.login(self.coordinator)
        self.client.post(
            f"/api/sweeps/areas/{self.cell.pk}/assign",
            {"team_id": str(self.team.pk)},
            content_type="application/json",
        )
        data = self.client.get(reverse("sweeps:areas-geojson")).json()
        states = {
            f["properties"]["code"]: f["properties"]["state"]
            for f in data["features"]
            if "code" in f["properties"]
        }
        self.assertEqual(states[self.cell.code], "assigned")
        self.assertEqual(states["V-SHOSH"], "not_reached")
        self.assertEqual(len(states), 25)

    def test_a_foreign_coordinator_cannot_see_the_area(self) -> None:
        self.login(self.foreign_coordinator)
        page = self.client.get(reverse("sweeps:area-detail", args=[self.cell.pk]))
        self.assertEqual(page.status_code, 404)

    def test_a_field_member_completes_only_an_area_the_team_holds(self) -> None:
        from stranded.sweeps.actions import assign_area

        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        url = reverse("sweeps:area-complete", args=[self.cell.pk])
        self.login(self.other_field_member)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.ASSIGNED)
        self.login(self.field_member)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.SWEPT)
