"""A user in two operations chooses which one to work in; the choice lasts for the session."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from stranded.core.models import Membership, Operation
from tests.base import PASSWORD, StrandedTestCase


class OperationSwitcherTests(StrandedTestCase):
    def setUp(self) -> None:
        # Two operations that began the same day; the coordinator is in both.
        self.operation.started_on = date(2023, 9, 20)
        self.operation.save()
        self.second = Operation.objects.create(
            organisation=self.operation.organisation,
            name="A second operation",
            started_on=date(2023, 9, 20),
        )
        Membership.objects.create(user=self.coordinator, operation=self.second, role="coordinator")

    def me(self, client: Client) -> str:
        return client.get("/api/core/me").json()["operation"]

    def test_it_picks_one_the_same_way_every_time_without_a_choice(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.me(self.client), "A second operation")  # by name, then

    def test_it_switches_for_the_session_only(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("core:dashboard"))
        self.assertContains(page, "Test operation")
        self.assertContains(page, "A second operation")
        response = self.client.post(
            reverse("core:switch-operation"), {"operation": self.operation.pk}
        )
        self.assertRedirects(response, reverse("core:dashboard"))
        self.assertEqual(self.me(self.client), "Test operation")
        self.assertEqual(self.me(self.client), "Test operation")
        other = Client()
        other.post(reverse("core:login"), {"username": "coordinator", "password": PASSWORD})
        self.assertEqual(self.me(other), "A second operation")
        [event] = self.events(verb="operation.switched")
        self.assertEqual(event.target_id, str(self.operation.pk))

    def test_it_refuses_an_operation_the_user_is_not_in(self) -> None:
        self.login(self.field_member)
        response = self.client.post(reverse("core:switch-operation"), {"operation": self.second.pk})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.me(self.client), "Test operation")
        response = self.client.post(reverse("core:switch-operation"), {"operation": "not-an-id"})
        self.assertEqual(response.status_code, 404)
