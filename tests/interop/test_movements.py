"""Movement notifications: from a published plan (route, times, vehicles and plates, persons per
trip, no names unless an approved passenger-list request covers them) as PDF and JSON; the
liaison records sent and refused; the trip cannot start while refused; a coordinator overrides
with a reason, audited; a team's day too."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stranded.core.models import AuditEvent
from stranded.evacuation.models import Boarding, Plan
from stranded.interop.actions import approve_request, create_request, designate_approver
from stranded.interop.models import MovementNotification, SharingRequest
from stranded.sweeps.actions import assign_area
from tests.evacuation.base import EvacuationTestCase


class MovementTests(EvacuationTestCase):
    def setUp(self) -> None:
        self.trip = self.published_trip()

    def notify(self, **extra: Any) -> MovementNotification:
        self.login(self.liaison)
        data = {
            "authority": "District commandant's office",
            "plan": str(self.trip.plan_id),
            "plates": "Minibus 1 = 35 KH 001",
            **extra,
        }
        response = self.client.post("/sharing/movements/", data)
        self.assertEqual(response.status_code, 302, response.content[-1500:])
        return MovementNotification.objects.latest("created_at")

    def answer(self, notification: MovementNotification, status: str) -> Any:
        return self.client.post(
            f"/sharing/movements/{notification.pk}/answer", {"status": status, "contact": "Maj. R."}
        )

    def board(self) -> Any:
        self.login(self.driver)
        return self.client.post(
            reverse("evacuation:trip-boarding", args=[self.trip.pk]),
            {f"status-{self.arsen.pk}": "boarded"},
            follow=True,
        )

    def test_the_notification_counts_persons_and_names_nobody(self) -> None:
        notification = self.notify()
        data = self.client.get(f"/sharing/movements/{notification.pk}.json").json()
        [trip] = data["trips"]
        self.assertEqual(
            (trip["vehicle"], trip["plate"], trip["persons"]), ("Minibus 1", "35 KH 001", 2)
        )
        self.assertEqual(trip["stops"][0]["area"], self.cell.code)
        self.assertEqual(
            trip["route"][0], [round(self.cell.center_lon, 4), round(self.cell.center_lat, 4)]
        )
        self.assertEqual(trip["route"][-1], [self.destination.lon, self.destination.lat])
        self.assertEqual(trip["names"], [])
        text = str(data)
        for private in ("Акопян", "Hakobyan", "Tumanyan", "+374"):
            self.assertNotIn(private, text)
        pdf = self.client.get(f"/sharing/movements/{notification.pk}.pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.assertNotIn(b"Hakobyan", pdf.content)

    def test_names_appear_only_under_an_approved_passenger_list_request(self) -> None:
        designate_approver(
            operation=self.operation,
            user=self.tracing_officer,
            capacity="data_protection",
            by=self.coordinator,
        )
        request = create_request(
            operation=self.operation,
            by=self.coordinator,
            data={
                "recipient": "District commandant's office",
                "purpose": "crossing checks",
                "legal_basis": "vital_interest",
                "dataset": "passenger_list",
                "filters": {"plan": str(self.trip.plan_id)},
                "expires_at": timezone.now() + timedelta(days=2),
            },
        )
        approve_request(request=request, by=self.coordinator)
        approve_request(request=request, by=self.tracing_officer)
        data = self.client.get(f"/sharing/movements/{self.notify().pk}.json").json()
        self.assertEqual(sorted(data["trips"][0]["names"]), ["Anahit Hakobyan", "Арсен Акопян"])
        self.assertEqual(data["names_under"], request.reference)

    def test_refused_then_overridden_with_a_reason(self) -> None:
        notification = self.notify()
        self.assertEqual(self.answer(notification, "sent").status_code, 302)
        self.assertEqual(self.answer(notification, "refused").status_code, 302)
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.events.count()), ("refused", 2))
        self.assertEqual(notification.events.last().contact, "Maj. R.")  # type: ignore[union-attr]
        # The trip cannot start: the driver is told why; the API refuses too.
        page = self.board()
        self.assertContains(page, f"{notification.reference} was refused")
        self.assertEqual(Boarding.objects.filter(status="boarded").count(), 0)
        api = self.client.post(
            f"/api/evacuation/trips/{self.trip.pk}/boarding",
            {"statuses": {str(self.arsen.pk): "boarded"}},
            content_type="application/json",
        )
        self.assertEqual(api.status_code, 422)
        # Only a coordinator overrides, and only with a reason.
        url = f"/sharing/movements/{notification.pk}/override"
        self.login(self.liaison)
        self.assertEqual(self.client.post(url, {"reason": "urgent"}).status_code, 404)
        self.login(self.coordinator)
        self.assertEqual(self.client.post(url, {"reason": "  "}).status_code, 400)
        self.assertEqual(
            self.client.post(url, {"reason": "medical evacuation, ICRC escort"}).status_code, 302
        )
        event = AuditEvent.objects.get(verb="movement.refusal_overridden")
        self.assertEqual(
            (event.actor, event.detail["reason"]),
            (self.coordinator, "medical evacuation, ICRC escort"),
        )
        self.board()
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "boarded")

    def test_a_new_notification_after_a_refusal_lets_the_trips_start(self) -> None:
        refused = self.notify()
        self.answer(refused, "refused")
        self.trip.plan.refresh_from_db()
        self.assertEqual(
            (self.trip.plan.refused_reference, self.trip.plan.refused_authority),
            (refused.reference, "District commandant's office"),
        )
        self.notify(authority="Regional office")  # the latest one, not answered yet
        self.board()
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "boarded")

    def test_a_refusal_stored_before_plans_kept_it_still_holds_the_trips(self) -> None:
        migration = import_module("stranded.evacuation.migrations.0005_plan_refused_movement")
        refused = self.notify()
        self.answer(refused, "refused")
        Plan.objects.update(refused_reference="", refused_authority="")  # as before 0005
        migration.hold_refused_plans(apps, None)
        page = self.board()
        self.assertContains(page, f"{refused.reference} was refused")
        self.assertEqual(Boarding.objects.filter(status="boarded").count(), 0)

    def test_a_team_day_lists_the_areas_it_holds(self) -> None:
        assign_area(area=self.village, team=self.team, by=self.coordinator)
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        day = timezone.now().date()
        notification = self.notify(
            plan="",
            team=str(self.team.pk),
            day=day.isoformat(),
            start=f"{day} 08:00",
            end=f"{day} 17:00",
            plates="Niva = 35 KH 777",
        )
        [trip] = notification.content["trips"]
        self.assertEqual({s["area"] for s in trip["stops"]}, {self.cell.code, self.village.code})
        self.assertEqual(trip["plate"], "35 KH 777")
        # A team's day never blocks a plan's trips.
        self.answer(notification, "refused")
        self.board()
        self.assertEqual(Boarding.objects.get(person=self.arsen).status, "boarded")

    def test_only_roles_that_see_aggregates_reach_notifications(self) -> None:
        notification = self.notify()
        for url in (
            "/sharing/movements/",
            f"/sharing/movements/{notification.pk}/",
            f"/sharing/movements/{notification.pk}.pdf",
        ):
            self.assert_status_by_role(
                "get", url, {"coordinator": 200, "tracing_officer": 200, "liaison": 200}
            )
        self.login(self.liaison)
        response = self.client.post("/sharing/movements/", {"authority": "x"})
        self.assertContains(response, "choose a published plan or a team", status_code=400)


class PassengerListTests(EvacuationTestCase):
    def test_a_passenger_list_of_a_published_plan_is_shared_as_approved(self) -> None:
        import re

        trip = self.published_trip()
        designate_approver(
            operation=self.operation,
            user=self.tracing_officer,
            capacity="tracing_lead",
            by=self.coordinator,
        )
        self.login(self.liaison)
        expires = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
        response = self.client.post(
            "/sharing/requests/",
            {
                "recipient": "Border post",
                "purpose": "crossing list",
                "legal_basis": "vital_interest",
                "dataset": "passenger_list",
                "plan": str(trip.plan_id),
                "person_fields": ["birth"],
                "expires_at": expires,
            },
        )
        self.assertEqual(response.status_code, 302)
        request = SharingRequest.objects.get()
        self.login(self.coordinator)
        self.client.post(f"/sharing/requests/{request.pk}/approve")
        self.login(self.tracing_officer)
        page = self.client.post(f"/sharing/requests/{request.pk}/approve").content.decode()
        link = re.search(r"/sharing/download/[\w-]+", page)
        assert link is not None
        rows = Client().get(link.group(0)).content.decode().splitlines()
        self.assertEqual(rows[0], "record,given_name,family_name,birth")
        self.assertEqual(sorted(r.split(",")[1] for r in rows[1:]), ["Anahit", "Арсен"])
