from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.tracing.models import Person
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class PersonAccessTests(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = create_person(cls.operation, given_name="Siranush", family_name="Petrosyan")

    def test_it_shows_the_person_to_tracing_roles_and_logs_the_read(self) -> None:
        url = reverse("tracing:person-detail", args=[self.person.pk])
        self.assert_status_by_role("get", url, {"coordinator": 200, "tracing_officer": 200})
        readers = sorted(
            e.actor_username for e in self.events(verb="read", target_id=str(self.person.pk))
        )
        self.assertEqual(readers, ["coordinator", "tracing"])

    def test_it_hides_persons_from_field_members_outside_their_areas(self) -> None:
        self.assertEqual(list(Person.objects.visible_to(self.field_member)), [])

    def test_it_hides_persons_of_another_operation_like_missing_ones(self) -> None:
        self.login(self.foreign_coordinator)
        url = reverse("tracing:person-detail", args=[self.person.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.events(verb="read"), [])

    def test_api_person_read_is_audited_and_scoped(self) -> None:
        url = f"/api/tracing/persons/{self.person.pk}"
        self.assert_status_by_role("get", url, {"coordinator": 200, "tracing_officer": 200})
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url).json()["family_name"], "Petrosyan")

    def test_admin_reads_no_personal_record_anywhere(self) -> None:
        self.login(self.admin)
        for url in (
            reverse("tracing:person-detail", args=[self.person.pk]),
            reverse("tracing:inquiry-list"),
            reverse("tracing:match-queue"),
            f"/api/tracing/persons/{self.person.pk}",
            "/api/tracing/inquiries",
            "/api/tracing/matches",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.events(verb="read"), [])


class AuditFailureTests(StrandedTestCase):
    def test_it_returns_nothing_when_the_read_cannot_be_logged(self) -> None:
        from unittest import mock

        from django.db import DatabaseError

        person = create_person(self.operation, given_name="Siranush", family_name="Petrosyan")
        self.login(self.coordinator)
        self.client.raise_request_exception = False
        failing = DatabaseError("full")
        with (
            mock.patch("stranded.core.audit.AuditEvent.save", side_effect=failing),
            mock.patch.object(AuditEvent.objects, "bulk_create", side_effect=failing),
        ):
            response = self.client.get(reverse("tracing:person-detail", args=[person.pk]))
        self.assertEqual(response.status_code, 500)
        self.assertNotIn(b"Petrosyan", response.content)
