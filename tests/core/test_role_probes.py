"""A role that may not open a kind of record at all (a driver on a person's page) is refused
before any lookup; the refusal of a record that exists is still logged as a probe, once."""

from __future__ import annotations

import uuid

from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class RoleProbeTests(StrandedTestCase):
    def setUp(self) -> None:
        self.person = create_person(self.operation, given_name="Arsen", family_name="Hakobyan")

    def probes(self) -> list[tuple[str, str, str]]:
        return [
            (e.actor_username, e.target_type, e.target_id) for e in self.events(verb="read.refused")
        ]

    def test_a_driver_on_a_persons_page_is_logged_as_a_probe(self) -> None:
        self.login(self.driver)
        response = self.client.get(f"/tracing/persons/{self.person.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.probes(), [("driver", "tracing.person", str(self.person.pk))])

    def test_the_api_logs_it_too(self) -> None:
        for user in (self.liaison, self.admin):
            self.login(user)
            response = self.client.get(f"/api/tracing/persons/{self.person.pk}")
            self.assertEqual(response.status_code, 404)
        expected = [(name, "tracing.person", str(self.person.pk)) for name in ("liaison", "admin")]
        self.assertEqual(self.probes(), expected)

    def test_a_record_that_does_not_exist_is_no_probe(self) -> None:
        self.login(self.driver)
        self.assertEqual(self.client.get(f"/tracing/persons/{uuid.uuid4()}/").status_code, 404)
        self.assertEqual(self.probes(), [])

    def test_a_record_of_another_operation_is_logged_once(self) -> None:
        self.login(self.foreign_coordinator)
        response = self.client.get(f"/tracing/persons/{self.person.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.probes(), [("foreign", "tracing.person", str(self.person.pk))])
