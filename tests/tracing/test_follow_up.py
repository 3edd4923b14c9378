"""After a confirmed match, the family that asked is to be told: a task with the caller's
contact for the tracing officers, tracked to done (how they were told, by whom, when)."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.tracing.models import FollowUp
from tests.base import StrandedTestCase
from tests.tracing.builders import inquiry_with_candidate


class FollowUpTests(StrandedTestCase):
    def setUp(self) -> None:
        self.inquiry, self.match = inquiry_with_candidate(
            self.operation, self.tracing_officer, ("Ashot", "Petrosyan")
        )
        self.login(self.tracing_officer)

    def confirm(self) -> FollowUp:
        self.client.post(reverse("tracing:match-confirm", args=[self.match.pk]))
        return FollowUp.objects.get(inquiry=self.inquiry)

    def test_a_confirmed_match_leaves_the_family_to_tell_with_their_contact(self) -> None:
        task = self.confirm()
        self.assertEqual((task.status, task.match), ("open", self.match))
        page = self.client.get(reverse("tracing:follow-ups"))
        self.assertContains(page, self.inquiry.reference)
        self.assertContains(page, 'href="tel:+374 91 000001"')
        self.assertContains(page, "Anahit")
        self.assertContains(page, "Ashot Petrosyan")
        detail = self.client.get(reverse("tracing:inquiry-detail", args=[self.inquiry.pk]))
        self.assertContains(detail, "The family is to be told what was found.")

    def test_it_is_done_when_the_officer_says_how_the_family_was_told(self) -> None:
        task = self.confirm()
        url = reverse("tracing:follow-up-done", args=[task.pk])
        response = self.client.post(url, {"outcome": "Phoned the daughter, she knows"})
        self.assertRedirects(response, reverse("tracing:follow-ups"))
        task.refresh_from_db()
        self.assertEqual(
            (task.status, task.done_by, task.outcome),
            ("done", self.tracing_officer, "Phoned the daughter, she knows"),
        )
        self.assertTrue(AuditEvent.objects.filter(verb="follow_up.done", target_id=task.pk))
        self.assertContains(self.client.get(reverse("tracing:follow-ups")), "No family waits")
        told = self.client.get(reverse("tracing:follow-ups"), {"status": "done"})
        self.assertContains(told, "Phoned the daughter, she knows")
        detail = self.client.get(reverse("tracing:inquiry-detail", args=[self.inquiry.pk]))
        self.assertContains(detail, "The family was told (")

    def test_done_needs_a_word_and_happens_once(self) -> None:
        task = self.confirm()
        url = reverse("tracing:follow-up-done", args=[task.pk])
        page = self.client.post(url, {"outcome": "  "}, follow=True)
        self.assertContains(page, "say how the family was told")
        task.refresh_from_db()
        self.assertEqual(task.status, "open")
        self.client.post(url, {"outcome": "Phoned"})
        again = self.client.post(url, {"outcome": "Phoned again"}, follow=True)
        self.assertContains(again, "was told already")
        task.refresh_from_db()
        self.assertEqual(task.outcome, "Phoned")

    def test_a_rejected_match_leaves_nobody_to_tell(self) -> None:
        self.client.post(reverse("tracing:match-reject", args=[self.match.pk]))
        self.assertFalse(FollowUp.objects.exists())

    def test_only_who_takes_inquiries_sees_and_completes_the_tasks(self) -> None:
        task = self.confirm()
        ok = {"coordinator": 200, "tracing_officer": 200}
        self.assert_status_by_role("get", reverse("tracing:follow-ups"), ok)
        url = reverse("tracing:follow-up-done", args=[task.pk])
        for user in (self.field_member, self.liaison, self.foreign_coordinator):
            self.login(user)
            self.assertEqual(self.client.post(url, {"outcome": "x"}).status_code, 404)
        task.refresh_from_db()
        self.assertEqual(task.status, "open")
