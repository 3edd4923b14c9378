"""kill -9 of the task worker: its task is run again by the next worker; --supervise restarts it.

Real processes against the test database, so PostgreSQL only (SQLite's test database lives in
the test process's memory).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks import TaskContext, task
from django_tasks_db.models import DBTaskResult

from stranded.core.models import WorkerHeartbeat
from tests.base import StrandedTransactionTestCase
from tests.processes import stop

CHECKOUT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task(takes_context=True)
def slow_the_first_time(context: TaskContext, value: str) -> str:
    if context.attempt == 1:
        time.sleep(120)  # the test kills the worker meanwhile
    return value


def wait_until(check: Callable[[], Any], what: str, seconds: float = 90) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="worker processes need a database they can share (PostgreSQL)",
)
@override_settings(TASKS=DATABASE_TASKS)
class WorkerCrashTests(StrandedTransactionTestCase):
    def start(self, *arguments: str) -> subprocess.Popen[bytes]:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "STRANDED_WORKER_STALE_SECONDS": "2",
            "PYTHONPATH": f"{CHECKOUT / 'src'}{os.pathsep}{CHECKOUT}",
        }
        command = [
            sys.executable,
            "-m",
            "stranded.cli",
            "worker",
            "--interval",
            "0.2",
            "--beat-every",
            "0.5",
            *arguments,
        ]
        process = subprocess.Popen(command, env=env, cwd=CHECKOUT)
        self.addCleanup(stop, process)
        return process

    def test_it_runs_again_a_task_cut_off_by_kill_9(self) -> None:
        result = slow_the_first_time.enqueue("done")
        first = self.start()
        wait_until(
            lambda: DBTaskResult.objects.filter(pk=result.id, status="RUNNING").exists(),
            "the first worker to claim the task",
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        self.assertEqual(DBTaskResult.objects.get(pk=result.id).status, "RUNNING")  # cut off
        self.start()
        done = wait_until(
            lambda: DBTaskResult.objects.filter(pk=result.id, status="SUCCESSFUL").first(),
            "the second worker to run the task again",
        )
        self.assertEqual(done.return_value, "done")
        self.assertEqual(len(done.worker_ids), 2)

    def test_it_starts_a_killed_worker_again_when_supervised(self) -> None:
        supervisor = self.start("--supervise")
        first = wait_until(lambda: WorkerHeartbeat.objects.first(), "the first heartbeat")
        os.kill(first.pid, signal.SIGKILL)
        second = wait_until(
            lambda: WorkerHeartbeat.objects.exclude(pid=first.pid).first(), "a new worker"
        )
        self.assertNotEqual(second.pid, supervisor.pid)
        supervisor.send_signal(signal.SIGTERM)
        self.assertEqual(supervisor.wait(timeout=30), 0)
        wait_until(lambda: not Path(f"/proc/{second.pid}").exists(), "the worker to stop", 30)
