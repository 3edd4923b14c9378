"""Builders for evacuation tests: the sweeps grid, a crossing, a small fleet, requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import override_settings
from django.utils import timezone

from stranded.evacuation.actions.plans import start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, EvacuationRequest, Plan, Trip, Vehicle
from stranded.evacuation.tasks import compute_plan_task
from stranded.tracing.actions import record_person
from stranded.tracing.models import Person
from tests.sweeps.base import TOWN, SweepsTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HAKARI = (39.5140, 46.5560)


@override_settings(TASKS=IMMEDIATE)
class EvacuationTestCase(SweepsTestCase):
    destination: Destination

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.destination = Destination.objects.create(
            operation=cls.operation,
            name="Hakari bridge crossing",
            kind="crossing",
            lat=HAKARI[0],
            lon=HAKARI[1],
            unload_minutes=10,
            receiving_organisation="Armenian Red Cross",
        )

    def vehicle(
        self,
        name: str = "Minibus 1",
        *,
        seats: int = 18,
        wheelchair: int = 1,
        stretcher: int = 0,
        driver: Any = None,
        kind: str = "minibus",
    ) -> Vehicle:
        return Vehicle.objects.create(
            operation=self.operation,
            name=name,
            kind=kind,
            seats=seats,
            wheelchair=wheelchair,
            stretcher=stretcher,
            driver=driver,
        )

    def person(self, given: str, family: str, **extra: Any) -> Person:
        data = {"given_name": given, "family_name": family, "lat": TOWN[0], "lon": TOWN[1], **extra}
        return record_person(
            operation=self.operation,
            data=data,
            source="field",
            status="located",
            by=self.coordinator,
        )

    def request(
        self,
        persons: list[tuple[Person, str]],
        *,
        consent: bool = True,
        offset: float = 0.0,
        **extra: Any,
    ) -> EvacuationRequest:
        return create_request(
            operation=self.operation,
            by=self.coordinator,
            persons=persons,
            lat=TOWN[0] + offset,
            lon=TOWN[1] + offset,
            consent=consent,
            address="Tumanyan 3",
            **extra,
        )

    def computed_plan(self, seconds: float = 1.0) -> Plan:
        settings = {
            "destination": self.destination,
            "horizon_minutes": 600,
            "starts_at": timezone.now() + timedelta(minutes=30),
        }
        plan = start_plan(
            operation=self.operation, by=self.coordinator, seconds=seconds, settings=settings
        )
        compute_plan_task.enqueue(str(plan.pk))  # the immediate backend: computed here
        plan.refresh_from_db()
        return plan

    def published_trip(self, driver: Any = None) -> Trip:
        """One minibus driven by `driver`, one request of two persons, the plan published."""
        self.vehicle(driver=driver or self.driver)
        self.arsen = self.person("Арсен", "Акопян", phone="+374 91 000001")
        self.anahit = self.person("Anahit", "Hakobyan")
        self.req = self.request(
            [(self.arsen, "wheelchair"), (self.anahit, "seated")], escort="daughter"
        )
        plan = self.computed_plan()
        publish_plan(plan=plan, by=self.coordinator)
        return Trip.objects.get(plan=plan)
