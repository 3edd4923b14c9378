"""The task worker that keeps working: `stranded worker` (django-tasks-db's worker, hardened).

- A database error ("database is locked", a lost connection) is logged and retried with a
  growing pause; it never ends the worker.
- A heartbeat row (WorkerHeartbeat) is written every few seconds from a thread of its own, so a
  worker busy with a long plan is still seen alive.
- A task left "running" by a worker that stopped beating (kill -9, power cut, OOM) is queued
  again, up to MAX_ATTEMPTS runs in all, then failed with the reason; never left running.
- Scheduled jobs (settings.STRANDED_WORKER_SCHEDULE: the outbox, pruning) run between tasks.
- `--supervise` runs the worker as a child process and starts it again whenever it dies.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from stranded.core.models import WorkerHeartbeat

logger = logging.getLogger("stranded.worker")
MAX_ATTEMPTS = 3
# "database is locked" (OperationalError), a lost connection (InterfaceError, OperationalError).
DATABASE_ERRORS = (DatabaseError, InterfaceError)
HOUSEKEEPING_EVERY = 15.0  # seconds between looks for lost tasks and due scheduled jobs


class WorkerLostError(Exception):
    """The worker running a task stopped (killed, crashed) before the task finished."""


def stale_after() -> timedelta:
    return timedelta(seconds=settings.STRANDED_WORKER_STALE_SECONDS)


def last_seen() -> Any:
    """When any worker last beat (None: never)."""
    beat = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return beat


def worker_seen(within: timedelta | None = None) -> bool:
    seen = last_seen()
    return seen is not None and seen >= timezone.now() - (within or stale_after())


def beat(worker_id: str, started_at: Any) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


class Heartbeat(threading.Thread):
    """Beats from its own thread (and database connection) until stopped."""

    def __init__(self, worker_id: str, every: float) -> None:
        super().__init__(name="stranded-heartbeat", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    beat(self.worker_id, self.started_at)
                except DATABASE_ERRORS as error:
                    logger.warning("worker %s: heartbeat not stored (%s)", self.worker_id, error)
                    connections.close_all()
                self.stopping.wait(self.every)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


def recover_lost_tasks(*, idle_worker_id: str = "") -> dict[str, int]:
    """Tasks left running by a worker that stopped beating: queued again, or failed at the end.

    `idle_worker_id`: the calling worker, between tasks; a task still marked running by it was
    cut off by a database error while its result was being stored.
    """
    now = timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - stale_after())
        .exclude(worker_id=idle_worker_id)
        .values_list("worker_id", flat=True)
    )
    counts = {"requeued": 0, "failed": 0}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for result in running:
        owner = result.worker_ids[-1] if result.worker_ids else ""
        if owner in alive or (owner != idle_worker_id and _just_started(result, now)):
            continue
        attempts = len(result.worker_ids)
        if attempts < MAX_ATTEMPTS:
            updated = running.filter(pk=result.pk, started_at=result.started_at).update(
                status=TaskResultStatus.READY
            )
            counts["requeued"] += updated
            logger.warning(
                "task %s: its worker stopped; queued again (run %d of %d)",
                result.pk,
                attempts + 1,
                MAX_ATTEMPTS,
            )
        else:
            result.set_failed(
                WorkerLostError(
                    f"the worker running this task stopped (killed or crashed) {attempts} times"
                )
            )
            counts["failed"] += 1
            logger.error("task %s: its worker stopped %d times; failed", result.pk, attempts)
    return counts


def _just_started(result: DBTaskResult, now: Any) -> bool:
    # A worker beats before it claims; a claim younger than the stale window is given the doubt.
    return result.started_at is not None and result.started_at >= now - stale_after()


def prune_finished_tasks() -> dict[str, int]:
    """Finished task results and old heartbeats older than STRANDED_TASK_KEEP_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.STRANDED_TASK_KEEP_DAYS)
    finished = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    tasks, _ = DBTaskResult.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    beats, _ = WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return {"tasks": tasks, "heartbeats": beats}


class StrandedWorker(Worker):
    """django-tasks-db's worker with retries on database errors, a heartbeat and a schedule."""

    def __init__(self, *, beat_every: float = 5.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.beat_every = beat_every
        self.next_housekeeping = 0.0
        self.next_run: dict[str, float] = {}
        self.started_at = timezone.now()

    def run(self) -> None:
        logger.info("worker %s started (pid %d)", self.worker_id, os.getpid())
        # beat_every 0: no thread, beats between tasks only (the tests, inside one transaction).
        heartbeat = Heartbeat(self.worker_id, self.beat_every) if self.beat_every > 0 else None
        if heartbeat is not None:
            heartbeat.start()
        pause = 1.0
        try:
            while self.running:
                try:
                    self.housekeeping()
                    ran = self.run_one()
                    pause = 1.0
                except DATABASE_ERRORS as error:
                    logger.warning(
                        "worker %s: database error (%s); retrying in %.0f s",
                        self.worker_id,
                        error,
                        pause,
                    )
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.batch and not ran:
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            if heartbeat is not None:
                heartbeat.stop()

    def run_one(self) -> bool:
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        self.run_task(task_result)
        close_old_connections()
        return True

    def housekeeping(self) -> None:
        now = time.monotonic()
        if now < self.next_housekeeping:
            return
        self.next_housekeeping = now + min(HOUSEKEEPING_EVERY, stale_after().total_seconds())
        if self.beat_every <= 0:
            beat(self.worker_id, self.started_at)
        recover_lost_tasks(idle_worker_id=self.worker_id)
        for path, every in settings.STRANDED_WORKER_SCHEDULE:
            if now < self.next_run.get(path, 0.0):
                continue
            self.next_run[path] = now + every
            try:
                outcome = import_string(path)()
                logger.info("scheduled %s: %s", path.rsplit(".", 1)[-1], outcome)
            except DATABASE_ERRORS:
                raise
            except Exception:  # a failing job is logged; the worker goes on with its tasks
                logger.exception("scheduled %s failed", path)


def supervise(arguments: list[str], *, pause_max: float = 30.0) -> int:
    """Run `stranded worker ARGUMENTS` as a child; start it again whenever it dies."""
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), stop)
    pause = 1.0
    while True:
        started = time.monotonic()
        command = [sys.executable, "-m", "stranded.cli", "worker", *arguments]
        child = subprocess.Popen(command)  # noqa: S603 (our own interpreter and command)
        code = child.wait()
        if stopping:
            return 0
        pause = 1.0 if time.monotonic() - started > 60 else min(pause * 2, pause_max)
        logger.error("worker exited with %s; starting it again in %.0f s", code, pause)
        time.sleep(pause)
