"""Vehicles are checked (seats within reason, availability that ends after it starts) and can be
corrected, made inactive or deleted by the coordinator, every change audited."""

from django.urls import reverse

from stranded.evacuation.models import Vehicle
from tests.evacuation.base import EvacuationTestCase

BUS = {"name": "Bus 7", "kind": "bus", "seats": "40", "wheelchair": "0", "stretcher": "0",
       "active": "on"}  # fmt: skip


class VehicleCorrectionTests(EvacuationTestCase):
    def test_it_refuses_absurd_seats_and_a_window_that_ends_first(self) -> None:
        self.login(self.coordinator)
        url = reverse("evacuation:vehicles")
        page = self.client.post(url, {**BUS, "seats": "100000"}, follow=True)
        self.assertContains(page, "vehicle.seats: Ensure this value is less than or equal to 90")
        window = {"available_from": "2023-10-02T09:00", "available_until": "2023-10-02T08:00"}
        page = self.client.post(url, {**BUS, **window}, follow=True)
        self.assertContains(page, "vehicle.available_until: must be after")
        self.assertFalse(Vehicle.objects.filter(name="Bus 7").exists())
        form = self.client.get(url).content.decode()
        self.assertIn('type="datetime-local" name="available_from"', form)

    def test_the_coordinator_corrects_and_deactivates_a_vehicle(self) -> None:
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:vehicles"), BUS)
        bus = Vehicle.objects.get(name="Bus 7")
        edit = reverse("evacuation:vehicle-edit", args=[bus.pk])
        self.assertContains(self.client.get(edit), 'value="40"')
        response = self.client.post(edit, {**BUS, "seats": "35", "active": ""})
        self.assertRedirects(response, reverse("evacuation:vehicles"))
        bus.refresh_from_db()
        self.assertEqual((bus.seats, bus.active), (35, False))
        [event] = self.events(verb="vehicle.changed")
        self.assertEqual(event.detail["changes"], {"seats": [40, 35], "active": [True, False]})

    def test_a_vehicle_without_trips_can_be_deleted(self) -> None:
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:vehicles"), BUS)
        bus = Vehicle.objects.get(name="Bus 7")
        self.client.post(reverse("evacuation:vehicle-edit", args=[bus.pk]), {"delete": "1"})
        self.assertFalse(Vehicle.objects.filter(pk=bus.pk).exists())
        self.assertEqual(len(self.events(verb="vehicle.deleted")), 1)

    def test_the_api_corrects_a_vehicle(self) -> None:
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:vehicles"), BUS)
        bus = Vehicle.objects.get(name="Bus 7")
        url = f"/api/evacuation/vehicles/{bus.pk}"
        bad = self.client.put(url, {"stretcher": 50}, content_type="application/json")
        self.assertEqual(bad.status_code, 422)
        self.assertIn("vehicle.stretcher", bad.json()["detail"])
        good = self.client.put(url, {"wheelchair": 2}, content_type="application/json")
        self.assertEqual((good.status_code, good.json()["wheelchair"]), (200, 2))

    def test_other_roles_cannot_open_a_vehicle(self) -> None:
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:vehicles"), BUS)
        bus = Vehicle.objects.get(name="Bus 7")
        self.assert_status_by_role(
            "get", reverse("evacuation:vehicle-edit", args=[bus.pk]), {"coordinator": 200}
        )
