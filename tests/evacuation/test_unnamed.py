"""Requests made by counts (nobody recorded the names): the driver counts who boarded at each
stop, the hand-over counts them, and a new plan does not take them again."""

from __future__ import annotations

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import EvacuationRequest, Handover, Stop, Trip
from tests.evacuation.base import TOWN, EvacuationTestCase


class UnnamedPersonsTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.vehicle(driver=self.driver)
        self.req = create_request(
            operation=self.operation,
            by=self.coordinator,
            lat=TOWN[0],
            lon=TOWN[1],
            counts=(3, 0, 0),
            consent=True,
            address="Nzhdeh 12",
        )
        self.plan = self.computed_plan()
        publish_plan(plan=self.plan, by=self.coordinator)
        self.trip = Trip.objects.get(plan=self.plan)
        self.stop = Stop.objects.get(trip=self.trip)

    def board(self, count: str) -> object:
        return self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"unnamed-{self.stop.order}": count},
            follow=True,
        )

    def hand_over(self, unnamed: str) -> object:
        return self.client.post(
            reverse("evacuation:trip-handover", args=[self.trip.pk]),
            {
                "at": "2023-10-02T14:20",
                "organisation": "Armenian Red Cross",
                "received_by": "Narine M.",
                "unnamed": unnamed,
            },
            follow=True,
        )

    def state(self) -> str:
        return EvacuationRequest.objects.get(pk=self.req.pk).state

    def test_the_driver_counts_who_boarded_and_hands_them_over(self) -> None:
        self.login(self.driver)
        page = self.client.get(reverse("evacuation:my-trip"))
        self.assertContains(page, f'name="unnamed-{self.stop.order}"')
        self.assertContains(page, "of 3")
        self.board("2")
        self.assertEqual(Stop.objects.get(pk=self.stop.pk).unnamed_boarded, 2)
        self.assertEqual(self.state(), "assigned")  # one of three still expected
        self.board("3")
        self.assertEqual(self.state(), "boarded")
        event = AuditEvent.objects.filter(verb="trip.boarding_recorded").latest("at")
        self.assertEqual(event.detail["unnamed_boarded"], 3)
        too_many = self.hand_over("4")
        self.assertContains(too_many, "handover.unnamed: 3 persons without a name boarded")
        self.assertEqual(Handover.objects.count(), 0)
        self.hand_over("2")
        self.assertEqual(Handover.objects.get().unnamed, 2)
        self.assertEqual(self.state(), "boarded")
        self.assertEqual(Trip.objects.get(pk=self.trip.pk).status, "planned")
        self.hand_over("1")
        self.assertEqual(sorted(Handover.objects.values_list("unnamed", flat=True)), [1, 2])
        self.assertEqual(self.state(), "handed_over")
        self.assertEqual(Trip.objects.get(pk=self.trip.pk).status, "handed_over")
        self.assertEqual(Stop.objects.get(pk=self.stop.pk).unnamed_handed_over, 3)

    def test_a_bad_count_is_refused_by_name_and_nothing_changes(self) -> None:
        self.login(self.driver)
        for count, error in (("x", "whole number"), ("4", "whole number from 0 to 3")):
            page = self.board(count)
            self.assertContains(page, f"boarding.unnamed[{self.stop.order}]: must be a {error}")
        self.assertEqual(Stop.objects.get(pk=self.stop.pk).unnamed_boarded, 0)
        self.board("3")
        self.hand_over("2")
        page = self.board("1")  # fewer than were handed over
        self.assertContains(page, f"boarding.unnamed[{self.stop.order}]: 2 of them are handed")
        self.assertEqual(Stop.objects.get(pk=self.stop.pk).unnamed_boarded, 3)

    def test_a_new_plan_does_not_take_persons_who_boarded_again(self) -> None:
        self.login(self.driver)
        self.board("3")
        other = create_request(
            operation=self.operation,
            by=self.coordinator,
            lat=TOWN[0],
            lon=TOWN[1],
            counts=(2, 0, 0),
            consent=True,
        )
        newer = self.computed_plan()
        publish_plan(plan=newer, by=self.coordinator)
        self.assertEqual(Trip.objects.get(pk=self.trip.pk).status, "planned")  # under way
        self.assertEqual(self.state(), "boarded")
        self.assertFalse(Stop.objects.filter(trip__plan=newer, request=self.req).exists())
        self.assertTrue(Stop.objects.filter(trip__plan=newer, request=other).exists())

    def test_the_coordinator_records_boarding_and_hand_over_on_the_trip_page(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("evacuation:trip-detail", args=[self.trip.pk]))
        self.assertContains(page, 'id="handover"')
        self.board("3")
        done = self.hand_over("3")
        self.assertContains(done, "Hand-over recorded: 3 persons.")
        self.assertEqual(self.state(), "handed_over")

    def test_the_api_counts_them_too(self) -> None:
        self.login(self.driver)
        url = f"/api/evacuation/trips/{self.trip.pk}"
        bad = self.client.post(
            f"{url}/boarding", {"unnamed": {"9": 1}}, content_type="application/json"
        )
        self.assertEqual(bad.status_code, 422)
        self.assertIn("boarding.unnamed[9]: no stop 9", bad.json()["detail"])
        good = self.client.post(
            f"{url}/boarding",
            {"unnamed": {str(self.stop.order): 3}},
            content_type="application/json",
        )
        self.assertEqual(good.status_code, 200)
        done = self.client.post(
            f"{url}/handover",
            {
                "at": "2023-10-02T14:20:00Z",
                "organisation": "Armenian Red Cross",
                "received_by": "Narine M.",
                "unnamed": 3,
            },
            content_type="application/json",
        )
        self.assertEqual(done.status_code, 201)
        self.assertEqual(done.json()["unnamed"], 3)
        self.assertEqual(self.state(), "handed_over")
