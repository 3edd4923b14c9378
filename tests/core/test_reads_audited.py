"""Every list that shows personal data logs its reads; refused looks at existing records are
logged as probes; downloads are logged as exports with their format and count."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from stranded.sweeps.actions import assign_area
from stranded.tracing.actions import open_inquiry, record_person
from stranded.tracing.models import Lead
from tests.evacuation.base import EvacuationTestCase
from tests.fieldwork.test_openrosa import OpenRosaTestCase


def open_lead(case: Any) -> Lead:
    """An inquiry whose sought person's last address is in the cell: it leaves a lead there."""
    inquiry = open_inquiry(
        operation=case.operation,
        inquirer={"name": "Lusine"},
        channel="phone",
        sought={
            "given_name": "Arsen",
            "family_name": "Hakobyan",
            "address": "Tumanyan 3",
            "lat": case.cell.center_lat,
            "lon": case.cell.center_lon,
        },
        by=case.tracing_officer,
    )
    return Lead.objects.get(inquiry=inquiry)


class ListReadsTests(EvacuationTestCase):
    def reads(self, user: Any) -> set[tuple[str, str]]:
        return {(e.target_type, e.target_id) for e in self.events(verb="read", actor=user)}

    def lead(self) -> Lead:
        return open_lead(self)

    def test_it_logs_evacuation_requests_listed(self) -> None:
        request = self.request([(self.person("Anahit", "Hakobyan"), "seated")])
        expected = {("evacuation.evacuationrequest", str(request.pk))}
        self.login(self.coordinator)
        self.client.get(reverse("evacuation:requests"))
        self.assertEqual(self.reads(self.coordinator), expected)
        self.client.get("/api/evacuation/requests")
        self.assertEqual(len(self.events(verb="read", actor=self.coordinator)), 2)

    def test_it_logs_leads_on_worklists_and_the_new_visit_page(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        lead = self.lead()
        self.login(self.field_member)
        self.client.get(reverse("sweeps:worklist"))
        self.assertEqual(self.reads(self.field_member), {("tracing.lead", str(lead.pk))})
        self.client.get("/api/sweeps/worklist")
        self.client.get(reverse("sweeps:visit-new"))
        purposes = sorted(e.purpose for e in self.events(verb="read", actor=self.field_member))
        self.assertEqual(purposes, ["new visit", "worklist", "worklist"])

    def test_it_logs_a_refused_look_at_an_existing_record_as_a_probe(self) -> None:
        person = record_person(
            operation=self.operation,
            data={"given_name": "Gor", "family_name": "Avetisyan"},
            source="field",
            status="located",
            by=self.coordinator,
        )
        self.login(self.field_member)
        url = reverse("tracing:person-detail", args=[person.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(f"/api/tracing/persons/{person.pk}").status_code, 404)
        probes = self.events(verb="read.refused")
        self.assertEqual(
            [(e.actor, e.target_id) for e in probes], [(self.field_member, str(person.pk))] * 2
        )
        self.client.get(reverse("tracing:person-detail", args=[self.operation.pk]))  # no person
        self.assertEqual(len(self.events(verb="read.refused")), 2)

    def test_it_logs_manifest_downloads_as_exports(self) -> None:
        trip = self.published_trip()
        self.login(self.coordinator)
        self.client.get(reverse("evacuation:manifest-csv", args=[trip.pk]))
        self.client.get(reverse("evacuation:manifest-pdf", args=[trip.pk]))
        exports = [(e.target_id, e.detail) for e in self.events(verb="export")]
        self.assertEqual(
            exports,
            [
                (str(trip.pk), {"format": "csv", "count": 2}),
                (str(trip.pk), {"format": "pdf", "count": 2}),
            ],
        )


class FormDownloadReadsTests(OpenRosaTestCase):
    def test_it_logs_the_leads_in_a_downloaded_form(self) -> None:
        lead = open_lead(self)
        self.download_xform(self.field_member)
        [event] = self.events(verb="read", actor=self.field_member)
        self.assertEqual(
            (event.target_type, event.target_id, event.purpose),
            ("tracing.lead", str(lead.pk), "field form"),
        )
