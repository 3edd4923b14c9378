"""The task worker keeps working: database errors, lost workers, heartbeat, schedule, pruning."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stranded.core.models import WorkerHeartbeat
from stranded.core.worker import (
    MAX_ATTEMPTS,
    StrandedWorker,
    prune_finished_tasks,
    recover_lost_tasks,
)
from tests.base import StrandedTestCase

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RAN: list[int] = []


@task()
def add_one(n: int) -> int:
    RAN.append(n)
    return n + 1


def scheduled_job() -> str:
    RAN.append(-1)
    return "done"


def worker(**options: Any) -> StrandedWorker:
    defaults: dict[str, Any] = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
        "beat_every": 0,
    }
    return StrandedWorker(**{**defaults, **options})


@override_settings(TASKS=DATABASE_TASKS, STRANDED_WORKER_SCHEDULE=[])
class WorkerTests(StrandedTestCase):
    def setUp(self) -> None:
        RAN.clear()
        # Inside the test's transaction, the worker must not close the connection (it would on
        # PostgreSQL: autocommit is off); the real closing is exercised by test_worker_crash.
        patcher = mock.patch("stranded.core.worker.close_old_connections")
        patcher.start()
        self.addCleanup(patcher.stop)

    def lost_task(self, *, worker_ids: list[str], started_ago: timedelta) -> DBTaskResult:
        result = add_one.enqueue(1)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.RUNNING,
            worker_ids=worker_ids,
            started_at=timezone.now() - started_ago,
        )
        return DBTaskResult.objects.get(pk=result.id)

    def test_it_runs_queued_tasks(self) -> None:
        result = add_one.enqueue(41)
        worker().run()
        stored = DBTaskResult.objects.get(pk=result.id)
        self.assertEqual((stored.status, stored.return_value), (TaskResultStatus.SUCCESSFUL, 42))

    def test_it_retries_when_the_database_is_locked(self) -> None:
        self.survives(OperationalError("database is locked"))

    def test_it_retries_when_the_connection_is_lost(self) -> None:
        self.survives(InterfaceError("connection already closed"))

    def survives(self, error: Exception) -> None:
        result = add_one.enqueue(7)
        real_claim = DBTaskResult.claim
        errors = [error, error]

        def claim(task_result: DBTaskResult, worker_id: str) -> None:
            if errors:
                raise errors.pop()
            real_claim(task_result, worker_id)

        with (
            mock.patch.object(DBTaskResult, "claim", claim),
            mock.patch("stranded.core.worker.time.sleep") as sleep,
            mock.patch("stranded.core.worker.connections"),
            self.assertLogs("stranded.worker", "WARNING") as logs,
        ):
            worker().run()
        self.assertEqual(DBTaskResult.objects.get(pk=result.id).status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(RAN, [7])
        self.assertEqual([c.args[0] for c in sleep.call_args_list[:2]], [1.0, 2.0])  # backoff
        self.assertIn(str(error), logs.output[0])

    def test_it_beats_while_it_works(self) -> None:
        worker(worker_id="beating").run()
        beat = WorkerHeartbeat.objects.get(worker_id="beating")
        self.assertGreater(beat.seen_at, timezone.now() - timedelta(minutes=1))
        self.assertGreater(beat.pid, 0)

    def test_it_queues_again_a_task_whose_worker_stopped(self) -> None:
        lost = self.lost_task(worker_ids=["dead"], started_ago=timedelta(minutes=5))
        self.assertEqual(recover_lost_tasks(), {"requeued": 1, "failed": 0})
        self.assertEqual(DBTaskResult.objects.get(pk=lost.pk).status, TaskResultStatus.READY)
        worker().run()
        done = DBTaskResult.objects.get(pk=lost.pk)
        self.assertEqual(done.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(done.worker_ids, ["dead", "test-worker"])

    def test_it_fails_a_task_cut_off_too_often_with_the_reason(self) -> None:
        ids = [f"dead-{n}" for n in range(MAX_ATTEMPTS)]
        lost = self.lost_task(worker_ids=ids, started_ago=timedelta(minutes=5))
        self.assertEqual(recover_lost_tasks(), {"requeued": 0, "failed": 1})
        failed = DBTaskResult.objects.get(pk=lost.pk)
        self.assertEqual(failed.status, TaskResultStatus.FAILED)
        self.assertIn("WorkerLostError", failed.exception_class_path)
        self.assertIn(f"stopped (killed or crashed) {MAX_ATTEMPTS} times", failed.traceback)

    def test_it_leaves_the_task_of_a_live_worker_alone(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.create(
            worker_id="alive", host="h", pid=1, started_at=now, seen_at=now
        )
        lost = self.lost_task(worker_ids=["alive"], started_ago=timedelta(minutes=5))
        fresh = self.lost_task(worker_ids=["starting"], started_ago=timedelta(seconds=1))
        self.assertEqual(recover_lost_tasks(), {"requeued": 0, "failed": 0})
        for result in (lost, fresh):
            self.assertEqual(DBTaskResult.objects.get(pk=result.pk).status, "RUNNING")

    def test_it_recovers_its_own_task_cut_off_by_a_database_error(self) -> None:
        lost = self.lost_task(worker_ids=["me"], started_ago=timedelta(seconds=1))
        WorkerHeartbeat.objects.create(
            worker_id="me", host="h", pid=1, started_at=timezone.now(), seen_at=timezone.now()
        )
        self.assertEqual(recover_lost_tasks(idle_worker_id="me")["requeued"], 1)
        self.assertEqual(DBTaskResult.objects.get(pk=lost.pk).status, TaskResultStatus.READY)

    @override_settings(STRANDED_WORKER_SCHEDULE=[("tests.core.test_worker.scheduled_job", 60)])
    def test_it_runs_its_schedule(self) -> None:
        worker().run()
        self.assertEqual(RAN, [-1])

    def test_it_prunes_finished_tasks_and_old_heartbeats(self) -> None:
        old, recent = add_one.enqueue(1), add_one.enqueue(2)
        queued = add_one.enqueue(3)
        long_ago = timezone.now() - timedelta(days=30)
        DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=long_ago)
        DBTaskResult.objects.filter(pk=recent.id).update(
            status="FAILED", finished_at=timezone.now()
        )
        WorkerHeartbeat.objects.create(
            worker_id="gone", host="h", pid=1, started_at=long_ago, seen_at=long_ago
        )
        self.assertEqual(prune_finished_tasks(), {"tasks": 1, "heartbeats": 1})
        left = set(DBTaskResult.objects.values_list("pk", flat=True))
        self.assertEqual({str(pk) for pk in left}, {recent.id, queued.id})
