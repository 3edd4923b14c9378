"""The plan page says what the plan achieves: persons out of how many within the window, the
makespan against a bound and a hand plan for the same persons, why not everyone fits, and the
requests left grouped by reason with their address and what would serve them."""

from __future__ import annotations

from django.urls import reverse

from stranded.evacuation.models import Plan
from tests.evacuation.base import EvacuationTestCase


class NotEveryoneFitsTests(EvacuationTestCase):
    def setUp(self) -> None:
        # one car of two seats, a window of about one round trip to the crossing: two of the
        # six seated persons get out; the stretcher case no vehicle can carry
        self.vehicle("Car 1", seats=2, wheelchair=0, kind="car")
        self.seated = [
            self.request([(self.person(f"Gor{n}", "Avetisyan"), "seated")], offset=0.002 * n)
            for n in range(6)
        ]
        self.stretcher = self.request(
            [(self.person("Siranush", "Grigoryan"), "stretcher")], offset=0.02
        )
        self.login(self.coordinator)
        self.client.post(
            reverse("evacuation:plans"),
            {"destination": str(self.destination.pk), "seconds": 1, "horizon_minutes": 150},
        )
        self.plan = Plan.objects.get()

    def test_it_measures_the_plan_on_the_persons_it_carries(self) -> None:
        plan, figures = self.plan, self.plan.result["figures"]
        self.assertEqual(plan.status, "done", plan.error)
        self.assertEqual((plan.evacuated, plan.persons), (2, 7))
        self.assertFalse(figures["everyone"])
        # the bound and the hand plan are for the same two persons: the plan is not below it
        self.assertLessEqual(plan.lower_bound_minutes, plan.makespan_minutes)
        self.assertGreaterEqual(plan.gap_percent, 0)
        self.assertLessEqual(plan.makespan_minutes, 150)
        # everyone would need longer than the window: that is why not everyone fits
        self.assertGreater(figures["bound_all_minutes"], 150)
        self.assertLessEqual(figures["hand_in_window_persons"], 2)

    def test_the_page_says_how_many_of_how_many_and_why(self) -> None:
        plan, figures = self.plan, self.plan.result["figures"]
        page = self.client.get(reverse("evacuation:plan-detail", args=[plan.pk]))
        self.assertContains(page, "2 of 7 persons within the 150-minute window")
        self.assertContains(
            page,
            f"For the same 2 persons: no plan can take less than {plan.lower_bound_minutes} min",
        )
        self.assertContains(
            page,
            f"Getting all 7 persons out takes at least "
            f"{figures['bound_all_minutes']} min with this fleet: longer "
            f"than the 150-minute window.",
        )
        self.assertNotContains(page, "lower bound 1")

    def test_the_requests_left_are_tables_by_reason_with_address_and_remedy(self) -> None:
        page = self.client.get(reverse("evacuation:plan-detail", args=[self.plan.pk]))
        html = page.content.decode()
        fleet = html.index('data-reason="fleet"')
        window = html.index('data-reason="window"')
        self.assertLess(fleet, window)
        self.assertIn(self.stretcher.reference, html[fleet:window])
        self.assertIn("no vehicle has stretchers", html[fleet:window])
        self.assertIn("a vehicle with the places they need", html[fleet:window])
        left = [r for r in self.seated if str(r.pk) in self.plan.unserved]
        self.assertEqual(len(left), 4)
        for request in left:
            self.assertIn(request.reference, html[window:])
        self.assertIn("Tumanyan 3", html[window:])
        self.assertIn("another vehicle, or a longer window", html[window:])

    def test_the_demo_says_it_the_same_way(self) -> None:
        from stranded.evacuation.demo import plan_summary

        said = plan_summary(self.plan)
        self.assertIn("2 of 7 persons out within the 150.0-minute window", said)
        self.assertIn(f"for them: lower bound {self.plan.lower_bound_minutes}", said)
        self.assertIn(
            f"everyone would need at least {self.plan.result['figures']['bound_all_minutes']} min",
            said,
        )
