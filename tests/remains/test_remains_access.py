"""Who sees and changes remains: coordinators and tracing officers see all; field members only
their team's; liaison, driver, auditor, admin and outsiders see nothing (404, like a missing
record). Every record shown is a logged read."""

from __future__ import annotations

import uuid

from stranded.core.models import AuditEvent
from stranded.remains.models import CustodyEvent
from stranded.sweeps.actions import release_area
from tests.remains.base import RemainsTestCase


class RemainsAccessTests(RemainsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.remains = self.create_remains()

    def test_pages_and_api_by_role(self) -> None:
        seen = {"coordinator": 200, "tracing_officer": 200, "field_member": 200}
        pk = self.remains.pk
        urls = (
            "/remains/",
            f"/remains/{pk}/",
            "/api/remains/",
            f"/api/remains/{pk}",
            f"/api/remains/{pk}/attachments",
        )
        for url in urls:
            self.assert_status_by_role("get", url, seen)

    def test_writes_by_role(self) -> None:
        url = f"/api/remains/{self.remains.pk}/events"
        data = {"kind": "collected", "where": "Tumanyan 3"}
        for user in (
            self.tracing_officer,
            self.liaison,
            self.driver,
            self.auditor,
            self.admin,
            self.other_field_member,
            self.foreign_coordinator,
        ):
            response = self.post_json(user, url, data)
            self.assertEqual(response.status_code, 404, user.username)
        self.assertEqual(CustodyEvent.objects.count(), 1)
        self.assertEqual(self.post_json(self.coordinator, url, data).status_code, 201)
        self.assertEqual(self.post_json(self.field_member, url, data).status_code, 201)

    def test_creating_needs_the_edit_permission(self) -> None:
        data = {"area": self.cell.code, "found_where": "Tumanyan 3"}
        for user in (self.tracing_officer, self.liaison, self.driver, self.auditor, self.admin):
            self.assertEqual(self.post_json(user, "/api/remains/", data).status_code, 404)
            self.login(user)
            self.assertEqual(self.client.get("/remains/new/").status_code, 404)

    def test_a_field_member_of_another_team_sees_nothing(self) -> None:
        self.login(self.other_field_member)
        self.assertEqual(self.client.get(f"/remains/{self.remains.pk}/").status_code, 404)
        response = self.client.get("/remains/")
        self.assertNotContains(response, self.remains.code)
        self.assertEqual(self.client.get("/api/remains/").json(), [])
        response = self.post_json(
            self.other_field_member,
            f"/api/remains/{self.remains.pk}/identification",
            {"status": "tentative"},
        )
        self.assertEqual(response.status_code, 404)

    def test_the_team_keeps_the_bodies_it_found_after_the_area_is_released(self) -> None:
        release_area(area=self.cell, by=self.coordinator)
        self.login(self.field_member)
        self.assertEqual(self.client.get(f"/remains/{self.remains.pk}/").status_code, 200)

    def test_missing_and_forbidden_look_alike(self) -> None:
        self.login(self.liaison)
        forbidden = self.client.get(f"/remains/{self.remains.pk}/")
        self.login(self.coordinator)
        missing = self.client.get(f"/remains/{uuid.uuid4()}/")
        self.assertEqual((forbidden.status_code, missing.status_code), (404, 404))

    def test_every_read_is_logged(self) -> None:
        other = self.create_remains(by=self.coordinator)
        self.login(self.tracing_officer)
        self.client.get("/remains/")
        listed = AuditEvent.objects.filter(
            verb="read", actor=self.tracing_officer, target_type="remains.remains"
        )
        self.assertEqual(
            set(listed.values_list("target_id", flat=True)), {str(self.remains.pk), str(other.pk)}
        )
        self.client.get(f"/api/remains/{self.remains.pk}")
        self.assertEqual(listed.filter(target_id=str(self.remains.pk)).count(), 2)

    def test_the_list_filters_by_status_and_custody(self) -> None:
        self.post_json(
            self.field_member,
            f"/api/remains/{self.remains.pk}/events",
            {"kind": "stored_at", "where": "Hospital morgue"},
        )
        other = self.create_remains()
        self.login(self.coordinator)
        response = self.client.get("/remains/?kind=stored_at")
        self.assertEqual([r.pk for r in response.context["rows"]], [self.remains.pk])
        response = self.client.get("/api/remains/?kind=found")
        self.assertEqual([r["id"] for r in response.json()], [str(other.pk)])
        response = self.client.get("/remains/?status=confirmed")
        self.assertEqual(list(response.context["rows"]), [])

    def test_the_dashboard_card_counts_by_status_and_custody(self) -> None:
        self.post_json(
            self.field_member,
            f"/api/remains/{self.remains.pk}/events",
            {"kind": "stored_at", "where": "Hospital morgue"},
        )
        self.create_remains()
        self.login(self.coordinator)
        response = self.client.get("/")
        card = next(c for c in response.context["cards"] if c.title == "Remains")
        self.assertEqual(card.context["total"], 2)
        self.assertIn(("unidentified", "Unidentified", 2), card.context["by_status"])
        self.assertIn(("stored_at", "Stored at", 1), card.context["by_kind"])
        self.assertIn(("found", "Found", 1), card.context["by_kind"])
        self.login(self.liaison)
        cards = self.client.get("/").context["cards"]
        self.assertNotIn("Remains", [c.title for c in cards])
