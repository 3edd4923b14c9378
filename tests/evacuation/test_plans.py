"""Planning: start (inputs frozen, task run), progress and figures, compare, publish (one per
operation, trips and manifests, persons assigned)."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.models import Boarding, EvacuationRequest, Manifest, Plan, Trip
from tests.evacuation.base import EvacuationTestCase


class StartPlanTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.vehicle("Minibus 1", driver=self.driver)
        self.vehicle("Ambulance 1", seats=2, wheelchair=0, stretcher=2, kind="ambulance")
        self.requests = [
            self.request(
                [
                    (self.person("Arsen", "Hakobyan"), "wheelchair"),
                    (self.person("Anahit", "Hakobyan"), "seated"),
                ]
            ),
            self.request(
                [(self.person("Siranush", "Grigoryan"), "stretcher")],
                offset=0.01,
                medical_priority=2,
            ),
            self.request([(self.person("Gor", "Avetisyan"), "seated")], offset=0.02),
        ]
        self.request([(self.person("Ani", "Petrosyan"), "seated")], consent=False, offset=0.03)

    def start(self, user: object, **extra: object) -> object:
        self.login(user)  # type: ignore[arg-type]
        data = {
            "destination": str(self.destination.pk),
            "seconds": 1,
            "horizon_minutes": 600,
            **extra,
        }
        return self.client.post(reverse("evacuation:plans"), data)

    def test_it_freezes_the_inputs_runs_the_planner_and_stores_a_valid_plan(self) -> None:
        response = self.start(self.coordinator)
        plan = Plan.objects.get()
        self.assertRedirects(response, reverse("evacuation:plan-detail", args=[plan.pk]))
        self.assertEqual(plan.status, "done", plan.error)
        groups = {g["id"] for g in plan.inputs["groups"]}
        self.assertEqual(groups, {str(r.pk) for r in self.requests})  # no request without consent
        self.assertEqual(len(plan.inputs["vehicles"]), 2)
        self.assertEqual(plan.inputs["destination"]["unload_minutes"], 10)
        self.assertEqual(plan.evacuated, 4)
        self.assertEqual(plan.unserved, [])
        capacity = {
            v["id"]: (v["seats"], v["wheelchair"], v["stretcher"]) for v in plan.inputs["vehicles"]
        }
        for trip in plan.result["trips"]:
            load = [sum(s[k] for s in trip["stops"]) for k in ("seated", "wheelchair", "stretcher")]
            self.assertTrue(
                all(n <= c for n, c in zip(load, capacity[trip["vehicle"]], strict=True))
            )
        self.assertGreaterEqual(plan.makespan_minutes, plan.lower_bound_minutes)
        self.assertLessEqual(plan.makespan_minutes, plan.greedy_makespan_minutes)
        self.assertEqual(plan.progress["fraction"], 1.0)
        self.assertEqual(plan.progress["best_makespan"], plan.makespan_minutes)
        self.assertTrue(AuditEvent.objects.filter(verb="plan.started", target_id=str(plan.pk)))
        page = self.client.get(reverse("evacuation:plan-detail", args=[plan.pk]))
        self.assertContains(page, f"{plan.makespan_minutes} min")
        self.assertContains(page, "Publish this plan")

    def test_a_plan_that_fails_the_independent_check_is_not_stored_as_done(self) -> None:
        with mock.patch("stranded.evacuation.planner.validate", return_value=["bus over capacity"]):
            self.start(self.coordinator)
        plan = Plan.objects.get()
        self.assertEqual(
            (plan.status, plan.error, plan.result), ("failed", "bus over capacity", {})
        )
        page = self.client.get(reverse("evacuation:plan-detail", args=[plan.pk]))
        self.assertContains(page, "The planner failed: bus over capacity")
        self.assertNotContains(page, "Publish this plan")

    def test_the_progress_partial_polls_while_running_and_stops_when_done(self) -> None:
        self.start(self.coordinator)
        plan = Plan.objects.get()
        url = reverse("evacuation:plan-progress", args=[plan.pk])
        progress = {"fraction": 0.4, "best_makespan": 97.5}
        Plan.objects.filter(pk=plan.pk).update(status="running", progress=progress)
        running = self.client.get(url, HTTP_HX_REQUEST="true")
        self.assertContains(running, 'hx-trigger="every 2s"')
        self.assertContains(running, "97.5 min")
        self.assertContains(running, 'value="40"')
        Plan.objects.filter(pk=plan.pk).update(status="done")
        done = self.client.get(url, HTTP_HX_REQUEST="true")
        self.assertNotContains(done, "hx-trigger")
        self.assertEqual(done["HX-Refresh"], "true")

    def test_plans_are_compared_side_by_side(self) -> None:
        self.start(self.coordinator)
        self.start(self.coordinator, horizon_minutes=300)
        first, second = Plan.objects.order_by("created_at")
        page = self.client.get(
            reverse("evacuation:plan-compare"), {"plan": [str(first.pk), str(second.pk)]}
        )
        self.assertContains(page, "Makespan (min)")
        self.assertContains(page, f"<td>{first.makespan_minutes}</td>", html=True)
        self.assertContains(page, f"<td>{first.lower_bound_minutes}</td>", html=True)

    def test_a_request_no_vehicle_can_carry_is_left_with_the_reason_on_the_page(self) -> None:
        from stranded.evacuation.models import Vehicle

        Vehicle.objects.filter(stretcher__gt=0).update(active=False)
        self.start(self.coordinator)
        plan = Plan.objects.get()
        stretcher_case = self.requests[1]
        self.assertEqual((plan.status, plan.unserved), ("done", [str(stretcher_case.pk)]))
        self.assertEqual(plan.evacuated, 3)
        page = self.client.get(reverse("evacuation:plan-detail", args=[plan.pk]))
        self.assertContains(page, f"<td>{stretcher_case.reference}</td>", html=True)
        self.assertContains(page, "no vehicle has stretchers")

    def test_without_vehicles_it_says_so_and_starts_nothing(self) -> None:
        from stranded.evacuation.models import Vehicle

        Vehicle.objects.update(active=False)
        response = self.start(self.coordinator)
        self.assertContains(response, "plan: no vehicle available at the start time")
        self.assertEqual(Plan.objects.count(), 0)

    def test_the_api_starts_a_plan_and_reports_its_status(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            "/api/evacuation/plans",
            {"destination": str(self.destination.pk), "seconds": 1},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 202, response.content)
        status = self.client.get(f"/api/evacuation/plans/{response.json()['id']}").json()
        self.assertEqual((status["status"], status["evacuated"]), ("done", 4))

    def test_other_roles_cannot_start_or_see_plans(self) -> None:
        for user in (self.field_member, self.driver, self.liaison, self.tracing_officer):
            self.assertEqual(self.start(user).status_code, 404, user.username)  # type: ignore[attr-defined]
        self.assertEqual(Plan.objects.count(), 0)
        self.start(self.coordinator)
        plan = Plan.objects.get()
        url = reverse("evacuation:plan-detail", args=[plan.pk])
        self.assert_status_by_role("get", url, {"coordinator": 200})
        self.assert_status_by_role("get", f"/api/evacuation/plans/{plan.pk}", {"coordinator": 200})
        self.login(self.foreign_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)


class PublishPlanTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.vehicle("Minibus 1", driver=self.driver)
        self.arsen = self.person("Arsen", "Hakobyan")
        self.anahit = self.person("Anahit", "Hakobyan")
        self.req = self.request([(self.arsen, "wheelchair"), (self.anahit, "seated")])

    def test_publishing_creates_trips_manifests_and_assigns_persons(self) -> None:
        plan = self.computed_plan()
        self.login(self.coordinator)
        response = self.client.post(reverse("evacuation:plan-publish", args=[plan.pk]))
        self.assertEqual(response.status_code, 302)
        plan.refresh_from_db()
        self.assertEqual(plan.status, "published")
        trip = Trip.objects.get(plan=plan)
        self.assertEqual(trip.load(), (1, 1, 0))
        self.assertEqual(trip.vehicle.name, "Minibus 1")
        self.assertEqual(
            set(Boarding.objects.filter(trip=trip).values_list("person", "mobility")),
            {(self.arsen.pk, "wheelchair"), (self.anahit.pk, "seated")},
        )
        names = [row["name"] for row in Manifest.objects.get(trip=trip).rows]
        self.assertEqual(sorted(names), ["Anahit Hakobyan", "Arsen Hakobyan"])
        self.assertEqual(EvacuationRequest.objects.get().state, "assigned")

    def test_only_one_plan_is_published_per_operation(self) -> None:
        first = self.computed_plan()
        publish_plan(plan=first, by=self.coordinator)
        extra = self.request([(self.person("Gor", "Avetisyan"), "seated")], offset=0.01)
        # Nobody has boarded yet: the assigned request is planned again, and the first plan's
        # trips are withdrawn when the second is published.
        second = self.computed_plan()
        self.assertEqual(second.groups, 2)
        self.login(self.coordinator)
        self.client.post(reverse("evacuation:plan-publish", args=[second.pk]))
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), ("superseded", "published"))
        self.assertEqual(
            set(Trip.objects.filter(plan=first).values_list("status", flat=True)), {"cancelled"}
        )
        self.assertEqual(Plan.objects.filter(status="published").count(), 1)
        self.assertEqual(EvacuationRequest.objects.get(pk=extra.pk).state, "assigned")
        self.assertEqual(Trip.objects.get(plan=second, stops__request=self.req).status, "planned")
        self.assertEqual(Boarding.objects.get(person=self.arsen).trip.plan, second)

    def test_a_plan_still_running_cannot_be_published(self) -> None:
        plan = self.computed_plan()
        Plan.objects.filter(pk=plan.pk).update(status="running")
        self.login(self.coordinator)
        response = self.client.post(f"/api/evacuation/plans/{plan.pk}/publish")
        self.assertEqual(response.status_code, 409)
        self.assertIn("only a finished plan can be published", response.json()["detail"])
        self.assertEqual(Trip.objects.count(), 0)

    def test_other_roles_cannot_publish(self) -> None:
        plan = self.computed_plan()
        url = reverse("evacuation:plan-publish", args=[plan.pk])
        for user in (self.field_member, self.driver, self.liaison, self.tracing_officer):
            self.login(user)
            self.assertEqual(self.client.post(url).status_code, 404, user.username)
        self.assertEqual(Plan.objects.get().status, "done")


class WindowTests(EvacuationTestCase):
    def test_the_window_ends_when_the_crossing_closes(self) -> None:
        from datetime import datetime, time

        from django.utils import timezone

        from stranded.evacuation.actions.plans import freeze_inputs

        self.vehicle()
        self.request([(self.person("Gor", "Avetisyan"), "seated")])
        self.destination.closes = time(18, 0)
        starts = timezone.make_aware(datetime(2023, 10, 2, 14, 0))
        inputs = freeze_inputs(
            operation=self.operation,
            destination=self.destination,
            starts_at=starts,
            settings={"horizon_minutes": 600},
        )
        self.assertEqual(inputs["horizon_minutes"], 240)
        late = timezone.make_aware(datetime(2023, 10, 2, 17, 50))
        from stranded.evacuation.actions import EvacuationError

        with self.assertRaisesMessage(EvacuationError, "closes in 10 min"):
            freeze_inputs(
                operation=self.operation, destination=self.destination, starts_at=late, settings={}
            )
