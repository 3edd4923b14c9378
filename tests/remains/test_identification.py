"""Identification: candidates from the tracing matcher with scores; a tentative identification by
the field team; confirmation by a tracing officer makes the person deceased and leaves a
believed_dead note that the inquiry page shows (the family is not told by the system)."""

from __future__ import annotations

from stranded.core.models import AuditEvent
from stranded.remains.models import Remains
from stranded.tracing.actions import open_inquiry, record_person
from stranded.tracing.models import Inquiry, Note, Person
from tests.remains.base import RemainsTestCase


class IdentificationTests(RemainsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Lusine"},
            channel="phone",
            sought={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "birth_year": 1941,
                "sex": "male",
                "address": "Tumanyan 3",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
            },
            by=self.tracing_officer,
        )
        self.person = self.inquiry.sought
        self.remains = self.create_remains(
            document_names="Арсен Акопян", sex="male", age_min=78, age_max=86
        )

    def identify(self, user: object, status: str, method: str = "documents") -> object:
        data = {"status": status, "method": method, "person": str(self.person.pk)}
        return self.post_json(user, f"/api/remains/{self.remains.pk}/identification", data)  # type: ignore[arg-type]

    def test_the_record_page_lists_candidates_from_the_matcher_with_scores(self) -> None:
        record_person(
            operation=self.operation,
            data={"given_name": "Anahit", "family_name": "Sargsyan", "sex": "female"},
            source="field",
            status="believed_alive",
            by=self.coordinator,
        )
        self.login(self.tracing_officer)
        response = self.client.get(f"/remains/{self.remains.pk}/")
        candidates = response.context["candidates"]
        self.assertEqual([c["person"] for c in candidates], [self.person])
        self.assertGreater(candidates[0]["probability"], 0.5)
        self.assertEqual(candidates[0]["inquiries"], [self.inquiry])
        self.assertContains(response, self.inquiry.reference)
        reads = AuditEvent.objects.filter(verb="read", actor=self.tracing_officer)
        self.assertTrue(reads.filter(target_id=str(self.person.pk)).exists())
        self.assertTrue(reads.filter(target_id=str(self.remains.pk)).exists())

    def test_a_field_member_records_a_tentative_identification(self) -> None:
        response = self.identify(self.field_member, "tentative", "effects")
        self.assertEqual(response.status_code, 200, response.content)  # type: ignore[attr-defined]
        self.remains.refresh_from_db()
        self.assertEqual(
            (
                self.remains.id_status,
                self.remains.id_method,
                self.remains.identified_person,
                self.remains.identified_by,
            ),
            ("tentative", "effects", self.person, self.field_member),
        )
        self.person.refresh_from_db()
        self.assertNotEqual(self.person.status, "deceased")
        note = Note.objects.get(inquiry=self.inquiry, text__contains=self.remains.code)
        self.assertEqual(note.status, "")
        self.assertIn("tentatively identified", note.text)

    def test_a_field_member_cannot_confirm(self) -> None:
        response = self.identify(self.field_member, "confirmed")
        self.assertEqual(response.status_code, 404)  # type: ignore[attr-defined]
        self.remains.refresh_from_db()
        self.assertEqual(self.remains.id_status, "unidentified")

    def test_confirming_makes_the_person_deceased_and_the_inquiry_shows_it(self) -> None:
        response = self.identify(self.tracing_officer, "confirmed", "documents")
        self.assertEqual(response.status_code, 200, response.content)  # type: ignore[attr-defined]
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, "deceased")
        note = Note.objects.get(inquiry=self.inquiry, status="believed_dead")
        self.assertIn(f"Remains {self.remains.code} identified as this person", note.text)
        self.assertIn("The family has not been told", note.text)
        inquiry = Inquiry.objects.get(pk=self.inquiry.pk)
        self.assertEqual(inquiry.status, "open")  # the tracing officer closes it, not the system
        self.login(self.tracing_officer)
        page = self.client.get(f"/tracing/inquiries/{self.inquiry.pk}/")
        self.assertContains(page, "Believed dead")
        self.assertContains(page, f"Remains {self.remains.code} identified as this person")
        audit = AuditEvent.objects.get(verb="remains.identification")
        self.assertEqual(
            audit.detail,
            {"status": "confirmed", "method": "documents", "person": str(self.person.pk)},
        )

    def test_confirming_a_matched_person_reaches_the_inquiry_about_them(self) -> None:
        found = record_person(
            operation=self.operation,
            data={"given_name": "Arsen", "family_name": "Akopyan"},
            source="field",
            status="located",
            by=self.coordinator,
        )
        Inquiry.objects.filter(pk=self.inquiry.pk).update(matched_person=found)
        self.person = found
        self.identify(self.coordinator, "confirmed", "visual")
        note = Note.objects.get(inquiry=self.inquiry, status="believed_dead")
        self.assertEqual((note.person, note.linked_person), (self.inquiry.sought, found))
        statuses = set(
            Person.objects.filter(pk__in=[found.pk, self.inquiry.sought_id]).values_list(
                "status", flat=True
            )
        )
        self.assertEqual(statuses, {"deceased"})

    def test_withdrawing_a_confirmation_makes_the_person_missing_again(self) -> None:
        self.identify(self.tracing_officer, "confirmed")
        response = self.post_json(
            self.tracing_officer,
            f"/api/remains/{self.remains.pk}/identification",
            {"status": "unidentified"},
        )
        self.assertEqual(response.status_code, 200)
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, "believed_missing")
        self.assertTrue(Note.objects.filter(inquiry=self.inquiry, text__contains="withdrawn"))
        remains = Remains.objects.get(pk=self.remains.pk)
        self.assertIsNone(remains.identified_person)

    def test_bad_input_names_the_field(self) -> None:
        response = self.post_json(
            self.tracing_officer,
            f"/api/remains/{self.remains.pk}/identification",
            {"status": "confirmed", "person": str(self.person.pk)},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            f"{self.remains.code}: method: say how the body was identified",
        )

    def test_the_page_form_confirms(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            f"/remains/{self.remains.pk}/identification/",
            {
                "status": "confirmed",
                "method": "dental",
                "person": str(self.person.pk),
            },
            follow=True,
        )
        self.assertContains(response, f"{self.remains.code}: Identification confirmed.")
        self.assertContains(response, "Dental")

    def test_a_field_member_cannot_undo_a_confirmed_identification(self) -> None:
        self.identify(self.tracing_officer, "confirmed")
        for status in ("unidentified", "tentative"):
            response = self.identify(self.field_member, status)
            self.assertEqual(response.status_code, 404)  # type: ignore[attr-defined]
        self.person.refresh_from_db()
        self.assertEqual(self.person.status, "deceased")
        self.assertEqual(Remains.objects.get(pk=self.remains.pk).id_status, "confirmed")


