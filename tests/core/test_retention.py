"""Retention: once an operation has ended and its retention period passed, the personal data of
closed cases is pseudonymised (names, phones, documents, addresses replaced; rows, counts and
the audit log kept), audited, idempotent; a dry run changes nothing."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from stranded.animals.actions import close_pet_inquiry, open_pet_inquiry
from stranded.animals.models import PetInquiry
from stranded.core.models import AuditEvent
from stranded.tracing.actions import add_note, close_inquiry, open_inquiry
from stranded.tracing.models import Inquiry, Lead, Note, Person
from tests.base import StrandedTestCase

SOUGHT = {
    "given_name": "Arsen",
    "family_name": "Hakobyan",
    "birth_year": 1941,
    "sex": "male",
    "address": "Tumanyan 3",
    "lat": 39.8155,
    "lon": 46.7519,
}


class RetentionTests(StrandedTestCase):
    def setUp(self) -> None:
        self.closed = open_inquiry(
            operation=self.operation,
            channel="phone",
            by=self.tracing_officer,
            inquirer={"name": "Lusine Hakobyan", "contact": "+374 91 000000"},
            sought={**SOUGHT, "phone": "+374 10 555555", "document_number": "AM1234567"},
        )
        add_note(
            person=self.closed.sought, text="Seen by Lusine at Tumanyan 3", by=self.tracing_officer
        )
        close_inquiry(inquiry=self.closed, reason="Lusine found him", by=self.tracing_officer)
        self.open = open_inquiry(
            operation=self.operation,
            channel="phone",
            by=self.tracing_officer,
            inquirer={"name": "Gohar Petrosyan"},
            sought={**SOUGHT, "given_name": "Anahit", "family_name": "Petrosyan"},
        )
        pet = open_pet_inquiry(
            operation=self.operation,
            by=self.tracing_officer,
            data={
                "inquirer_name": "Lusine Hakobyan",
                "inquirer_contact": "+374 91 000000",
                "species": "dog",
                "colour": "black",
                "lat": 39.81,
                "lon": 46.75,
            },
        )
        self.pet = close_pet_inquiry(inquiry=pet, by=self.coordinator, reason="owner found")

    def end_operation(self, ended_on: str = "2023-12-01", days: int = 30) -> None:
        self.operation.settings.update({"ended_on": ended_on, "retention_days": days})
        self.operation.save()

    def run_retention(self, *flags: str) -> dict[str, object]:
        out = StringIO()
        call_command("retention", "run", "--json", *flags, stdout=out)
        return json.loads(out.getvalue())

    def test_a_dry_run_counts_what_is_due_and_changes_nothing(self) -> None:
        self.end_operation()
        result = self.run_retention("--dry-run")
        counts = result["operations"]["Test operation"]  # type: ignore[index]
        self.assertEqual(
            counts,
            {
                "tracing.person": 1,
                "tracing.note": 2,
                "tracing.inquiry": 1,
                "tracing.lead": 1,
                "animals.petinquiry": 1,
            },
        )
        self.closed.sought.refresh_from_db()
        self.assertEqual(self.closed.sought.family_name, "Hakobyan")
        self.assertFalse(AuditEvent.objects.filter(verb="retention.pseudonymised").exists())

    def test_it_pseudonymises_closed_cases_and_keeps_open_ones_and_counts(self) -> None:
        persons, inquiries = Person.objects.count(), Inquiry.objects.count()
        self.end_operation()
        self.run_retention()
        person = Person.objects.get(pk=self.closed.sought_id)
        self.assertEqual(
            (person.given_name, person.phone, person.document_number, person.address, person.lat),
            ("", "", "", "", None),
        )
        self.assertRegex(person.family_name, r"^P-[0-9A-F]{10}$")
        self.assertEqual((person.birth_year, person.sex, person.status != ""), (1941, "male", True))
        inquiry = Inquiry.objects.get(pk=self.closed.pk)
        self.assertRegex(inquiry.inquirer_name, r"^I-[0-9A-F]{10}$")
        self.assertEqual((inquiry.inquirer_contact, inquiry.closed_reason), ("", ""))
        notes = Note.objects.filter(person=person).values_list("text", flat=True)
        self.assertEqual(list(notes), ["[removed: retention]"] * 2)  # ours and the closing one
        self.assertEqual(Lead.objects.get(inquiry=inquiry).address, "")
        pet = PetInquiry.objects.get(pk=self.pet.pk)
        self.assertEqual((pet.inquirer_contact, pet.lat, pet.close_reason), ("", None, ""))
        kept = Person.objects.get(pk=self.open.sought_id)
        self.assertEqual((kept.given_name, kept.family_name), ("Anahit", "Petrosyan"))
        self.assertEqual(Inquiry.objects.get(pk=self.open.pk).inquirer_name, "Gohar Petrosyan")
        self.assertEqual(Lead.objects.get(inquiry=self.open).address, "Tumanyan 3")
        self.assertEqual((Person.objects.count(), Inquiry.objects.count()), (persons, inquiries))
        [event] = self.events(verb="retention.pseudonymised")
        self.assertEqual(event.target_id, str(self.operation.pk))
        self.assertEqual(event.detail["counts"]["tracing.person"], 1)
        self.assertEqual(event.detail["due_on"], "2023-12-31")
        self.assertNotIn("Hakobyan", json.dumps(event.detail))

    def test_a_second_run_finds_nothing_due(self) -> None:
        self.end_operation()
        self.run_retention()
        again = self.run_retention()
        self.assertEqual(set(again["operations"]["Test operation"].values()), {0})  # type: ignore[index]
        self.assertEqual(len(self.events(verb="retention.pseudonymised")), 1)

    def test_nothing_is_due_before_the_end_and_the_period(self) -> None:
        self.assertEqual(self.run_retention()["operations"], {})
        self.end_operation(ended_on="2099-01-01")
        self.assertEqual(self.run_retention()["operations"], {})
        self.closed.sought.refresh_from_db()
        self.assertEqual(self.closed.sought.family_name, "Hakobyan")

    def test_the_coordinator_sets_the_end_and_the_period(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            "/operation/settings/",
            {
                "place_display": "both",
                "center_lat": "39.8155",
                "center_lon": "46.7519",
                "ended_on": "2023-12-01",
                "retention_days": "30",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.operation.refresh_from_db()
        self.assertEqual(
            (self.operation.settings["ended_on"], self.operation.settings["retention_days"]),
            ("2023-12-01", 30),
        )
