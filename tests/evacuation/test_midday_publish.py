"""A new plan published during the day: boarded persons and trips under way stay as they are,
each driver is told what changed, and the planner gets shifts and ready times."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from stranded.core.models import AuditEvent
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.plans import freeze_inputs
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.models import Boarding, DriverNotice, Trip
from tests.evacuation.base import EvacuationTestCase


@pytest.mark.postgres
class MiddayPublishTests(EvacuationTestCase):
    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            reason = (
                "needs PostgreSQL: the mid-day publication is checked on the production database"
            )
            print(f"SKIPPED: {reason}")
            pytest.skip(reason)
        self.trip = self.published_trip()
        self.login(self.driver)
        self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.arsen.pk}": "boarded"},
        )

    def test_it_keeps_boarded_persons_and_the_trip_under_way(self) -> None:
        before = (
            self.trip.depart_at,
            self.trip.arrive_at,
            list(self.trip.stops.values_list("request", "seated", "wheelchair", "stretcher")),
        )
        gevorg = self.person("Gevorg", "Sargsyan")
        later = self.request([(gevorg, "seated")], offset=0.003)
        newer = self.computed_plan()
        self.assertEqual(newer.inputs["kept_trips"], [str(self.trip.pk)])
        minibus = newer.inputs["vehicles"][0]
        self.assertEqual(minibus["base"], f"destination-{self.destination.pk}")
        self.assertGreater(minibus["available_from"], 0)
        publish_plan(plan=newer, by=self.coordinator)
        self.trip.refresh_from_db()
        after = (
            self.trip.depart_at,
            self.trip.arrive_at,
            list(self.trip.stops.values_list("request", "seated", "wheelchair", "stretcher")),
        )
        self.assertEqual((self.trip.status, after), ("planned", before))
        self.assertEqual(Boarding.objects.get(person=self.arsen).trip, self.trip)
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "boarded")
        new_trip = Trip.objects.get(plan=newer)
        self.assertEqual(list(new_trip.stops.values_list("request", flat=True)), [later.pk])
        self.assertGreaterEqual(new_trip.depart_at, self.trip.arrive_at)

    def test_it_tells_each_driver_what_changed(self) -> None:
        self.request([(self.person("Gevorg", "Sargsyan"), "seated")], offset=0.003)
        newer = self.computed_plan()
        publish_plan(plan=newer, by=self.coordinator)
        notice = DriverNotice.objects.get(plan=newer)
        self.assertIn(f"{self.trip} (under way) stays as it is.", notice.text)
        self.assertIn("New: Minibus 1 trip 1 at", notice.text)
        self.assertTrue(AuditEvent.objects.filter(verb="driver.notified").exists())
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip"))
        self.assertContains(page, "A new plan for Minibus 1")

    def test_the_notice_is_in_the_drivers_language(self) -> None:
        self.driver.language = "ru"
        self.driver.save(update_fields=["language"])
        self.request([(self.person("Gevorg", "Sargsyan"), "seated")], offset=0.003)
        newer = self.computed_plan()
        publish_plan(plan=newer, by=self.coordinator)
        text = DriverNotice.objects.get(plan=newer).text
        self.assertTrue(text.startswith("Новый план для Minibus 1: "), text)
        self.assertIn("(в пути) остаётся без изменений.", text)
        self.assertNotIn("stays as it is", text)

    def test_a_trip_boarded_after_the_plan_was_computed_stops_the_publication(self) -> None:
        other = self.vehicle("Bus 2", seats=40, kind="bus")
        self.request([(self.person("Gevorg", "Sargsyan"), "seated")], offset=0.003)
        newer = self.computed_plan()
        stale = Trip.objects.create(
            plan=self.trip.plan,
            vehicle=other,
            number=1,
            destination=self.destination,
            depart_at=timezone.now() + timedelta(hours=1),
            arrive_at=timezone.now() + timedelta(hours=2),
        )
        Boarding.objects.filter(person=self.anahit).update(trip=stale, status="boarded")
        with pytest.raises(EvacuationError, match="got under way after this plan was computed"):
            publish_plan(plan=newer, by=self.coordinator)
        self.assertEqual(Trip.objects.get(pk=stale.pk).status, "planned")


class PlannerInputsTests(EvacuationTestCase):
    def test_it_passes_shifts_and_ready_times_instead_of_leaving_them_out(self) -> None:
        starts = timezone.now().replace(microsecond=0) + timedelta(hours=1)
        vehicle = self.vehicle()
        vehicle.available_from = starts + timedelta(minutes=90)
        vehicle.available_until = starts + timedelta(minutes=330)
        vehicle.save()
        self.request(
            [(self.person("Gor", "Avetisyan"), "seated")], ready_from=starts + timedelta(minutes=45)
        )
        inputs = freeze_inputs(
            operation=self.operation,
            destination=self.destination,
            starts_at=starts,
            settings={"horizon_minutes": 600},
        )
        row = inputs["vehicles"][0]
        self.assertEqual((row["available_from"], row["available_until"]), (90.0, 330.0))
        self.assertEqual(inputs["groups"][0]["ready_minutes"], 45.0)