class IdentifyByNameTests(RemainsTestCase):
    """The page chooses the person by name in any script, never by typing an id."""

    def setUp(self) -> None:
        super().setUp()
        self.person = record_person(
            operation=self.operation,
            source="field",
            status="located",
            data={
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "birth_year": 1941,
                "sex": "male",
            },
            by=None,
        )
        self.remains = self.create_remains(document_names="Арсен Акопян", sex="male")

    def test_it_lists_persons_by_a_name_in_another_script(self) -> None:
        from django.urls import reverse

        self.login(self.tracing_officer)
        url = reverse("remains:identify-search", args=[self.remains.pk])
        found = self.client.post(url, {"given_name": "Арсен", "family_name": "Акопян"})
        self.assertContains(found, f'name="person" value="{self.person.pk}" checked')
        self.assertContains(found, "Arsen Hakobyan")
        page = self.client.get(reverse("remains:detail", args=[self.remains.pk]))
        self.assertNotContains(page, "Person id")
        self.assertContains(page, 'hx-post="' + url)

    def test_roles_that_cannot_identify_get_nothing(self) -> None:
        from django.urls import reverse

        url = reverse("remains:identify-search", args=[self.remains.pk])
        data = {"given_name": "Arsen", "family_name": "Hakobyan"}
        self.assert_status_by_role(
            "post",
            url,
            {"coordinator": 200, "tracing_officer": 200, "field_member": 200},
            data=data,
        )
