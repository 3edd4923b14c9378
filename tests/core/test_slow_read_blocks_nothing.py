"""A slow read holds no lock: logins, inquiries and visits go through while it runs.

Real threads on a real database (a file on SQLite, in WAL mode; PostgreSQL with DATABASE_URL).
The reader's first page is held open in the middle (its queries and audit reads done, its page
not yet rendered) until the writers are done, or until a generous limit passes: the test
asserts that every write finished while that read was still open, and that nothing failed.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.sweeps.models import Visit
from stranded.tracing import views as tracing_views
from stranded.tracing.models import Inquiry
from tests.base import PASSWORD, StrandedTransactionTestCase
from tests.sweeps.base import assigned_town_cell
from tests.tracing.builders import create_person

HOLD_LIMIT = 30  # seconds; a read holding the write lock keeps the writers out until then


class SlowReadTests(StrandedTransactionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.cell = assigned_town_cell(self.operation, self.team, self.coordinator)
        for family in ("Petrosyan", "Petrossian", "Hakobyan", "Akopyan"):
            create_person(
                self.operation,
                given_name="Anahit",
                family_name=family,
                birth_year=1950,
                sex="female",
            )
        self.reading, self.writes_done = threading.Event(), threading.Event()
        self.outcomes: dict[str, Any] = {}
        self.errors: list[str] = []

    def slow_render(self, real: Any) -> Any:
        def render(*args: Any, **kwargs: Any) -> Any:
            if not self.reading.is_set():
                self.reading.set()
                self.outcomes["writes_done_while_reading"] = self.writes_done.wait(HOLD_LIMIT)
            return real(*args, **kwargs)

        return render

    def run_thread(self, name: str, work: Any) -> threading.Thread:
        def target() -> None:
            try:
                work()
            except Exception as error:  # recorded and asserted on below
                self.errors.append(f"{name}: {type(error).__name__}: {error}")
            finally:
                connection.close()

        thread = threading.Thread(target=target, name=name)
        thread.start()
        return thread

    def reader(self) -> None:
        client = Client()
        client.force_login(self.tracing_officer)
        statuses: list[int] = []
        while not self.writes_done.is_set() or not statuses:
            for url in (reverse("tracing:match-queue"), reverse("core:dashboard")):
                statuses.append(client.get(url).status_code)
        self.outcomes["reads"] = statuses

    def log_in(self) -> None:
        self.reading.wait(HOLD_LIMIT)
        response = Client().post(
            reverse("core:login"), {"username": "coordinator", "password": PASSWORD}
        )
        self.outcomes["login"] = response.status_code

    def save_inquiry(self) -> None:
        self.reading.wait(HOLD_LIMIT)
        client = Client()
        client.force_login(self.tracing_officer)
        response = client.post(
            "/api/tracing/inquiries",
            {
                "inquirer_name": "Lusine",
                "given_name": "Anahit",
                "family_name": "Petrosyan",
                "birth": "1950",
                "sex": "female",
                "address": "Tumanyan 3",
            },
            content_type="application/json",
        )
        self.outcomes["inquiry"] = response.status_code

    def record_visit(self) -> None:
        self.reading.wait(HOLD_LIMIT)
        client = Client()
        client.force_login(self.field_member)
        response = client.post(
            "/api/sweeps/visits",
            {
                "area": self.cell.code,
                "address": "Azatamartikneri 12",
                "outcome": "persons_present",
                "lat": self.cell.center_lat,
                "lon": self.cell.center_lon,
                "persons": [
                    {
                        "given_name": "Anahit",
                        "family_name": "Petrossian",
                        "birth_year": 1950,
                        "sex": "female",
                    }
                ],
            },
            content_type="application/json",
        )
        self.outcomes["visit"] = response.status_code

    def test_it_lets_writes_through_while_a_slow_read_runs(self) -> None:
        from unittest import mock

        with mock.patch.object(tracing_views, "render", self.slow_render(tracing_views.render)):
            reader = self.run_thread("reader", self.reader)
            writers = [
                self.run_thread(name, work)
                for name, work in (
                    ("login", self.log_in),
                    ("inquiry", self.save_inquiry),
                    ("visit", self.record_visit),
                )
            ]
            for thread in writers:
                thread.join(HOLD_LIMIT * 2)
            self.writes_done.set()
            reader.join(HOLD_LIMIT * 2)
        self.assertEqual(self.errors, [])
        self.assertTrue(self.outcomes["writes_done_while_reading"])
        self.assertEqual(self.outcomes["login"], 302)
        self.assertEqual(self.outcomes["inquiry"], 201)
        self.assertEqual(self.outcomes["visit"], 201)
        self.assertEqual(set(self.outcomes["reads"]), {200})
        self.assertEqual(Inquiry.objects.filter(inquirer_name="Lusine").count(), 1)
        self.assertEqual(Visit.objects.filter(area=self.cell).count(), 1)
        # The held read's audit events were stored before its page left.
        self.assertTrue(AuditEvent.objects.filter(verb="read", actor=self.tracing_officer).exists())
