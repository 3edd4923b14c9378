"""Coordinator pages: overview, fleet, destinations, trip map; the dashboard card (counts)."""

from __future__ import annotations

from django.urls import reverse

from stranded.evacuation.models import Destination, Vehicle
from tests.evacuation.base import EvacuationTestCase


class CoordinatorPagesTests(EvacuationTestCase):
    def test_a_coordinator_adds_a_vehicle(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("evacuation:vehicles"),
            {
                "name": "Ambulance 1",
                "kind": "ambulance",
                "seats": 2,
                "wheelchair": 0,
                "stretcher": 2,
                "active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        vehicle = Vehicle.objects.get()
        self.assertEqual((vehicle.name, vehicle.capacity), ("Ambulance 1", (2, 0, 2)))
        page = self.client.get(reverse("evacuation:vehicles"))
        self.assertContains(page, "Ambulance 1")

    def test_a_vehicle_that_carries_nobody_is_refused_by_name(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("evacuation:vehicles"),
            {"name": "Car 1", "kind": "car", "seats": 0, "wheelchair": 0, "stretcher": 0},
            follow=True,
        )
        self.assertContains(response, "vehicle: carries nobody")
        self.assertEqual(Vehicle.objects.count(), 0)
        response = self.client.post(
            "/api/evacuation/vehicles",
            {"name": "Car 1", "kind": "tank", "seats": 4},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertTrue(response.json()["detail"].startswith("vehicle.kind:"))

    def test_a_second_vehicle_of_the_same_name_is_refused_by_name(self) -> None:
        self.login(self.coordinator)
        form = {
            "name": "Bus 9",
            "kind": "bus",
            "seats": 45,
            "wheelchair": 0,
            "stretcher": 0,
            "active": "on",
        }
        self.client.post(reverse("evacuation:vehicles"), form)
        again = self.client.post(reverse("evacuation:vehicles"), form, follow=True)
        self.assertContains(again, "already has a vehicle of that name")
        api = self.client.post(
            "/api/evacuation/vehicles",
            {"name": "Bus 9", "kind": "bus", "seats": 45},
            content_type="application/json",
        )
        self.assertEqual(api.status_code, 422)
        self.assertTrue(api.json()["detail"].startswith("vehicle.name:"))
        self.assertEqual(Vehicle.objects.count(), 1)

    def test_a_coordinator_adds_a_destination(self) -> None:
        self.login(self.coordinator)
        self.client.post(
            reverse("evacuation:destinations"),
            {
                "name": "Kornidzor reception point",
                "kind": "reception",
                "lat": 39.547,
                "lon": 46.528,
                "unload_minutes": 20,
                "opens": "08:00",
                "closes": "20:00",
            },
        )
        destination = Destination.objects.get(kind="reception")
        self.assertEqual((destination.lat, destination.unload_minutes), (39.547, 20))

    def test_the_trip_page_maps_the_stops_in_order(self) -> None:
        trip = self.published_trip()
        self.login(self.coordinator)
        page = self.client.get(reverse("evacuation:trip-detail", args=[trip.pk]))
        self.assertContains(page, 'id="trip-map"')
        self.assertContains(page, "evacuation/trip.js")
        stops = page.context["stops"]
        self.assertEqual(
            [(s["order"], s["reference"], s["persons"]) for s in stops],
            [(1, self.req.reference, 2)],
        )
        self.assertEqual(page.context["destination"]["name"], "Hakari bridge crossing")

    def test_the_overview_and_the_card_count_requests_by_state(self) -> None:
        self.published_trip()
        self.request([(self.person("Gor", "Avetisyan"), "seated")], consent=False)
        self.login(self.coordinator)
        page = self.client.get(reverse("evacuation:index"))
        states = dict(page.context["states"])
        self.assertEqual((states["Open"], states["Assigned to a trip"]), (1, 1))
        self.login(self.liaison)  # aggregates only: the card, never the pages
        dashboard = self.client.get(reverse("core:dashboard"))
        self.assertContains(dashboard, "<h2>Evacuation</h2>", html=True)
        self.assertNotContains(dashboard, reverse("evacuation:index"))
        self.assertEqual(self.client.get(reverse("evacuation:index")).status_code, 404)

    def test_coordinator_pages_are_hidden_from_other_roles(self) -> None:
        for name in (
            "evacuation:index",
            "evacuation:vehicles",
            "evacuation:destinations",
            "evacuation:plans",
            "evacuation:plan-compare",
        ):
            self.assert_status_by_role("get", reverse(name), {"coordinator": 200})
        self.assert_status_by_role("get", "/api/evacuation/vehicles", {"coordinator": 200})
