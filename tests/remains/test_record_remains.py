"""Recording a body: a unique code at once, with its 'found' event, from a form, the API or a
visit; bad input names the field and saves nothing."""

from __future__ import annotations

import re

from stranded.core.models import AuditEvent
from stranded.remains.models import CustodyEvent, Remains
from stranded.sweeps.models import Visit
from tests.remains.base import RemainsTestCase


class RecordRemainsTests(RemainsTestCase):
    def test_it_records_a_body_with_a_code_and_its_found_event(self) -> None:
        response = self.post_json(
            self.field_member,
            "/api/remains/",
            {
                "area": self.cell.code,
                "found_where": "Tumanyan 3, cellar",
                "sex": "male",
                "age_min": 70,
                "age_max": 85,
                "document_names": "Arsen Hakobyan",
                "effects": "wedding ring, glasses",
                "condition": "intact",
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["code"], "TES-TA-0001")  # "Test operation", "Team A", first body
        remains = Remains.objects.get()
        self.assertEqual(
            (remains.team, remains.area, remains.found_by),
            (self.team, self.cell, self.field_member),
        )
        self.assertEqual(remains.age_range, "70-85")
        event = CustodyEvent.objects.get()
        self.assertEqual((event.kind, event.where), ("found", "Tumanyan 3, cellar"))
        self.assertEqual(
            (body["current_kind"], body["current_where"]), ("found", "Tumanyan 3, cellar")
        )
        audit = AuditEvent.objects.get(verb="remains.recorded")
        self.assertEqual(audit.detail["code"], "TES-TA-0001")
        self.assertNotIn("Hakobyan", str(audit.detail))

    def test_codes_follow_the_sequence_and_the_operation_prefix(self) -> None:
        self.operation.settings = {"remains_prefix": "KHK"}
        self.operation.save()
        first = self.create_remains()
        second = self.create_remains(by=self.coordinator)
        self.assertEqual(first.code, "KHK-TA-0001")
        self.assertEqual(second.code, "KHK-T0-0002")  # the coordinator belongs to no team

    def test_the_page_form_records_a_body_and_shows_its_record(self) -> None:
        self.login(self.field_member)
        response = self.client.post(
            "/remains/new/",
            {
                "area": self.cell.code,
                "found_where": "Mashtots 8, stairwell",
                "sex": "female",
                "age_min": "60",
                "age_max": "70",
            },
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        remains = Remains.objects.get()
        self.assertContains(response, f"Remains {remains.code}")
        self.assertContains(response, "Mashtots 8, stairwell")
        self.assertEqual(remains.sex, "female")

    def test_bad_input_names_the_field_and_saves_nothing(self) -> None:
        response = self.post_json(
            self.field_member,
            "/api/remains/",
            {
                "area": self.cell.code,
                "found_where": "Tumanyan 3",
                "age_min": 80,
                "age_max": 60,
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"], "age_max: 60 is below the minimum age 80")
        self.login(self.field_member)
        page = self.client.post("/remains/new/", {"area": self.cell.code, "sex": "x"})
        self.assertEqual(page.status_code, 400)
        self.assertContains(page, "sex: &#x27;x&#x27; is not one of", status_code=400)
        self.assertEqual((Remains.objects.count(), CustodyEvent.objects.count()), (0, 0))

    def test_a_field_member_cannot_record_in_an_area_the_team_does_not_hold(self) -> None:
        data = {"area": self.cell.code, "found_where": "Tumanyan 3"}
        response = self.post_json(self.other_field_member, "/api/remains/", data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("is not one of your areas", response.json()["detail"])
        self.assertEqual(Remains.objects.count(), 0)

    def test_a_visit_with_remains_creates_one_record_per_body(self) -> None:
        data = self.visit_data(
            self.cell,
            outcome="deceased_found",
            address="Tumanyan 5",
            remains=[{"count": 2, "condition": "decomposed", "effects": "passport, keys"}],
        )
        response = self.post_json(self.field_member, "/api/sweeps/visits", data)
        self.assertEqual(response.status_code, 201, response.content)
        visit = Visit.objects.get()
        rows = list(Remains.objects.order_by("sequence"))
        self.assertEqual([r.code for r in rows], ["TES-TA-0001", "TES-TA-0002"])
        for remains in rows:
            self.assertEqual(
                (remains.visit, remains.address, remains.team, remains.area),
                (visit, visit.address, self.team, self.cell),
            )
            self.assertEqual((remains.found_at, remains.lat), (visit.visited_at, visit.lat))
            self.assertEqual(remains.effects, "passport, keys")
            event = remains.events.get()
            self.assertEqual((event.kind, event.where), ("found", "Tumanyan 5"))
        self.assertTrue(re.fullmatch(r"TES-TA-\d{4}", rows[0].code))

    def test_a_visit_outcome_deceased_found_without_detail_records_one_body(self) -> None:
        self.login(self.field_member)
        response = self.client.post(
            "/sweeps/visits/new/",
            {
                "area": self.cell.code,
                "address": "Nzhdeh 2",
                "outcome": "deceased_found",
                "remains_condition": "intact",
            },
        )
        self.assertEqual(response.status_code, 302)
        remains = Remains.objects.get()
        self.assertEqual((remains.condition, remains.current_where), ("intact", "Nzhdeh 2"))
