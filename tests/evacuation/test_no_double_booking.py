"""No double booking: two coordinators assign requests to the same trip at the same moment, and
together they would exceed its seats. The trip row lock lets exactly one through.

Real concurrent transactions need PostgreSQL (SQLite serialises writers by locking the whole
file, which proves nothing): the test skips on SQLite and says why.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from stranded.core.models import Operation, Organisation
from stranded.evacuation.actions import CapacityError
from stranded.evacuation.actions.publish import assign_request
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Plan, Stop, Trip, Vehicle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _flushable_append_only_tables(transactional_db: None) -> Iterator[None]:
    """The flush after a transactional test needs the audit log's append-only guard lifted."""
    from stranded.core.dbguards import install_append_only, remove_append_only

    install_append_only(connection)
    yield
    remove_append_only(connection)


def _trip(seats: int) -> tuple[Operation, Trip]:
    org = Organisation.objects.create(name="Concurrency org")
    operation = Operation.objects.create(
        organisation=org, name="Concurrency", synthetic=True, center_lat=39.8155, center_lon=46.7519
    )
    destination = Destination.objects.create(
        operation=operation, name="Hakari", kind="crossing", lat=39.514, lon=46.556
    )
    vehicle = Vehicle.objects.create(
        operation=operation, name="Minibus", kind="minibus", seats=seats
    )
    now = timezone.now()
    plan = Plan.objects.create(
        operation=operation, destination=destination, starts_at=now, inputs={}, status="published"
    )
    trip = Trip.objects.create(
        plan=plan,
        vehicle=vehicle,
        number=1,
        destination=destination,
        depart_at=now,
        arrive_at=now + timedelta(hours=2),
    )
    return operation, trip


def test_two_concurrent_assignments_over_capacity_one_succeeds_one_fails() -> None:
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: real concurrent transactions (SQLite locks the whole file)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    operation, trip = _trip(seats=4)
    requests = [
        create_request(
            operation=operation,
            by=None,
            lat=39.81 + i / 100,
            lon=46.75,
            counts=(3, 0, 0),
            consent=True,
        )
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    results: dict[int, Any] = {}
    original_load = Trip.load

    def slow_load(self: Trip) -> tuple[int, int, int]:
        # Widen the window between reading the load and writing the stop: without the row
        # lock, both transactions would read 0 seats taken and both would write.
        load = original_load(self)
        time.sleep(0.5)
        return load

    def assign(number: int) -> None:
        try:
            barrier.wait()
            stop = assign_request(
                trip=trip, request=requests[number], load=(3, 0, 0), eta=timezone.now(), by=None
            )
            results[number] = stop.pk
        except CapacityError as error:
            results[number] = error
        finally:
            connections.close_all()

    with mock.patch.object(Trip, "load", slow_load):
        threads = [threading.Thread(target=assign, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    outcomes = sorted(type(r).__name__ for r in results.values())
    assert outcomes == ["CapacityError", "int"], results
    error = next(r for r in results.values() if isinstance(r, CapacityError))
    assert "3 + 3 seats exceed the 4 of Minibus" in str(error)
    assert Stop.objects.filter(trip=trip).count() == 1
    assert trip.load() == (3, 0, 0)


def test_an_assignment_over_capacity_is_refused_on_any_database() -> None:
    operation, trip = _trip(seats=4)
    request = create_request(
        operation=operation, by=None, lat=39.81, lon=46.75, counts=(2, 1, 0), consent=True
    )
    with pytest.raises(CapacityError, match="0 \\+ 1 wheelchair places exceed the 0 of Minibus"):
        assign_request(trip=trip, request=request, load=(2, 1, 0), eta=timezone.now(), by=None)
    with translation.override("ru"), pytest.raises(CapacityError) as refused:
        assign_request(trip=trip, request=request, load=(2, 1, 0), eta=timezone.now(), by=None)
    assert "(места для инвалидных колясок)" in str(refused.value)
    assert "рейс 1" in str(refused.value)
    assert Stop.objects.count() == 0
