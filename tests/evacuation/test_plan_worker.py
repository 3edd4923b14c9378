"""A plan waiting on the task worker: the page says when no worker is seen; a cut-off plan fails."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stranded.core.models import WorkerHeartbeat
from stranded.evacuation.models import Plan, PlanStatus
from stranded.evacuation.tasks import compute_plan_task
from tests.evacuation.base import EvacuationTestCase


class PlanWorkerTests(EvacuationTestCase):
    def plan(self, status: str = PlanStatus.QUEUED) -> Plan:
        return Plan.objects.create(
            operation=self.operation,
            destination=self.destination,
            starts_at=timezone.now(),
            inputs={},
            status=status,
            created_by=self.coordinator,
        )

    def beat(self, ago: timedelta) -> None:
        seen = timezone.now() - ago
        WorkerHeartbeat.objects.create(
            worker_id="w1", host="h", pid=1, started_at=seen, seen_at=seen
        )

    def progress(self, plan: Plan) -> str:
        self.login(self.coordinator)
        url = reverse("evacuation:plan-progress", args=[plan.pk])
        return self.client.get(url).content.decode()

    def test_it_says_no_worker_has_been_seen(self) -> None:
        self.assertIn("No task worker has been seen for a minute", self.progress(self.plan()))

    def test_it_says_so_when_the_last_worker_stopped_beating(self) -> None:
        self.beat(timedelta(minutes=2))
        self.assertIn('id="no-worker"', self.progress(self.plan()))

    def test_it_says_nothing_while_a_worker_beats(self) -> None:
        self.beat(timedelta(seconds=5))
        self.assertNotIn('id="no-worker"', self.progress(self.plan()))

    def test_it_says_nothing_about_the_worker_once_the_plan_is_done(self) -> None:
        page = self.progress(self.plan(PlanStatus.DONE))
        self.assertNotIn('id="no-worker"', page)

    def test_it_fails_a_plan_whose_worker_was_cut_off_with_the_reason(self) -> None:
        plan = self.plan(PlanStatus.RUNNING)  # the worker died in the middle; task run again
        self.assertEqual(compute_plan_task.call(str(plan.pk)), PlanStatus.FAILED)
        plan.refresh_from_db()
        self.assertEqual(plan.status, PlanStatus.FAILED)
        self.assertIn("the worker stopped while computing this plan", plan.error)
        self.assertIn("the worker stopped", self.progress(plan))

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_a_plan_queued_under_the_tasks_old_name_is_still_run(self) -> None:
        migration = import_module("stranded.evacuation.migrations.0006_compute_plan_task")
        compute_plan_task.enqueue(str(self.plan(PlanStatus.RUNNING).pk))
        DBTaskResult.objects.update(task_path=migration.OLD)  # queued before the rename
        migration.rename_to(migration.OLD, migration.NEW)(apps, None)
        row = DBTaskResult.objects.get()
        self.assertEqual(row.task_path, "stranded.evacuation.tasks.compute_plan_task")
        self.assertEqual(row.task.call(*row.args_kwargs["args"]), PlanStatus.FAILED)
