"""A demo operation on its own clock (October 2023, advancing in real time): what is recorded
is stamped with it and compared with it (a need overdue, a re-sweep due, a lock, a plan's start,
the day an age was said); audit events stay on the real clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from unittest import mock

from django.db import IntegrityError, transaction
from django.urls import reverse

from stranded.core import clock
from stranded.core.models import AuditEvent, Operation
from stranded.needs.actions import record_need
from stranded.places.models import Area, AreaState, DueReason
from stranded.sweeps.actions import assign_area, complete_area
from stranded.sweeps.coverage import recompute
from stranded.tracing.actions import record_person
from stranded.tracing.models import Inquiry, Person
from tests.sweeps.base import SweepsTestCase

# The real time of every test here, and the operation's: 12:00 in Khankendi on 2 October 2023.
REAL = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
OPERATION_NOW = datetime(2023, 10, 2, 8, 0, tzinfo=UTC)


@contextmanager
def real_time(moment: datetime = REAL) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class DemoClockTests(SweepsTestCase):
    def setUp(self) -> None:
        Operation.objects.filter(pk=self.operation.pk).update(
            time_zone="Asia/Baku", clock_offset=REAL - OPERATION_NOW
        )
        self.operation.refresh_from_db()
        self.cell.refresh_from_db()

    def test_the_operations_clock_runs_behind_and_advances_in_real_time(self) -> None:
        with real_time():
            self.assertEqual(clock.now(self.operation).isoformat(), "2023-10-02T12:00:00+04:00")
        with real_time(REAL + timedelta(hours=30)):
            self.assertEqual(clock.today(self.operation), date(2023, 10, 3))

    def test_every_page_says_the_demos_clock_and_the_settings_say_why(self) -> None:
        self.login(self.coordinator)
        with real_time():
            page = self.client.get(reverse("core:operation-settings"))
        self.assertContains(page, "its clock: 02 Oct 2023 12:00")
        self.assertContains(page, "behind the real one (a demo or an exercise)")

    def test_a_need_recorded_on_its_today_is_not_overdue(self) -> None:
        with real_time():
            need = record_need(
                operation=self.operation, area=self.cell, kind="food", by=self.coordinator
            )
            self.login(self.coordinator)
            page = self.client.get(reverse("needs:detail", args=[need.pk]))
        # due before the first frost (15 Nov 2023 by default), recorded on 2 October 2023
        self.assertEqual(need.created_at, OPERATION_NOW)
        self.assertContains(page, "02 Oct 2023 12:00")
        self.assertContains(page, "15 Nov 2023")
        self.assertNotContains(page, "overdue")

    def test_a_resweep_due_is_computed_on_its_clock(self) -> None:
        record_person(
            operation=self.operation,
            source="field",
            status="located",
            by=None,
            data={"given_name": "Ashot", "lives_alone": True},
            area=self.cell,
        )
        with real_time(REAL - timedelta(hours=6)):
            assign_area(area=self.cell, team=self.team, by=self.coordinator)
            complete_area(area=self.cell, by=self.coordinator)
        with real_time():
            recompute(self.operation)
        cell = Area.objects.get(pk=self.cell.pk)
        self.assertEqual(cell.last_swept_at, OPERATION_NOW - timedelta(hours=6))
        self.assertEqual(cell.state, AreaState.SWEPT)  # 6 h ago, not three years
        self.assertIn("swept 6 h ago", cell.priority_reason_texts)
        with real_time(REAL + timedelta(hours=43)):
            recompute(self.operation)
            cell.refresh_from_db()
            self.assertEqual(cell.state, AreaState.DUE)
            self.assertEqual(cell.due_reason, DueReason.VULNERABLE)
            self.assertEqual(cell.due_reason_text, "vulnerable persons known, last swept 49 h ago")

    def test_a_lock_is_held_until_a_time_on_its_clock(self) -> None:
        with real_time():
            assign_area(area=self.cell, team=self.team, by=self.coordinator, hours=8)
            self.assertEqual(
                list(Area.objects.held_by(self.team).values_list("code", flat=True)),
                [self.cell.code],
            )
            self.login(self.coordinator)
            page = self.client.get(reverse("sweeps:area-detail", args=[self.cell.pk]))
        self.assertEqual(
            Area.objects.get(pk=self.cell.pk).lock_expires_at, OPERATION_NOW + timedelta(hours=8)
        )
        self.assertContains(page, "02 Oct 20:00")
        with real_time(REAL + timedelta(hours=9)):
            self.assertFalse(Area.objects.held_by(self.team).exists())

    def test_an_age_said_in_october_2023_gives_born_about_1950(self) -> None:
        self.login(self.tracing_officer)
        with real_time():
            self.client.post(
                reverse("tracing:inquiry-new"),
                {
                    "inquirer_name": "Anahit",
                    "channel": "phone",
                    "given_name": "Ashot",
                    "family_name": "Petrosyan",
                    "birth": "about 73",
                },
            )
            sought = Inquiry.objects.get().sought
            page = self.client.get(reverse("tracing:person-detail", args=[sought.pk]))
        self.assertEqual((sought.age_on, sought.approximate_birth_year), (date(2023, 10, 2), 1950))
        self.assertContains(page, "about 73 on 2023-10-02")

    def test_an_age_without_its_day_is_counted_from_the_records_own_day(self) -> None:
        with real_time():
            person = record_person(
                operation=self.operation,
                source="field",
                status="located",
                by=None,
                data={"given_name": "Ashot", "age_years": 73},
            )
        Person.objects.filter(pk=person.pk).update(age_on=None)  # an import that kept no day
        person.refresh_from_db()
        self.assertEqual(person.approximate_birth_year, 1950)

    def test_audit_events_stay_on_the_real_clock(self) -> None:
        with real_time():
            need = record_need(
                operation=self.operation, area=self.cell, kind="food", by=self.coordinator
            )
        event = AuditEvent.objects.get(verb="need.recorded", target_id=str(need.pk))
        self.assertEqual((event.at, need.created_at), (REAL, OPERATION_NOW))

    def test_a_real_operation_cannot_run_on_a_made_up_clock(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            Operation.objects.filter(pk=self.operation.pk).update(synthetic=False)
