"""Every state of an area through HTTP: assign, start, swept, due, released, expired."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from stranded.core.models import AuditEvent
from stranded.fieldwork.actions import record_field_visit
from stranded.places.models import Area, AreaState
from stranded.sweeps.coverage import recompute
from stranded.sweeps.models import AreaEvent
from stranded.tracing.models import Person
from tests.sweeps.base import SweepsTestCase


class AreaTransitionTests(SweepsTestCase):
    def assign(self, area: Area, team_id: object, **extra: object) -> object:
        self.login(self.coordinator)
        url = reverse("sweeps:area-assign", args=[area.pk])
        return self.client.post(url, {"team": str(team_id), **extra})

    def test_it_assigns_an_area_with_a_lock(self) -> None:
        self.assign(self.cell, self.team.pk, hours=4)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.ASSIGNED)
        self.assertEqual(self.cell.team, self.team)
        remaining = self.cell.lock_expires_at - timezone.now()
        self.assertGreater(remaining, timedelta(hours=3, minutes=59))
        self.assertLessEqual(remaining, timedelta(hours=4))
        self.assertEqual(self.cell.events.first().verb, AreaEvent.Verb.ASSIGNED)
        self.assertTrue(AuditEvent.objects.filter(verb="area.assigned").exists())

    def test_it_refuses_a_second_team_while_locked(self) -> None:
        self.assign(self.cell, self.team.pk)
        response = self.assign(self.cell, self.other_team.pk)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.team, self.team)
        self.assertContains(self.client.get(response.url), "is held by Team A")

    def test_a_first_visit_starts_the_area_and_swept_counts_outcomes(self) -> None:
        self.assign(self.cell, self.team.pk)
        self.login(self.field_member)
        response = self.client.post(
            reverse("sweeps:visit-new"),
            {
                "area": self.cell.code,
                "address": "Tumanyan 3",
                "outcome": "persons_present",
                "p0-family_name": "Petrosyan",
                "p0-given_name": "Anahit",
                "p0-condition": "needs_care",
                "electricity": "not_working",
                "water": "working",
                "gas": "not_working",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.IN_PROGRESS)
        self.client.post(reverse("sweeps:area-complete", args=[self.cell.pk]))
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.SWEPT)
        self.assertEqual(self.cell.last_swept_by, self.team)
        self.assertIsNone(self.cell.team)
        self.assertEqual(self.cell.last_outcome, {"visits": 1, "persons": 1, "persons_present": 1})
        person = Person.objects.get(family_name="Petrosyan")
        self.assertEqual(person.area, self.cell)

    def test_release_returns_to_not_reached(self) -> None:
        self.assign(self.cell, self.team.pk)
        self.client.post(reverse("sweeps:area-release", args=[self.cell.pk]))
        self.cell.refresh_from_db()
        self.assertEqual((self.cell.state, self.cell.team), (AreaState.NOT_REACHED, None))
        self.assertEqual(self.cell.events.first().verb, AreaEvent.Verb.RELEASED)

    def test_an_expired_lock_is_released_by_recompute(self) -> None:
        self.assign(self.cell, self.team.pk)
        Area.objects.filter(pk=self.cell.pk).update(
            lock_expires_at=timezone.now() - timedelta(minutes=1)
        )
        self.assertEqual(recompute(self.operation)["expired"], 1)
        self.cell.refresh_from_db()
        self.assertEqual((self.cell.state, self.cell.team), (AreaState.NOT_REACHED, None))
        self.assertEqual(self.cell.events.first().verb, AreaEvent.Verb.EXPIRED)

    def test_a_new_lead_after_the_sweep_makes_the_area_due(self) -> None:
        self.assign(self.cell, self.team.pk)
        record_field_visit(
            source="browser",
            operation=self.operation,
            data=self.visit_data(self.cell),
            by=self.coordinator,
        )
        self.client.post(reverse("sweeps:area-complete", args=[self.cell.pk]))
        self.assertEqual(recompute(self.operation)["due"], 0)
        from stranded.tracing.actions import create_lead, open_inquiry

        inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"inquirer_name": "Ani"},
            sought={
                "family_name": "Sargsyan",
                "given_name": "Hrant",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            channel="phone",
            by=self.coordinator,
        )
        if not inquiry.leads.exists():
            create_lead(inquiry=inquiry, by=self.coordinator)
        self.assertEqual(recompute(self.operation)["due"], 1)
        self.cell.refresh_from_db()
        self.assertEqual(self.cell.state, AreaState.DUE)
        self.assertEqual(self.cell.due_reason, "new_lead")
        self.assertEqual(self.cell.due_reason_text, "new lead since the sweep")
        self.assertIn(["leads", 1], self.cell.priority_reasons)
        self.assertIn("1 open lead", self.cell.priority_reason_texts)
        with translation.override("ru"):
            self.assertIn("непроверенных сведений: 1", self.cell.priority_reason_texts)
        self.login(self.coordinator)
        areas = self.client.get("/api/sweeps/areas?state=due", headers={"accept-language": "hy"})
        [area] = areas.json()
        self.assertEqual(area["due_reason"], "շրջայցից հետո նոր ստուգվող տեղեկություն")
        self.assertIn("1 բաց ստուգվող տեղեկություն", area["priority_reasons"])

    def test_vulnerable_persons_and_an_old_sweep_make_it_due(self) -> None:
        Person.objects.create(
            operation=self.operation, family_name="Aghayan", bedridden=True, area=self.village
        )
        Area.objects.filter(pk=self.village.pk).update(
            state=AreaState.SWEPT, last_swept_at=timezone.now() - timedelta(hours=50)
        )
        recompute(self.operation)
        self.village.refresh_from_db()
        self.assertEqual(self.village.state, AreaState.DUE)
        self.assertEqual(self.village.due_reason, "vulnerable")
        self.assertEqual(
            self.village.due_reason_text, "vulnerable persons known, last swept 50 h ago"
        )
        self.assertIn(["swept", 50], self.village.priority_reasons)
