"""Two web machines against one PostgreSQL: two coordinators publish two plans of the same fleet
at the same moment, one through each machine. One plan ends published and no seat is booked
twice."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from stranded.evacuation.actions.plans import compute_plan, start_plan
from stranded.evacuation.models import Boarding, Destination, Plan, PlanStatus, Stop, Trip
from tests import processes
from tests.base import PASSWORD, StrandedTransactionTestCase
from tests.evacuation.base import HAKARI, EvacuationTestCase

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: several web machines share one server (SQLite is one file)",
    ),
]


class TwoMachinesPublishTests(StrandedTransactionTestCase):
    person = EvacuationTestCase.person
    request = EvacuationTestCase.request
    vehicle = EvacuationTestCase.vehicle

    def plans(self) -> list[Plan]:
        """Two finished plans over the same requests and the same minibus, which seats four:
        either fills it; both together would book eight seats."""
        destination = Destination.objects.create(
            operation=self.operation,
            name="Hakari bridge crossing",
            kind="crossing",
            lat=HAKARI[0],
            lon=HAKARI[1],
            unload_minutes=10,
        )
        self.minibus = self.vehicle(seats=4, wheelchair=0)
        families = [
            ("Anahit", "Hakobyan"),
            ("Garnik", "Petrosyan"),
            ("Nune", "Sargsyan"),
            ("Aram", "Avetisyan"),
        ]
        for n, (given, family) in enumerate(families):
            self.request([(self.person(given, family), "seated")], offset=0.002 * n)
        settings = {"destination": destination, "horizon_minutes": 600}
        return [
            compute_plan(
                plan=start_plan(
                    operation=self.operation, by=self.coordinator, seconds=1, settings=settings
                )
            )
            for _ in range(2)
        ]

    def test_it_publishes_one_plan_and_books_no_seat_twice_when_both_publish_at_once(
        self,
    ) -> None:
        plans = self.plans()
        assert [p.status for p in plans] == [PlanStatus.DONE, PlanStatus.DONE]
        other = self.create_user("coordinator2", "coordinator")
        answers: dict[int, tuple[int, Any]] = {}
        with processes.two_machines() as machines:
            users = [
                processes.Browser(machines[0], self.coordinator.username, PASSWORD),
                processes.Browser(machines[1], other.username, PASSWORD),
            ]
            ready = threading.Barrier(2)

            def publish(n: int) -> None:
                ready.wait(30)
                answers[n] = users[n].json("POST", f"/api/evacuation/plans/{plans[n].pk}/publish")

            threads = [threading.Thread(target=publish, args=(n,)) for n in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)

        assert sorted(status for status, _ in answers.values()) in ([200, 200], [200, 409])
        statuses = Counter(Plan.objects.values_list("status", flat=True))
        assert statuses[PlanStatus.PUBLISHED] == 1
        live = Trip.objects.exclude(status=Trip.Status.CANCELLED)
        assert {t.plan.status for t in live} == {PlanStatus.PUBLISHED}
        for trip in live.filter(vehicle=self.minibus):
            seated = Stop.objects.filter(trip=trip).aggregate(n=Sum("seated"))["n"] or 0
            assert seated <= 4
        expected = Counter(Boarding.objects.filter(trip__in=live).values_list("person", flat=True))
        assert len(expected) == 4 and set(expected.values()) == {1}  # each person on one trip
