"""Several obvious matches confirmed or rejected at once from the queue, where each is shown
with its comparison: each decided and audited as if alone; likely ones only for confirming,
none sharing a person; one match out of reach refuses the whole choice."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.tracing.models import FollowUp, Match
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person, inquiry_with_candidate

URL = reverse("tracing:match-decide-many")


class DecideTogetherTests(StrandedTestCase):
    def setUp(self) -> None:
        by = self.tracing_officer
        self.first = inquiry_with_candidate(self.operation, by, ("Ashot", "Petrosyan"))[1]
        self.second = inquiry_with_candidate(self.operation, by, ("Anush", "Sargsyan"))[1]
        self.possible = inquiry_with_candidate(
            self.operation, by, ("Gulnara", "Mammadova"), band="possible"
        )[1]
        self.login(self.tracing_officer)

    def decide(self, decision: str, *matches: Match, **extra: str) -> object:
        data = {"decision": decision, "match": [str(m.pk) for m in matches], **extra}
        return self.client.post(URL, data, follow=True)

    def decisions(self) -> list[str]:
        return [
            Match.objects.get(pk=m.pk).decision for m in (self.first, self.second, self.possible)
        ]

    def test_the_queue_offers_to_tick_each_match_beside_its_comparison(self) -> None:
        page = self.client.get(reverse("tracing:match-queue"), {"band": "likely"})
        self.assertContains(page, 'form="bulk-decide"', count=2)
        self.assertContains(page, '<input type="hidden" name="filters" value="band=likely">')
        self.assertContains(page, "<th>Given name</th>")  # the comparison by labels, not keys
        self.assertNotContains(page, "<th>given_name</th>")

    def test_it_confirms_several_likely_matches_at_once(self) -> None:
        page = self.decide("confirm", self.first, self.second, filters="band=likely&x=1")
        self.assertRedirects(page, reverse("tracing:match-queue") + "?band=likely")
        self.assertContains(page, "2 matches confirmed.")
        self.assertEqual(self.decisions(), ["confirmed", "confirmed", "pending"])
        self.assertEqual(FollowUp.objects.count(), 2)  # two families to tell
        confirmed = AuditEvent.objects.filter(verb="match.confirmed").count()
        together = AuditEvent.objects.get(verb="matches.confirmed_together")
        self.assertEqual((confirmed, len(together.detail["matches"])), (2, 2))

    def test_it_rejects_several_at_once_of_any_band(self) -> None:
        page = self.decide("reject", self.first, self.possible)
        self.assertContains(page, "2 matches rejected.")
        self.assertEqual(self.decisions(), ["rejected", "pending", "rejected"])

    def test_a_possible_match_is_not_confirmed_with_others(self) -> None:
        page = self.decide("confirm", self.first, self.possible)
        self.assertContains(page, "only likely matches are confirmed together")
        self.assertEqual(self.decisions(), ["pending", "pending", "pending"])

    def test_two_matches_of_one_person_are_decided_one_by_one(self) -> None:
        other = create_person(self.operation, given_name="Ashot", family_name="Petrosyan")
        twin, _ = Match.objects.update_or_create(
            left=self.first.left,
            right=other,
            defaults={
                "operation": self.operation,
                "inquiry": self.first.inquiry,
                "probability": 0.96,
                "band": "likely",
            },
        )
        page = self.decide("confirm", self.first, twin)
        self.assertContains(page, "two chosen matches share a person")
        self.assertEqual(Match.objects.get(pk=twin.pk).decision, "pending")
        self.assertEqual(self.decisions()[0], "pending")

    def test_nothing_ticked_says_so(self) -> None:
        self.assertContains(self.decide("confirm"), "tick the matches to decide first")

    def test_a_match_out_of_reach_refuses_the_whole_choice(self) -> None:
        self.login(self.foreign_coordinator)
        self.assertEqual(self.decide("reject", self.first).status_code, 404)  # type: ignore[attr-defined]
        for user in (self.field_member, self.liaison):
            self.login(user)
            response = self.decide("reject", self.first, self.second)
            self.assertEqual(response.status_code, 404, user.username)  # type: ignore[attr-defined]
        self.assertEqual(self.decisions(), ["pending", "pending", "pending"])
