"""Each status change of a need through HTTP; refused ones say why and change nothing."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.needs.models import Need, NeedEvent
from tests.needs.base import NeedsTestCase


class StatusTransitionTests(NeedsTestCase):
    def test_it_refers_a_need_to_a_named_partner(self) -> None:
        need = self.create_need()
        response = self.change(
            self.field_member, need, status="referred", partner="ICRC water and habitat"
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["partner"]), ("referred", "ICRC water and habitat"))
        self.assertEqual([h["verb"] for h in body["history"]], ["created", "status"])
        self.assertEqual(body["history"][1]["partner"], "ICRC water and habitat")
        event = AuditEvent.objects.get(verb="need.referred", target_id=str(need.pk))
        self.assertEqual(event.actor, self.field_member)
        self.assertEqual(
            event.detail, {"from": "open", "to": "referred", "partner": "ICRC water and habitat"}
        )

    def test_a_referral_without_a_partner_is_refused(self) -> None:
        need = self.create_need()
        response = self.change(self.coordinator, need, status="referred")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"], "partner: a referral names the partner it goes to"
        )
        need.refresh_from_db()
        self.assertEqual(need.status, "open")
        self.assertEqual(NeedEvent.objects.filter(need=need).count(), 1)

    def test_it_moves_from_referred_to_in_progress_to_met(self) -> None:
        need = self.create_need()
        self.change(self.coordinator, need, status="referred", partner="Armenian Red Cross")
        self.assertEqual(self.change(self.coordinator, need, status="in_progress").status_code, 200)
        response = self.change(self.coordinator, need, status="met")
        self.assertEqual(response.json()["status"], "met")
        self.assertEqual(
            [(h["previous"], h["status"]) for h in response.json()["history"]],
            [
                ("", "open"),
                ("open", "referred"),
                ("referred", "in_progress"),
                ("in_progress", "met"),
            ],
        )
        self.assertEqual(response.json()["partner"], "Armenian Red Cross")
        verbs = set(
            AuditEvent.objects.filter(target_id=str(need.pk)).values_list("verb", flat=True)
        )
        self.assertEqual(verbs, {"need.recorded", "need.referred", "need.in_progress", "need.met"})

    def test_cannot_be_met_needs_a_reason(self) -> None:
        need = self.create_need()
        refused = self.change(self.coordinator, need, status="cannot_be_met")
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(refused.json()["detail"], "reason: say why the need cannot be met")
        done = self.change(
            self.coordinator,
            need,
            status="cannot_be_met",
            reason="the road to the village is closed",
        )
        self.assertEqual(done.status_code, 200)
        need.refresh_from_db()
        self.assertEqual(
            (need.status, need.reason), ("cannot_be_met", "the road to the village is closed")
        )

    def test_a_met_need_is_final_until_a_coordinator_reopens_it(self) -> None:
        need = self.create_need()
        self.change(self.field_member, need, status="met")
        refused = self.change(self.field_member, need, status="in_progress")
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(
            refused.json()["detail"],
            "The need is met: it cannot become in progress; a coordinator reopens it first.",
        )
        field_reopen = self.change(self.field_member, need, status="open")
        self.assertEqual(field_reopen.status_code, 409)
        self.assertEqual(
            field_reopen.json()["detail"], "The need is met: only a coordinator reopens it."
        )
        need.refresh_from_db()
        self.assertEqual(need.status, "met")
        reopened = self.change(self.coordinator, need, status="open")
        self.assertEqual(reopened.status_code, 200)
        self.assertEqual(reopened.json()["history"][-1]["verb"], "reopened")
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="need.open", target_id=str(need.pk), actor=self.coordinator
            ).exists()
        )

    def test_the_same_status_again_is_refused(self) -> None:
        need = self.create_need()
        refused = self.change(self.coordinator, need, status="open")
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(refused.json()["detail"], "The need is open already.")

    def test_an_unknown_status_names_the_field(self) -> None:
        need = self.create_need()
        refused = self.change(self.coordinator, need, status="solved")
        self.assertEqual(refused.status_code, 422)
        self.assertIn("status: 'solved' is not one of open, referred", refused.json()["detail"])

    def test_the_page_changes_status_through_htmx(self) -> None:
        need = self.create_need()
        self.login(self.coordinator)
        url = reverse("needs:status", args=[need.pk])
        response = self.client.post(
            url,
            {"status": "referred", "partner": "Armenian Red Cross"},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<strong class="partner">Armenian Red Cross</strong>')
        self.assertContains(response, "Open → Referred (Armenian Red Cross)")
        self.assertEqual(Need.objects.get(pk=need.pk).status, "referred")

    def test_the_page_shows_a_refused_change_in_the_partial(self) -> None:
        need = self.create_need()
        self.login(self.coordinator)
        url = reverse("needs:status", args=[need.pk])
        response = self.client.post(
            url, {"status": "cannot_be_met"}, headers={"HX-Request": "true"}
        )
        self.assertContains(response, "reason: say why the need cannot be met")
        self.assertEqual(Need.objects.get(pk=need.pk).status, "open")

    def test_the_page_without_htmx_redirects_with_a_message(self) -> None:
        need = self.create_need()
        self.login(self.coordinator)
        response = self.client.post(
            reverse("needs:status", args=[need.pk]), {"status": "in_progress"}, follow=True
        )
        self.assertContains(response, "Status: In progress.")
        self.assertContains(response, "Open → In progress")

    def test_a_met_need_is_not_reopened_beside_an_active_one_of_the_kind(self) -> None:
        address = self.create_address()
        old = self.create_need("food", address=address)
        self.change(self.coordinator, old, status="met")
        self.create_need("food", address=address)
        refused = self.change(self.coordinator, old, status="open")
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(
            refused.json()["detail"],
            "An active food need is recorded at this address since; work on that one.",
        )
        self.assertEqual(Need.objects.get(pk=old.pk).status, "met")
