"""The lists of needs, remains, sightings and inquiries export, as CSV, what their filters show:
within the user's scope, audited, only the columns that carry no personal data, and only for the
roles that work those records (the others get a 404, and no link)."""

from __future__ import annotations

from django.urls import reverse

from stranded.animals.actions import record_sighting
from stranded.core.models import AuditEvent
from stranded.needs.actions import record_need
from stranded.remains.actions import record_remains
from stranded.sweeps.actions import assign_area
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Person
from tests.core.test_lists_paged import rows
from tests.sweeps.base import SweepsTestCase

CSV = {"export": "csv"}


class ListExportTests(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        for kind in ("food", "medicines", "drinking_water"):
            record_need(
                operation=self.operation,
                area=self.cell,
                kind=kind,
                urgency="high",
                note="Ashot Petrosyan, insulin",
                by=self.coordinator,
            )
        record_need(operation=self.operation, area=self.village, kind="food", by=self.coordinator)

    def assert_export(self, url: str, params: dict[str, str], count: int) -> list[dict[str, str]]:
        response = self.client.get(url, {**params, **CSV})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        exported = rows(response)
        self.assertEqual(len(exported), count)
        event = AuditEvent.objects.filter(verb="export").latest("at")
        self.assertEqual(event.detail, {"format": "csv", "count": count})
        return exported

    def test_needs_export_what_the_filters_show_by_area_without_households(self) -> None:
        self.login(self.coordinator)
        url = reverse("needs:list")
        self.assertContains(self.client.get(url), "Export CSV")
        exported = self.assert_export(url, {"urgency": "high"}, 3)
        self.assertEqual(
            list(exported[0]),
            ["recorded", "area", "area_name", "kind", "urgency", "status", "due_before",
             "overdue", "partner"],
        )  # fmt: skip
        self.assertEqual({r["kind"] for r in exported}, {"food", "medicines", "drinking_water"})
        self.assertEqual({r["area"] for r in exported}, {self.cell.code})
        self.assertNotIn("Ashot", str(exported))

    def test_a_field_member_exports_the_needs_of_the_teams_areas_only(self) -> None:
        self.login(self.field_member)
        exported = self.assert_export(reverse("needs:list"), {}, 3)
        self.assertEqual({r["area"] for r in exported}, {self.cell.code})

    def test_who_only_reads_needs_cannot_export_them(self) -> None:
        self.login(self.tracing_officer)
        url = reverse("needs:list")
        self.assertNotContains(self.client.get(url), "Export CSV")
        self.assertEqual(self.client.get(url, CSV).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(verb="export").exists())

    def test_remains_export_codes_and_custody_for_the_coordinator_only(self) -> None:
        for sex in ("male", "female"):
            record_remains(
                operation=self.operation,
                by=self.field_member,
                area=self.cell,
                data={
                    "found_where": "Tumanyan 3, courtyard",
                    "sex": sex,
                    "age_min": 60,
                    "age_max": 75,
                    "document_names": "Ashot Petrosyan",
                    "effects": "a ring engraved A.P.",
                },
            )
        self.login(self.coordinator)
        exported = self.assert_export(reverse("remains:index"), {}, 2)
        self.assertEqual(
            list(exported[0]),
            ["code", "found", "area", "sex", "age_min", "age_max", "identification", "custody",
             "custody_since"],
        )  # fmt: skip
        self.assertEqual({r["custody"] for r in exported}, {"found"})
        self.assertNotIn("Ashot", str(exported))
        self.assertNotIn("Tumanyan", str(exported))
        for user in (self.tracing_officer, self.field_member):
            self.login(user)
            response = self.client.get(reverse("remains:index"), CSV)
            self.assertEqual(response.status_code, 404, user.username)

    def test_sightings_export_for_who_works_them_without_the_owner(self) -> None:
        for species in ("dog", "cat"):
            record_sighting(
                operation=self.operation,
                by=self.field_member,
                data={
                    "species": species,
                    "count": 2,
                    "condition": "thin",
                    "lat": self.cell.center_lat,
                    "lon": self.cell.center_lon,
                    "needs": ["food"],
                    "owner_known": True,
                    "owner_name": "Ashot Petrosyan",
                    "owner_contact": "+374 91 000000",
                },
            )
        self.login(self.field_member)
        exported = self.assert_export(reverse("animals:index"), {"species": "cat"}, 1)
        self.assertEqual(
            (exported[0]["species"], exported[0]["needs_food"], exported[0]["area"]),
            ("cat", "yes", self.cell.code),
        )
        self.assertNotIn("Ashot", str(exported))
        self.assertNotIn("+374", str(exported))
        self.login(self.tracing_officer)
        self.assertEqual(self.client.get(reverse("animals:index"), CSV).status_code, 404)

    def test_inquiries_export_the_tracing_work_without_names_or_contacts(self) -> None:
        for family_name in ("Petrosyan", "Hovhannisyan"):
            open_inquiry(
                operation=self.operation,
                inquirer={"name": "Anahit", "contact": "+374 91 000000", "relation": "daughter"},
                sought={"given_name": "Ashot", "family_name": family_name},
                channel="phone",
                by=self.tracing_officer,
            )
        Person.objects.filter(family_name="Petrosyan").update(area=self.village)
        self.login(self.tracing_officer)
        url = reverse("tracing:inquiry-list")
        self.assertContains(self.client.get(url), "Export CSV")
        exported = self.assert_export(url, {"status": "open"}, 2)
        self.assertEqual(
            list(exported[0]),
            ["reference", "received_at", "channel", "status", "area", "matched", "duplicate_of"],
        )
        self.assertEqual(sorted(r["area"] for r in exported), ["", self.village.code])
        for personal in ("Ashot", "Anahit", "+374", "daughter", "Petrosyan"):
            self.assertNotIn(personal, str(exported))
        for user in (self.field_member, self.liaison, self.driver):
            self.login(user)
            self.assertEqual(self.client.get(url, CSV).status_code, 404, user.username)
