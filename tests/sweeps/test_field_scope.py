"""One rule for what a field member sees: personal data in the areas the team holds now."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from stranded.sweeps.actions import assign_area, release_area
from stranded.sweeps.models import Visit
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Lead, Note
from tests.sweeps.base import SweepsTestCase


class FieldScopeTests(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        assign_area(area=self.village, team=self.other_team, by=self.coordinator)

    def post_visit(self, user: Any, data: dict[str, Any]) -> Any:
        self.login(user)
        return self.client.post("/api/sweeps/visits", data, content_type="application/json")

    def lead_in(self, area: Any, name: str) -> Lead:
        inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": name,
                "family_name": "Hakobyan",
                "address": "Shosh 4",
                "lat": area.center_lat,
                "lon": area.center_lon,
            },
            by=self.tracing_officer,
        )
        return Lead.objects.get(inquiry=inquiry)

    def test_it_refuses_another_teams_lead_on_a_visit(self) -> None:
        lead = self.lead_in(self.village, "Arsen")
        self.assertEqual(lead.area, self.village)
        notes_before = Note.objects.count()
        response = self.post_visit(self.field_member, self.visit_data(self.cell, lead=str(lead.pk)))
        self.assertEqual(response.status_code, 404, response.content)
        self.assertIn("lead", response.json()["detail"])
        lead.refresh_from_db()
        self.assertEqual(lead.status, Lead.Status.OPEN)
        self.assertEqual(Note.objects.count(), notes_before)
        self.assertFalse(Visit.objects.exists())

    def test_it_takes_the_teams_own_lead(self) -> None:
        lead = self.lead_in(self.cell, "Arsen")
        response = self.post_visit(self.field_member, self.visit_data(self.cell, lead=str(lead.pk)))
        self.assertEqual(response.status_code, 201, response.content)
        lead.refresh_from_db()
        self.assertEqual(lead.status, Lead.Status.VISITED)

    def test_it_lists_only_the_teams_leads_on_the_new_visit_page(self) -> None:
        mine, theirs = self.lead_in(self.cell, "Arsen"), self.lead_in(self.village, "Gor")
        self.login(self.field_member)
        leads = self.client.get(reverse("sweeps:visit-new")).context["leads"]
        self.assertEqual([lead.pk for lead in leads], [mine.pk])
        self.assertNotEqual(mine.pk, theirs.pk)

    def test_it_hides_names_met_outside_the_teams_areas_on_its_own_visit(self) -> None:
        person = {"given_name": "Arsen", "family_name": "Zakaryan", "condition": "well"}
        response = self.post_visit(
            self.field_member,
            self.visit_data(self.cell, outcome="persons_present", persons=[person]),
        )
        visit = Visit.objects.get(pk=response.json()["id"])
        [person_id] = response.json()["persons"]
        url = reverse("sweeps:visit-detail", args=[visit.pk])
        self.assertContains(self.client.get(url), "Zakaryan")
        release_area(area=self.cell, by=self.coordinator)
        # The team's own visit is still listed, but the person is now outside its areas.
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Zakaryan")
        self.assertContains(page, "outside your areas")
        person_page = self.client.get(reverse("tracing:person-detail", args=[person_id]))
        self.assertEqual(person_page.status_code, 404)
        api = self.client.get(f"/api/sweeps/visits/{visit.pk}")
        self.assertEqual(api.json()["persons"], [])
        self.login(self.coordinator)
        self.assertContains(self.client.get(url), "Zakaryan")
