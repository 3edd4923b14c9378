from django.urls import reverse

from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Inquiry, Lead, Match, Note, PersonStatus
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class DecideMatchTests(StrandedTestCase):
    def setUp(self) -> None:
        self.found = create_person(
            self.operation,
            given_name="Hovhannes",
            family_name="Hovhannisyan",
            sex="male",
            birth_year=1944,
            status=PersonStatus.LOCATED,
        )
        self.inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Anahit", "relation": "daughter"},
            sought={
                "given_name": "Ованес",
                "family_name": "Оганесян",
                "birth_year": 1944,
                "address": "Tigran Mets 12",
            },
            channel=Inquiry.Channel.PHONE,
            by=self.tracing_officer,
        )
        self.match = Match.objects.get(inquiry=self.inquiry, right=self.found)

    def test_it_confirms_links_and_notes(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(reverse("tracing:match-confirm", args=[self.match.pk]))
        self.assertContains(response, "Confirmed")
        self.inquiry.refresh_from_db()
        self.assertEqual(
            (self.inquiry.status, self.inquiry.matched_person), ("matched", self.found)
        )
        note = Note.objects.get(person=self.found, inquiry=self.inquiry)
        self.assertIn(self.inquiry.reference, note.text)
        self.inquiry.sought.refresh_from_db()
        self.assertEqual(self.inquiry.sought.merged_into, self.found)
        self.assertEqual(
            [e.verb for e in self.events(verb__startswith="match.")], ["match.confirmed"]
        )

    def test_it_rejects_and_then_leaves_a_lead(self) -> None:
        Lead.objects.filter(inquiry=self.inquiry).delete()
        self.login(self.tracing_officer)
        self.client.post(reverse("tracing:match-reject", args=[self.match.pk]))
        self.match.refresh_from_db()
        self.assertEqual(
            (self.match.decision, self.match.decided_by), ("rejected", self.tracing_officer)
        )
        self.inquiry.refresh_from_db()
        self.assertEqual(self.inquiry.status, "open")
        self.assertEqual(Lead.objects.get(inquiry=self.inquiry).address, "Tigran Mets 12")

    def test_it_lets_only_deciding_roles_decide(self) -> None:
        for user in (self.field_member, self.liaison, self.driver, self.auditor, self.admin):
            self.login(user)
            response = self.client.post(reverse("tracing:match-confirm", args=[self.match.pk]))
            self.assertEqual(response.status_code, 404, user.username)
        self.match.refresh_from_db()
        self.assertEqual(self.match.decision, "pending")

    def test_it_hides_the_match_from_another_operation(self) -> None:
        self.login(self.foreign_coordinator)
        response = self.client.post(reverse("tracing:match-confirm", args=[self.match.pk]))
        self.assertEqual(response.status_code, 404)

    def test_it_shows_the_queue_likely_first(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("tracing:match-queue"))
        matches = list(response.context["page"].object_list)
        self.assertEqual(matches[0], self.match)
        self.assertContains(response, "Hovhannisyan")

    def test_api_confirm_twice_is_a_conflict(self) -> None:
        self.login(self.tracing_officer)
        url = f"/api/tracing/matches/{self.match.pk}/confirm"
        self.assertEqual(self.client.post(url).json()["decision"], "confirmed")
        self.assertEqual(self.client.post(url).status_code, 409)


class DuplicatePersonTests(StrandedTestCase):
    def test_it_proposes_and_merges_a_duplicate_found_in_the_field(self) -> None:
        first = create_person(
            self.operation,
            given_name="Siranush",
            family_name="Petrosyan",
            sex="female",
            birth_year=1939,
            address="Heratsi 4",
        )
        second = create_person(
            self.operation,
            given_name="Сирануш",
            family_name="Петросян",
            sex="female",
            birth_year=1939,
        )
        match = Match.objects.get(left=second, right=first)
        self.assertEqual((match.band, match.inquiry), ("likely", None))
        self.login(self.coordinator)
        self.client.post(reverse("tracing:match-confirm", args=[match.pk]))
        first.refresh_from_db()
        second.refresh_from_db()
        # The newer record is kept (the match starts from it); the older one points at it and
        # the kept record gains the address it lacked.
        self.assertEqual((first.merged_into, second.merged_into), (second, None))
        self.assertEqual(second.address, "Heratsi 4")
        self.assertEqual([e.verb for e in self.events(verb="person.merged")], ["person.merged"])
