"""Every record a role creates it can correct, the history kept: an evacuation request and a
sought person, each correction shown on the record's page (who, when, what from what) and
audited by field names only."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent, Correction
from stranded.evacuation.models import EvacuationRequest
from stranded.tracing.models import Inquiry, Match
from tests.evacuation.base import EvacuationTestCase
from tests.tracing.builders import create_person

FORM = {
    "seated": 2,
    "wheelchair": 0,
    "stretcher": 0,
    "medical_priority": 0,
    "lat": 39.8155,
    "lon": 46.7519,
    "address": "Tumanyan 3",
    "escort": "",
    "consent": "on",
}


class RequestCorrectionTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:request-new"), FORM)
        self.req = EvacuationRequest.objects.get()
        self.url = reverse("evacuation:request-detail", args=[self.req.pk])

    def test_it_corrects_an_open_request_and_shows_the_history(self) -> None:
        response = self.client.post(
            self.url, {**FORM, "address": "Tumanyan 5", "stretcher": 1, "medical_priority": 2}
        )
        self.assertRedirects(response, self.url)
        self.req.refresh_from_db()
        self.assertEqual(
            (self.req.address, self.req.stretcher, self.req.medical_priority), ("Tumanyan 5", 1, 2)
        )
        correction = Correction.objects.get()
        self.assertEqual(
            correction.changes,
            {
                "address": ["Tumanyan 3", "Tumanyan 5"],
                "stretcher": [0, 1],
                "medical_priority": [0, 2],
            },
        )
        event = AuditEvent.objects.get(verb="evacuation_request.corrected")
        self.assertEqual(event.detail, {"fields": ["address", "medical_priority", "stretcher"]})
        page = self.client.get(self.url).content.decode()
        self.assertIn('id="corrections"', page)
        self.assertIn("<del>Tumanyan 3</del> → <ins>Tumanyan 5</ins>", page)
        self.assertIn("coordinator", page)

    def test_a_request_on_a_trip_is_not_corrected(self) -> None:
        EvacuationRequest.objects.filter(pk=self.req.pk).update(state="assigned")
        response = self.client.post(self.url, {**FORM, "address": "Tumanyan 5"}, follow=True)
        self.assertContains(response, "only an open request can be corrected")
        self.assertEqual(EvacuationRequest.objects.get().address, "Tumanyan 3")
        self.assertFalse(Correction.objects.exists())

    def test_bad_input_is_named_and_nothing_changes(self) -> None:
        response = self.client.post(self.url, {**FORM, "lat": "north"}, follow=True)
        self.assertContains(response, "request.lat:")
        self.assertFalse(Correction.objects.exists())

    def test_other_roles_cannot_correct_a_request(self) -> None:
        for user in (self.field_member, self.tracing_officer, self.driver, self.liaison):
            self.login(user)
            response = self.client.post(self.url, {**FORM, "address": "X"})
            self.assertEqual(response.status_code, 404, user.username)
        self.assertEqual(EvacuationRequest.objects.get().address, "Tumanyan 3")


class SoughtPersonCorrectionTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.found = create_person(
            self.operation, given_name="Hovhannes", family_name="Hovhannisyan", birth_year=1944
        )
        self.login(self.tracing_officer)
        self.client.post(
            reverse("tracing:inquiry-new"),
            {
                "inquirer_name": "Anahit",
                "channel": "phone",
                "given_name": "Karen",
                "family_name": "Hovhannisyan",
                "birth": "1944",
                "phone": "+374 91 000001",
            },
        )
        self.inquiry = Inquiry.objects.get()
        self.url = reverse("tracing:person-edit", args=[self.inquiry.sought.pk])

    def test_the_officer_corrects_the_sought_person_and_the_matcher_runs_again(self) -> None:
        form = self.client.get(self.url).content.decode()
        self.assertIn('value="Karen"', form)
        self.assertIn('value="1944"', form)
        response = self.client.post(
            self.url,
            {
                "given_name": "Hovhannes",
                "family_name": "Hovhannisyan",
                "birth": "1944",
                "phone": "+374 91 000002",
            },
        )
        person_page = reverse("tracing:person-detail", args=[self.inquiry.sought.pk])
        self.assertRedirects(response, person_page)
        sought = self.inquiry.sought
        sought.refresh_from_db()
        self.assertEqual(
            (sought.given_name, sought.phone, sought.birth_year),
            ("Hovhannes", "+374 91 000002", 1944),
        )
        self.assertEqual(
            Correction.objects.get().changes,
            {"given_name": ["Karen", "Hovhannes"], "phone": ["+374 91 000001", "+374 91 000002"]},
        )
        event = AuditEvent.objects.get(verb="person.corrected")
        self.assertEqual(event.detail, {"fields": ["given_name", "phone"]})
        self.assertNotIn("Karen", str(event.detail))
        match = Match.objects.get(inquiry=self.inquiry, right=self.found)
        self.assertEqual(match.band, "likely")
        page = self.client.get(person_page).content.decode()
        self.assertIn("<del>Karen</del> → <ins>Hovhannes</ins>", page)
        self.assertIn("tracing", page)

    def test_other_roles_cannot_correct_a_person(self) -> None:
        for user in (self.driver, self.liaison, self.auditor, self.foreign_coordinator):
            self.login(user)
            response = self.client.post(self.url, {"given_name": "X"})
            self.assertEqual(response.status_code, 404, user.username)
        self.assertFalse(Correction.objects.exists())
