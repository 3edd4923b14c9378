"""Recording a need by hand: for an area, a household or a person; the area derived; errors
name the field."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from stranded.core.inputs import InputError
from stranded.core.models import AuditEvent
from stranded.needs.forms import NeedForm
from stranded.needs.models import Need
from stranded.tracing.models import Person
from tests.needs.base import NeedsTestCase


class RecordNeedTests(NeedsTestCase):
    def test_it_records_an_area_level_need_in_a_village(self) -> None:
        self.login(self.coordinator)
        data = {
            "kind": "drinking_water",
            "area": "V-SHOSH",
            "urgency": "critical",
            "note": "well dry",
        }
        response = self.api_post("/api/needs/", data)
        self.assertEqual(response.status_code, 201, response.content)
        need = Need.objects.get()
        self.assertEqual(
            (need.area, need.address, need.person, need.urgency, need.due_before),
            (self.village, None, None, "critical", date(2023, 11, 15)),
        )
        self.assertEqual(response.json()["history"][0]["verb"], "created")
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="need.recorded", target_id=str(need.pk), actor=self.coordinator
            ).exists()
        )

    def test_the_area_comes_from_the_household_or_the_person(self) -> None:
        address = self.create_address(area=self.village)
        person = Person.objects.create(
            operation=self.operation, family_name="Petrosyan", area=self.cell
        )
        self.login(self.coordinator)
        by_address = self.api_post("/api/needs/", {"kind": "shelter", "address": str(address.pk)})
        self.assertEqual(by_address.json()["area"], "V-SHOSH")
        by_person = self.api_post(
            "/api/needs/",
            {"kind": "mobility_aid", "person": str(person.pk), "due_before": "2023-10-20"},
        )
        self.assertEqual(by_person.status_code, 201)
        self.assertEqual(
            (
                by_person.json()["area"],
                by_person.json()["due_before"],
                by_person.json()["person_name"],
            ),
            (self.cell.code, "2023-10-20", "Petrosyan"),
        )

    def test_errors_name_the_field_and_save_nothing(self) -> None:
        self.login(self.coordinator)
        cases = [
            ({"kind": "food"}, "area: give the area, the household (address), the person or"),
            ({"kind": "wifi", "area": "V-SHOSH"}, "kind: 'wifi' is not one of"),
            ({"kind": "food", "area": "V-NOWHERE"}, "area: no area 'V-NOWHERE' in this operation"),
            (
                {"kind": "food", "area": "V-SHOSH", "due_before": "15.11.2023"},
                "due_before: '15.11.2023' is not a date (YYYY-MM-DD)",
            ),
            ({"kind": "food", "address": "nope"}, "address: 'nope' is not a reference"),
        ]
        for data, message in cases:
            response = self.api_post("/api/needs/", data)
            self.assertEqual(response.status_code, 422, data)
            self.assertIn(message, response.json()["detail"])
        self.assertEqual(Need.objects.count(), 0)

    def test_the_form_reports_every_fault_the_first_in_field_order(self) -> None:
        with self.assertRaises(InputError) as raised:
            NeedForm.check({"kind": "wifi", "due_before": "15.11.2023"})
        fields = [field for field, _message in raised.exception.errors]
        self.assertEqual(fields, ["kind", "due_before", "area"])
        self.assertEqual(raised.exception.field, "kind")

    def test_the_page_form_records_a_need(self) -> None:
        self.login(self.field_member)
        page = self.client.get(reverse("needs:new"))
        self.assertContains(page, "Empty: the first frost, 15 Nov 2023.")
        self.assertContains(page, f'<option value="{self.cell.code}">')
        self.assertNotContains(page, '<option value="V-SHOSH">')  # not held by the team
        response = self.client.post(
            reverse("needs:new"),
            {"kind": "food", "urgency": "high", "area": self.cell.code},
            follow=True,
        )
        self.assertContains(response, "Need recorded in " + self.cell.code)
        self.assertEqual(Need.objects.get().created_by, self.field_member)
        bad = self.client.post(reverse("needs:new"), {"kind": "food", "area": "V-SHOSH"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "area: V-SHOSH is not held by your team", status_code=400)

    def test_an_active_need_of_the_kind_at_the_household_is_not_recorded_twice(self) -> None:
        address = self.create_address()
        self.create_need("food", address=address)
        self.login(self.coordinator)
        refused = self.api_post("/api/needs/", {"kind": "food", "address": str(address.pk)})
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(
            refused.json()["detail"],
            "kind: an active food need is recorded at this household already; see it in the list",
        )
        other = self.api_post("/api/needs/", {"kind": "shelter", "address": str(address.pk)})
        self.assertEqual(other.status_code, 201)
        self.assertEqual(Need.objects.filter(address=address).count(), 2)
