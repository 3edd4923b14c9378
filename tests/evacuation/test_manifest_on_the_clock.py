"""The manifest on the driver's and the coordinator's pages: each pickup's time on the
operation's clock (not the server's), and a navigation link (geo: URI) beside its point."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from django.urls import reverse

from stranded.core.models import Operation
from stranded.evacuation.models import Stop
from tests.evacuation.base import EvacuationTestCase


class ManifestClockTests(EvacuationTestCase):
    def setUp(self) -> None:
        Operation.objects.filter(pk=self.operation.pk).update(time_zone="Asia/Yerevan")
        self.trip = self.published_trip()
        stop = Stop.objects.get(trip=self.trip)
        self.utc = stop.eta.astimezone(UTC).strftime("%H:%M")
        self.yerevan = stop.eta.astimezone(ZoneInfo("Asia/Yerevan")).strftime("%H:%M")

    def test_the_drivers_page_gives_times_on_the_operations_clock_and_a_geo_link(self) -> None:
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip")).content.decode()
        self.assertIn(f" · {self.yerevan}<br>", page)
        self.assertNotIn(f" · {self.utc}<br>", page)
        self.assertIn('href="geo:', page)

    def test_the_coordinators_trip_page_too(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("evacuation:trip-detail", args=[self.trip.pk]))
        self.assertContains(page, f"<td>{self.yerevan}</td>")
        self.assertContains(page, 'href="geo:')
