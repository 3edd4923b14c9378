"""The operation's own clock: every time shown in its time zone, "today" (a need overdue, the
day an age was said) its date; the demo operation on Khankendi's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.urls import reverse

from stranded.core import clock
from stranded.core.models import Operation
from stranded.needs.actions import first_frost, record_need
from stranded.needs.models import Need
from stranded.sweeps.models import Visit
from stranded.tracing.actions import record_person
from tests.sweeps.base import SweepsTestCase

# 22:30 UTC on 2 October is already 3 October in Baku (UTC+4)
LATE = datetime(2023, 10, 2, 22, 30, tzinfo=UTC)


class OperationClockTests(SweepsTestCase):
    def setUp(self) -> None:
        Operation.objects.filter(pk=self.operation.pk).update(time_zone="Asia/Baku")
        self.operation.refresh_from_db()

    def test_pages_show_times_in_the_operations_time_zone(self) -> None:
        Visit.objects.create(
            operation=self.operation,
            area=self.cell,
            team=self.team,
            visited_at=LATE,
            outcome="empty",
        )
        self.login(self.coordinator)
        page = self.client.get(reverse("sweeps:visit-list"))
        self.assertContains(page, "03 Oct 02:30")
        self.assertNotContains(page, "02 Oct 22:30")

    def test_today_is_the_operations_date(self) -> None:
        with mock.patch("django.utils.timezone.now", return_value=LATE):
            self.assertEqual(clock.today(self.operation).isoformat(), "2023-10-03")
            person = record_person(
                operation=self.operation,
                source="inquiry",
                by=None,
                status="information_sought",
                data={"given_name": "Ashot", "age_years": 73},
            )
        self.assertEqual(person.age_on.isoformat(), "2023-10-03")
        self.assertEqual(person.approximate_birth_year, 1950)

    def test_a_need_is_overdue_by_the_operations_date(self) -> None:
        # due before 3 October: in Baku it is the 3rd already (overdue), in UTC still the 2nd
        need = record_need(
            operation=self.operation,
            area=self.cell,
            kind="drinking_water",
            by=self.coordinator,
            due_before=LATE.date(),
        )
        self.login(self.coordinator)
        with mock.patch("django.utils.timezone.now", return_value=LATE):
            page = self.client.get(reverse("needs:detail", args=[need.pk]))
        self.assertContains(page, "02 Oct 2023 · overdue")

    def test_the_coordinator_sets_the_time_zone_and_a_bad_one_is_named(self) -> None:
        self.login(self.coordinator)
        url = reverse("core:operation-settings")
        data = {"place_display": "both", "center_lat": 39.8155, "center_lon": 46.7519}
        response = self.client.post(url, {**data, "time_zone": "Mars/Olympus"})
        self.assertContains(response, "Mars/Olympus is not a time zone", status_code=200)
        self.client.post(url, {**data, "time_zone": "Asia/Yerevan"})
        self.operation.refresh_from_db()
        self.assertEqual(self.operation.time_zone, "Asia/Yerevan")


class DemoClockTests(SweepsTestCase):
    def test_the_demo_runs_on_khankendis_clock_and_its_needs_are_not_all_overdue(self) -> None:
        from stranded.core.management.commands.demo import create_demo_operation

        operation, _ = create_demo_operation()
        self.assertEqual(operation.time_zone, "Asia/Baku")
        today = clock.today(operation)
        self.assertEqual(operation.started_on, today - timedelta(days=3))
        self.assertGreater(operation.settings["first_frost"], today.isoformat())
        need = Need(operation=operation, kind="drinking_water", due_before=first_frost(operation))
        self.assertFalse(need.overdue)
