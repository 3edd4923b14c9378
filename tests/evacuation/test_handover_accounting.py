"""A hand-over accounts for every place on the manifest: a place neither marked boarded nor
no-show, or boarded and left out, needs the driver's reason, which the coordinator sees."""

from django.urls import reverse

from stranded.evacuation.models import Handover, Trip
from tests.evacuation.base import EvacuationTestCase
from tests.evacuation.test_driver_trip import DriverTripTests


class HandoverAccountingTests(EvacuationTestCase):
    setUp = DriverTripTests.setUp
    hand_over = DriverTripTests.hand_over

    def board(self, **statuses: str) -> None:
        self.login(self.driver)
        marks = {f"status-{getattr(self, k).pk}": v for k, v in statuses.items()}
        self.client.post(reverse("evacuation:trip-boarding", args=[self.trip.pk]), marks)

    def test_it_refuses_a_hand_over_with_places_unmarked(self) -> None:
        self.board(arsen="boarded")  # Anahit neither boarded nor no-show
        response = self.hand_over([self.arsen])
        self.assertEqual(response.status_code, 302)  # type: ignore[attr-defined]
        page = self.client.get(reverse("evacuation:my-trip-detail", args=[self.trip.pk]))
        self.assertContains(page, "1 on the manifest are neither marked boarded nor no-show")
        self.assertEqual(Handover.objects.count(), 0)
        self.arsen.refresh_from_db()
        self.assertNotEqual(self.arsen.status, "handed_over")

    def test_a_no_show_is_accounted_for(self) -> None:
        self.board(arsen="boarded", anahit="no_show")
        self.assertEqual(self.hand_over([self.arsen]).status_code, 302)  # type: ignore[attr-defined]
        handover = Handover.objects.get()
        self.assertEqual((handover.unaccounted, handover.reason), (0, ""))
        self.assertEqual(Trip.objects.get().status, "handed_over")

    def test_the_reason_is_kept_and_shown_to_the_coordinator(self) -> None:
        self.board(arsen="boarded")
        self.hand_over([self.arsen], reason="Door locked, neighbours say she left on Tuesday")
        handover = Handover.objects.get()
        self.assertEqual(handover.unaccounted, 1)
        self.assertEqual(self.events(verb="trip.handed_over")[0].detail["unaccounted"], 1)
        self.login(self.coordinator)
        page = self.client.get(reverse("evacuation:trip-detail", args=[self.trip.pk]))
        self.assertContains(page, "1 place on the manifest not accounted for at this hand-over")
        self.assertContains(page, "Door locked, neighbours say she left on Tuesday")

    def test_the_api_names_the_missing_reason(self) -> None:
        self.board(arsen="boarded")
        response = self.client.post(
            f"/api/evacuation/trips/{self.trip.pk}/handover",
            {
                "at": "2023-10-02T14:20:00+04:00",
                "organisation": "ARCS",
                "received_by": "Narine",
                "persons": [str(self.arsen.pk)],
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("handover.reason:", response.json()["detail"])
