"""kill -9 the task worker in the middle of a plan: once a worker runs again, the plan is retried
or failed with its reason, never left "running"."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from stranded.evacuation.actions.plans import start_plan
from stranded.evacuation.models import Destination, Plan, PlanStatus
from stranded.evacuation.tasks import compute_plan_task
from tests import processes
from tests.base import StrandedTransactionTestCase
from tests.evacuation.base import HAKARI, EvacuationTestCase

# How long a restarted worker may take to notice the task cut off by the crash.
RECOVERY_S = float(os.environ.get("STRANDED_TEST_RECOVERY_S", "40"))
WORKER = ["worker", "--interval", "0.2"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: kills the task worker in the middle of a task on a server",
    ),
]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class PlanCrashTests(StrandedTransactionTestCase):
    person = EvacuationTestCase.person
    request = EvacuationTestCase.request
    vehicle = EvacuationTestCase.vehicle

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def start(self) -> Plan:
        if not Destination.objects.exists():
            Destination.objects.create(
                operation=self.operation,
                name="Hakari bridge crossing",
                kind="crossing",
                lat=HAKARI[0],
                lon=HAKARI[1],
                unload_minutes=10,
            )
            self.vehicle()
            families = [("Anahit", "Hakobyan"), ("Garnik", "Petrosyan")]
            for n, (given, family) in enumerate(families):
                self.request([(self.person(given, family), "seated")], offset=0.002 * n)
        settings = {"destination": Destination.objects.get(), "horizon_minutes": 600}
        plan = start_plan(
            operation=self.operation, by=self.coordinator, seconds=2, settings=settings
        )
        compute_plan_task.enqueue(str(plan.pk))
        return plan

    def wait_until_finished(self, plan: Plan, limit_s: float) -> Plan:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            plan.refresh_from_db()
            if plan.status not in (PlanStatus.QUEUED, PlanStatus.RUNNING):
                break
            time.sleep(0.5)
        return plan

    def test_one_worker_computes_plan_after_plan(self) -> None:
        """The planner's forked search must not outlive its plan: the worker ignores SIGTERM
        while a task runs, and a search that inherited that stopped the worker for good."""
        with processes.running(processes.stranded(*WORKER)):
            for _ in range(3):
                plan = self.wait_until_finished(self.start(), RECOVERY_S)
                assert (plan.status, plan.evacuated) == (PlanStatus.DONE, 2)

    def kill_worker_midway(self, plan: Plan) -> None:
        marker = self.tmp / "paused"
        environ = processes.env(
            STRANDED_TEST_PAUSE="stranded.evacuation.planner:build_problem",
            STRANDED_TEST_PAUSE_FILE=str(marker),
        )
        with processes.running(
            [sys.executable, "-m", "tests.pausing", *WORKER], environ=environ
        ) as (worker,):
            processes.wait_for(marker.exists, what="the plan to pause midway")
            os.kill(int(marker.read_text()), signal.SIGKILL)
            worker.wait(10)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.RUNNING  # cut off: what a crash leaves behind

    def test_it_retries_or_fails_the_plan_visibly_after_the_worker_is_killed(self) -> None:
        plan = self.start()
        self.kill_worker_midway(plan)
        # The new worker finds the dead one's heartbeat stale and runs or fails its task.
        environ = processes.env(STRANDED_WORKER_STALE_SECONDS="8")
        with processes.running(processes.stranded(*WORKER, "--beat-every", "1"), environ=environ):
            plan = self.wait_until_finished(plan, RECOVERY_S)
        assert plan.status in (PlanStatus.DONE, PlanStatus.FAILED), plan.status
        if plan.status == PlanStatus.FAILED:
            assert plan.error  # the reason is shown on the plan page
        else:
            assert plan.evacuated == 2
        running = DBTaskResult.objects.filter(status="RUNNING")
        assert list(running.values_list("id", flat=True)) == []
