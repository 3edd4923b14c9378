"""Bulk work: a coordinator ticks several areas in the coverage table and assigns them to one
team at once; all or none (an area held by another team is named, nothing assigned)."""

from __future__ import annotations

from django.urls import reverse

from stranded.places.models import Area
from stranded.sweeps.actions import assign_area
from stranded.sweeps.models import AreaEvent
from tests.sweeps.base import SweepsTestCase


class AssignSeveralAreasTests(SweepsTestCase):
    def setUp(self) -> None:
        self.areas = list(
            Area.objects.filter(operation=self.operation, kind="cell").order_by("code")[:3]
        )
        self.url = reverse("sweeps:areas-assign")

    def post(self, areas: list[Area]) -> object:
        data = {"team": str(self.team.pk), "area": [str(a.pk) for a in areas]}
        return self.client.post(self.url, data, follow=True)

    def test_it_assigns_the_ticked_areas_to_the_team(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("sweeps:coverage"))
        self.assertContains(page, 'form="bulk-assign"')
        response = self.post(self.areas)
        self.assertContains(response, "3 areas assigned to Team A.")
        held = Area.objects.filter(pk__in=[a.pk for a in self.areas])
        self.assertEqual({(a.team_id, a.state) for a in held}, {(self.team.pk, "assigned")})
        self.assertEqual(AreaEvent.objects.filter(verb="assigned").count(), 3)

    def test_all_or_none_when_one_is_held_by_another_team(self) -> None:
        assign_area(area=self.areas[1], team=self.other_team, by=self.coordinator)
        self.login(self.coordinator)
        response = self.post(self.areas)
        self.assertContains(response, f"Nothing assigned: {self.areas[1].code} is held by Team B")
        self.assertFalse(Area.objects.filter(team=self.team).exists())

    def test_other_roles_cannot_assign(self) -> None:
        for user in (self.field_member, self.tracing_officer, self.liaison, self.driver):
            self.login(user)
            data = {"team": str(self.team.pk), "area": [str(self.areas[0].pk)]}
            self.assertEqual(self.client.post(self.url, data).status_code, 404)
        self.assertFalse(Area.objects.filter(team=self.team).exists())
