"""Two families ask about one person: each inquiry's page shows the other (whichever came
first), and the tracing officer closes one as a duplicate of the other, audited."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.tracing.models import Inquiry, Match, Note
from tests.base import StrandedTestCase

FIRST = {
    "inquirer_name": "Anahit",
    "inquirer_contact": "+374 91 000001",
    "inquirer_relation": "daughter",
    "channel": "phone",
    "given_name": "Ованес",
    "family_name": "Оганесян",
    "birth": "1944",
    "address": "Tigran Mets 12",
}
SECOND = {
    **FIRST,
    "inquirer_name": "Karen",
    "inquirer_contact": "+374 93 000002",
    "inquirer_relation": "son",
    "given_name": "Hovhannes",
    "family_name": "Hovhannisyan",
}


class DuplicateInquiryTests(StrandedTestCase):
    def setUp(self) -> None:
        self.login(self.tracing_officer)
        self.client.post(reverse("tracing:inquiry-new"), FIRST)
        self.client.post(reverse("tracing:inquiry-new"), SECOND)
        self.first = Inquiry.objects.get(inquirer_name="Anahit")
        self.second = Inquiry.objects.get(inquirer_name="Karen")

    def page(self, inquiry: Inquiry) -> str:
        response = self.client.get(reverse("tracing:inquiry-detail", args=[inquiry.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_later_inquiry_is_matched_with_the_first(self) -> None:
        match = Match.objects.get(inquiry=self.second)
        self.assertEqual(match.right, self.first.sought)

    def test_each_page_shows_the_other_inquiry_with_its_caller(self) -> None:
        first, second = self.page(self.first), self.page(self.second)
        self.assertIn('id="related-inquiries"', first)
        self.assertIn(self.second.reference, first)
        self.assertIn("+374 93 000002", first)
        self.assertNotIn("No candidate found.", first)
        self.assertIn(self.first.reference, second)
        self.assertIn("+374 91 000001", second)

    def test_the_officer_closes_one_as_duplicate_of_the_other(self) -> None:
        response = self.client.post(
            reverse("tracing:inquiry-duplicate", args=[self.second.pk]),
            {"of": str(self.first.pk)},
        )
        self.assertRedirects(response, reverse("tracing:inquiry-detail", args=[self.first.pk]))
        self.second.refresh_from_db()
        self.assertEqual((self.second.status, self.second.duplicate_of), ("closed", self.first))
        self.assertEqual(self.second.sought.merged_into, self.first.sought)
        self.assertEqual(Match.objects.get(inquiry=self.second).decision, "confirmed")
        event = AuditEvent.objects.get(verb="inquiry.closed_as_duplicate")
        self.assertEqual(event.actor, self.tracing_officer)
        self.assertEqual(
            (event.target_id, event.detail["duplicate_of"]),
            (str(self.second.pk), str(self.first.pk)),
        )
        self.assertTrue(
            Note.objects.filter(inquiry=self.first, text__contains="tell both").exists()
        )
        first, second = self.page(self.first), self.page(self.second)
        self.assertIn("closed as a duplicate of this inquiry", first)
        self.assertIn("+374 93 000002", first)  # both families remain to be told
        self.assertIn('id="duplicate-of"', second)
        self.assertIn("this inquiry is a duplicate of it", second)

    def test_it_refuses_a_chain_and_the_inquiry_itself(self) -> None:
        url = reverse("tracing:inquiry-duplicate", args=[self.second.pk])
        self.client.post(url, {"of": str(self.second.pk)})
        self.assertEqual(Inquiry.objects.get(pk=self.second.pk).status, "open")
        self.client.post(
            reverse("tracing:inquiry-duplicate", args=[self.first.pk]), {"of": str(self.second.pk)}
        )
        response = self.client.post(url, {"of": str(self.first.pk)}, follow=True)
        self.assertContains(response, "is itself closed as a duplicate")
        self.assertEqual(Inquiry.objects.get(pk=self.second.pk).status, "open")
        # In the officer's language, with both references.
        self.tracing_officer.language = "ru"
        self.tracing_officer.save(update_fields=["language"])
        response = self.client.post(url, {"of": str(self.first.pk)}, follow=True)
        self.assertContains(
            response,
            f"запрос {self.first.reference} сам закрыт как дубликат {self.second.reference}",
        )

    def test_other_roles_cannot_close_as_duplicate(self) -> None:
        url = reverse("tracing:inquiry-duplicate", args=[self.second.pk])
        for user in (
            self.field_member,
            self.driver,
            self.liaison,
            self.auditor,
            self.foreign_coordinator,
        ):
            self.login(user)
            response = self.client.post(url, {"of": str(self.first.pk)})
            self.assertEqual(response.status_code, 404, user.username)
        self.assertEqual(Inquiry.objects.get(pk=self.second.pk).status, "open")
