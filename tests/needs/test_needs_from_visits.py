"""A visit's needs become needs of the household, through sweeps' POST /api/sweeps/visits."""

from __future__ import annotations

from datetime import date
from typing import Any

from stranded.core.models import AuditEvent
from stranded.needs.models import Need, NeedEvent
from stranded.places.models import Address
from stranded.sweeps.models import Visit
from tests.needs.base import NeedsTestCase


class NeedsFromVisitsTests(NeedsTestCase):
    def post_visit(self, **extra: Any) -> Any:
        self.login(self.field_member)
        response = self.api_post("/api/sweeps/visits", self.visit_data(self.cell, **extra))
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def test_each_need_of_a_visit_becomes_a_need_of_the_household(self) -> None:
        visit = self.post_visit(
            needs=[
                {"kind": "medicines", "urgency": "critical", "note": "insulin"},
                {"kind": "gas_heating", "urgency": "high"},
            ]
        )
        address = Address.objects.get()
        needs = {n.kind: n for n in Need.objects.all()}
        self.assertEqual(set(needs), {"medicines", "gas_heating"})
        medicines = needs["medicines"]
        self.assertEqual(
            (
                medicines.urgency,
                medicines.note,
                medicines.status,
                medicines.area,
                medicines.address,
                str(medicines.visit_id),
                medicines.due_before,
                medicines.created_by,
            ),
            (
                "critical",
                "insulin",
                "open",
                self.cell,
                address,
                visit["id"],
                date(2023, 11, 15),
                self.field_member,
            ),
        )
        self.assertEqual(
            list(NeedEvent.objects.filter(need=medicines).values_list("verb", "visit_id")),
            [("created", medicines.visit_id)],
        )
        self.assertEqual(AuditEvent.objects.filter(verb="need.recorded").count(), 2)

    def test_an_active_need_of_the_same_kind_at_the_address_is_not_doubled(self) -> None:
        self.post_visit(needs=[{"kind": "drinking_water", "urgency": "medium"}])
        second = self.post_visit(
            needs=[
                {"kind": "drinking_water", "urgency": "critical"},
                {"kind": "food", "urgency": "low"},
            ]
        )
        self.assertEqual(Need.objects.filter(kind="drinking_water").count(), 1)
        water = Need.objects.get(kind="drinking_water")
        self.assertEqual(water.urgency, "critical")
        history = list(
            NeedEvent.objects.filter(need=water).values_list("verb", "urgency", "visit_id")
        )
        second_visit = Visit.objects.get(pk=second["id"]).pk
        self.assertEqual(
            [h[:2] for h in history],
            [("created", "medium"), ("seen_again", "medium"), ("urgency_raised", "critical")],
        )
        self.assertEqual(history[1][2], second_visit)
        self.assertEqual(Need.objects.filter(kind="food").count(), 1)
        seen = AuditEvent.objects.get(verb="need.seen_again")
        self.assertEqual(seen.detail["urgency"], ["medium", "critical"])

    def test_a_lower_urgency_seen_again_keeps_the_higher_one(self) -> None:
        self.post_visit(needs=[{"kind": "food", "urgency": "high"}])
        self.post_visit(needs=[{"kind": "food", "urgency": "low"}])
        need = Need.objects.get()
        self.assertEqual(need.urgency, "high")
        self.assertEqual(
            list(need.events.values_list("verb", flat=True)), ["created", "seen_again"]
        )

    def test_a_referred_need_is_still_active_and_not_doubled(self) -> None:
        self.post_visit(needs=[{"kind": "electricity"}])
        need = Need.objects.get()
        self.change(self.coordinator, need, status="referred", partner="ICRC water and habitat")
        self.post_visit(needs=[{"kind": "electricity"}])
        self.assertEqual(Need.objects.count(), 1)

    def test_a_met_need_seen_again_is_a_new_need(self) -> None:
        self.post_visit(needs=[{"kind": "food"}])
        self.change(self.coordinator, Need.objects.get(), status="met")
        self.post_visit(needs=[{"kind": "food"}])
        self.assertEqual(sorted(Need.objects.values_list("status", flat=True)), ["met", "open"])

    def test_another_address_gets_its_own_need(self) -> None:
        self.post_visit(needs=[{"kind": "food"}])
        self.post_visit(address="Tumanyan 5", needs=[{"kind": "food"}])
        self.assertEqual(Need.objects.count(), 2)
        self.assertEqual(Address.objects.count(), 2)

    def test_a_bad_need_in_a_visit_saves_nothing(self) -> None:
        self.login(self.field_member)
        data = self.visit_data(self.cell, needs=[{"kind": "wifi"}])
        response = self.api_post("/api/sweeps/visits", data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("needs[1].kind: 'wifi' is not one of", response.json()["detail"])
        self.assertEqual((Visit.objects.count(), Need.objects.count()), (0, 0))

    def test_the_first_frost_is_the_operations_setting(self) -> None:
        self.operation.settings = {"first_frost": "2023-11-01"}
        self.operation.save()
        self.post_visit(needs=[{"kind": "winter_clothing_fuel"}])
        self.assertEqual(Need.objects.get().due_before, date(2023, 11, 1))

    def test_a_personal_need_names_the_only_person_met(self) -> None:
        person = {"given_name": "Arsen", "family_name": "Hakobyan", "condition": "needs_care"}
        needs = [{"kind": "medicines", "urgency": "high"}, {"kind": "food"}]
        self.post_visit(outcome="persons_present", persons=[person], needs=needs)
        medicines, food = Need.objects.get(kind="medicines"), Need.objects.get(kind="food")
        self.assertEqual(medicines.person.family_name, "Hakobyan")  # type: ignore[union-attr]
        self.assertIsNone(food.person)
        self.login(self.coordinator)
        listed = self.client.get(f"/api/needs/{medicines.pk}").json()
        self.assertEqual(listed["person_name"], "Arsen Hakobyan")

    def test_with_several_persons_met_the_need_stays_the_households(self) -> None:
        persons = [
            {"given_name": "Arsen", "family_name": "Hakobyan"},
            {"given_name": "Siranush", "family_name": "Hakobyan"},
        ]
        self.post_visit(
            outcome="persons_present",
            persons=persons,
            needs=[{"kind": "medical_care", "urgency": "critical"}],
        )
        need = Need.objects.get()
        self.assertIsNone(need.person)
        self.assertEqual(need.address, Address.objects.get())


class NeedOfWhichPersonTests(NeedsTestCase):
    def test_a_need_names_the_person_met_it_is_for_by_number(self) -> None:
        self.login(self.field_member)
        persons = [
            {"given_name": "Anahit", "family_name": "Petrosyan"},
            {"given_name": "Gevorg", "family_name": "Petrosyan"},
        ]
        response = self.api_post(
            "/api/sweeps/visits",
            self.visit_data(
                self.cell,
                outcome="persons_present",
                persons=persons,
                needs=[{"kind": "medicines", "person": 2}, {"kind": "food"}],
            ),
        )
        self.assertEqual(response.status_code, 201, response.content)
        medicines = Need.objects.select_related("person").get(kind="medicines")
        assert medicines.person is not None
        self.assertEqual(medicines.person.given_name, "Gevorg")
        self.assertIsNone(Need.objects.get(kind="food").person)
        wrong = self.api_post(
            "/api/sweeps/visits",
            self.visit_data(
                self.cell,
                outcome="persons_present",
                persons=persons,
                needs=[{"kind": "medicines", "person": 3}],
            ),
        )
        self.assertEqual(wrong.status_code, 422)
        self.assertIn("needs[1].person: 3 is outside 1..2", wrong.content.decode())
