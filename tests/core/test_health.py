"""GET /health/ and `stranded health`: database, migrations, worker, outbox; no personal data."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from stranded.core.models import WorkerHeartbeat
from stranded.evacuation.models import OutboxMessage
from tests.base import StrandedTestCase


class HealthTests(StrandedTestCase):
    def beat(self, ago: timedelta = timedelta(seconds=3)) -> None:
        seen = timezone.now() - ago
        WorkerHeartbeat.objects.create(
            worker_id="w", host="h", pid=1, started_at=seen, seen_at=seen
        )

    def message(self, *, minutes_ago: int, status: str = "queued") -> None:
        message = OutboxMessage.objects.create(
            operation=self.operation,
            recipient="+374 91 555 123",
            text="Ծովինար is safe",
            status=status,
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes_ago)
        )

    def get(self) -> tuple[int, dict[str, Any]]:
        response = self.client.get("/health/")
        self.assertEqual(response["Content-Type"], "application/json")
        return response.status_code, response.json()

    def test_it_answers_200_to_anyone_when_all_is_well(self) -> None:
        self.beat()
        self.message(minutes_ago=2)
        status, body = self.get()
        self.assertEqual((status, body["status"]), (200, "ok"))
        checks = body["checks"]
        self.assertEqual(checks["database"], {"ok": True, "vendor": checks["database"]["vendor"]})
        self.assertEqual(checks["migrations"], {"ok": True, "unapplied": 0})
        self.assertTrue(checks["worker"]["ok"])
        self.assertLessEqual(checks["worker"]["seconds_since_seen"], 60)
        self.assertEqual(checks["outbox"]["queued"], 1)
        self.assertEqual(checks["outbox"]["oldest_queued_minutes"], 2)

    def test_it_answers_503_when_no_worker_has_been_seen(self) -> None:
        status, body = self.get()
        self.assertEqual((status, body["status"]), (503, "fail"))
        self.assertEqual(body["checks"]["worker"]["seconds_since_seen"], None)
        self.assertFalse(body["checks"]["worker"]["ok"])

    def test_it_answers_503_when_the_worker_stopped_beating(self) -> None:
        self.beat(timedelta(minutes=6))
        status, body = self.get()
        self.assertEqual(status, 503)
        self.assertGreaterEqual(body["checks"]["worker"]["seconds_since_seen"], 360)

    def test_it_answers_503_when_messages_to_families_wait(self) -> None:
        self.beat()
        self.message(minutes_ago=45)
        self.message(minutes_ago=50, status="failed")
        status, body = self.get()
        self.assertEqual(status, 503)
        outbox = body["checks"]["outbox"]
        self.assertEqual((outbox["ok"], outbox["queued"], outbox["failed"]), (False, 1, 1))
        self.assertEqual(outbox["oldest_queued_minutes"], 45)

    def test_it_answers_503_when_migrations_are_not_applied(self) -> None:
        self.beat()
        with mock.patch(
            "stranded.core.health.MigrationExecutor.migration_plan", return_value=[("m", False)]
        ):
            status, body = self.get()
        self.assertEqual(status, 503)
        self.assertEqual(body["checks"]["migrations"], {"ok": False, "unapplied": 1})

    def test_it_names_only_the_kind_of_a_database_error(self) -> None:
        error = OperationalError("connection to server at 10.0.0.5 failed: password for stranded")
        with mock.patch.dict("stranded.core.health.CHECKS", {"database": error_check(error)}):
            status, body = self.get()
        self.assertEqual(status, 503)
        self.assertEqual(body["checks"]["database"], {"ok": False, "error": "OperationalError"})
        self.assertNotIn("10.0.0.5", json.dumps(body))

    def test_it_never_shows_personal_data(self) -> None:
        self.beat()
        self.message(minutes_ago=1)
        content = self.client.get("/health/").content.decode()
        for secret in ("555 123", "Ծովինար", "coordinator", self.operation.name):
            self.assertNotIn(secret, content)

    def test_it_refuses_other_methods(self) -> None:
        self.assertEqual(self.client.post("/health/").status_code, 405)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_it_answers_monitors_without_tls_in_production(self) -> None:
        self.beat()
        self.assertEqual(self.client.get("/health/").status_code, 200)
        self.assertEqual(self.client.get("/login/").status_code, 301)

    def test_it_prints_the_same_from_the_command_line(self) -> None:
        self.beat()
        out = io.StringIO()
        call_command("health", stdout=out)
        report = json.loads(out.getvalue())
        self.assertEqual((report["status"], report["checks"]["migrations"]["unapplied"]), ("ok", 0))

    def test_it_exits_1_from_the_command_line_when_a_check_fails(self) -> None:
        out = io.StringIO()
        with self.assertRaises(SystemExit) as exit_:
            call_command("health", stdout=out)
        self.assertEqual(exit_.exception.code, 1)
        self.assertEqual(json.loads(out.getvalue())["checks"]["worker"]["ok"], False)


def error_check(error: Exception) -> Any:
    def check() -> dict[str, Any]:
        raise error

    return check
