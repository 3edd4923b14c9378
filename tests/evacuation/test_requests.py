"""Requests: from a recorded visit (consent and wish to leave), by hand, never planned without
consent."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation.actions.plans import plannable_requests
from stranded.evacuation.models import EvacuationRequest
from stranded.sweeps.actions import assign_area
from tests.evacuation.base import EvacuationTestCase


class RequestsFromVisitsTests(EvacuationTestCase):
    def test_it_turns_persons_who_want_to_leave_with_consent_into_one_request(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        persons = [
            {
                "given_name": "Arsen",
                "family_name": "Hakobyan",
                "wants_to_leave": True,
                "consent_to_leave": True,
                "mobility": "wheelchair",
                "condition": "critical",
            },
            {
                "given_name": "Siranush",
                "family_name": "Hakobyan",
                "wants_to_leave": True,
                "consent_to_leave": True,
                "mobility": "stretcher",
            },
            {
                "given_name": "Gor",
                "family_name": "Hakobyan",
                "wants_to_leave": True,
                "consent_to_leave": False,
            },
            {"given_name": "Ani", "family_name": "Petrosyan", "wants_to_leave": False},
        ]
        self.login(self.field_member)
        data = self.visit_data(
            self.cell, outcome="persons_present", persons=persons, lat=39.8161, lon=46.7522
        )
        response = self.client.post("/api/sweeps/visits", data, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        request = EvacuationRequest.objects.get()
        self.assertEqual(request.load, (0, 1, 1))
        self.assertEqual((request.lat, request.lon), (39.8161, 46.7522))
        self.assertEqual(request.medical_priority, 2)
        self.assertTrue(request.consent)
        self.assertEqual(request.address, "Azatamartikneri 12")
        names = sorted(r.person.given_name for r in request.rows.select_related("person"))
        self.assertEqual(names, ["Arsen", "Siranush"])
        statuses = {r.person.given_name: r.person.status for r in request.rows.all()}
        self.assertEqual(set(statuses.values()), {"evacuation_requested"})

    def test_a_visit_without_consent_makes_no_request(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        self.login(self.field_member)
        data = self.visit_data(
            self.cell,
            outcome="persons_present",
            persons=[{"given_name": "Gor", "wants_to_leave": True, "consent_to_leave": False}],
        )
        self.client.post("/api/sweeps/visits", data, content_type="application/json")
        self.assertEqual(EvacuationRequest.objects.count(), 0)


class RequestsByHandTests(EvacuationTestCase):
    def test_a_coordinator_creates_a_request_through_the_api(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            "/api/evacuation/requests",
            {
                "seated": 2,
                "wheelchair": 1,
                "stretcher": 0,
                "medical_priority": 1,
                "consent": True,
                "lat": 39.82,
                "lon": 46.75,
                "address": "Mashtots 5",
                "escort": "neighbour",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        request = EvacuationRequest.objects.get(pk=response.json()["id"])
        self.assertEqual(
            (request.load, request.escort, request.state), ((2, 1, 0), "neighbour", "open")
        )
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="evacuation_request.created", target_id=str(request.pk)
            ).exists()
        )

    def test_bad_input_names_the_field_and_saves_nothing(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            "/api/evacuation/requests",
            {
                "seated": 0,
                "wheelchair": 0,
                "stretcher": 0,
                "lat": 39.82,
                "lon": 46.75,
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("request: nobody to carry", response.json()["detail"])
        response = self.client.post(
            "/api/evacuation/requests",
            {"seated": 1, "lat": 99, "lon": 46.75},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertTrue(response.json()["detail"].startswith("request.lat:"))
        self.assertEqual(EvacuationRequest.objects.count(), 0)

    def test_the_request_page_creates_one(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("evacuation:request-new"),
            {
                "seated": 3,
                "wheelchair": 0,
                "stretcher": 1,
                "medical_priority": 2,
                "consent": "on",
                "lat": 39.81,
                "lon": 46.76,
                "address": "Nzhdeh 4",
            },
        )
        self.assertEqual(response.status_code, 302)
        request = EvacuationRequest.objects.get()
        self.assertEqual(request.load, (3, 0, 1))
        page = self.client.get(reverse("evacuation:requests"))
        self.assertContains(page, request.reference)
        self.assertContains(page, "Nzhdeh 4")

    def test_a_request_without_consent_is_never_planned(self) -> None:
        with_consent = self.request([(self.person("A", "B"), "seated")])
        self.request([(self.person("C", "D"), "seated")], consent=False)
        from django.utils import timezone

        self.assertEqual(list(plannable_requests(self.operation, timezone.now())), [with_consent])

    def test_other_roles_cannot_list_or_create_requests(self) -> None:
        url = reverse("evacuation:requests")
        self.assert_status_by_role("get", url, {"coordinator": 200})
        self.assert_status_by_role("get", "/api/evacuation/requests", {"coordinator": 200})


class RequestDetailTests(EvacuationTestCase):
    def test_reading_a_request_logs_a_read_of_each_person_and_hides_it_from_others(self) -> None:
        arsen = self.person("Arsen", "Hakobyan")
        request = self.request([(arsen, "wheelchair")])
        url = f"/api/evacuation/requests/{request.pk}"
        self.login(self.coordinator)
        response = self.client.get(url)
        self.assertEqual(response.json()["persons"][0]["name"], "Arsen Hakobyan")
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.coordinator, verb="read", target_id=str(arsen.pk)
            ).exists()
        )
        self.assert_status_by_role("get", url, {"coordinator": 200})
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_cancelled_request_is_not_planned_and_cannot_be_cancelled_twice(self) -> None:
        request = self.request([(self.person("Gor", "Avetisyan"), "seated")])
        self.login(self.coordinator)
        url = f"/api/evacuation/requests/{request.pk}/cancel"
        self.assertEqual(self.client.post(url).json()["state"], "cancelled")
        second = self.client.post(url)
        self.assertEqual(second.status_code, 409)
        self.assertIn(
            f"{request.reference}: cannot cancel a request cancelled", second.json()["detail"]
        )
        from django.utils import timezone

        self.assertEqual(list(plannable_requests(self.operation, timezone.now())), [])
