"""Find a person by name in any script across all persons and inquiries, with filters and
paging: names are sent by POST (never in a URL), reads logged, a field member sees only the
persons in the team's areas."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class PersonListTests(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hovhannes = create_person(
            cls.operation, given_name="Հովհաննես", family_name="Հովհաննիսյան", birth_year=1944
        )
        cls.sought = create_person(
            cls.operation,
            given_name="Gulnara",
            family_name="Məmmədova",
            status="information_sought",
            source="inquiry",
        )
        for n in range(55):
            create_person(cls.operation, given_name=f"Aram{n}", family_name="Petrosyan")

    def test_it_lists_every_person_paged_and_filtered(self) -> None:
        self.login(self.tracing_officer)
        url = reverse("tracing:person-list")
        self.assertContains(self.client.get(url), "1–50 of 57")
        page = self.client.get(url, {"status": "information_sought"})
        self.assertContains(page, "1–1 of 1")
        self.assertContains(page, "Gulnara Məmmədova")
        # one read per page that showed her (the first page, by family name, and the filtered)
        reads = AuditEvent.objects.filter(verb="read", target_id=str(self.sought.pk))
        self.assertEqual(reads.filter(actor=self.tracing_officer).count(), 2)

    def test_it_finds_a_person_by_name_in_another_script(self) -> None:
        self.login(self.tracing_officer)
        names = {"given_name": "Ованес", "family_name": "Оганесян"}
        response = self.client.post(reverse("tracing:person-list"), names)
        found = response.context["found"]  # type: ignore[index]
        self.assertEqual(found[0]["person"], self.hovhannes)
        self.assertContains(response, "Հովհաննես Հովհաննիսյան")

    def test_a_field_member_sees_no_one_outside_the_teams_areas(self) -> None:
        self.login(self.field_member)
        page = self.client.get(reverse("tracing:person-list"))
        self.assertContains(page, "0 of 0")
        self.assertNotContains(page, "Gulnara")

    def test_other_roles_cannot_list_persons(self) -> None:
        for user in (self.driver, self.liaison, self.auditor, self.admin, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(reverse("tracing:person-list")).status_code, 404)
