"""gunicorn and the task worker side by side: what `stranded demo` serves with, and what the load
benchmark and the multi-process tests start. One place says how the web is served."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import IO, Protocol

import gunicorn


class Writer(Protocol):
    def write(self, text: str) -> object: ...


# As README's "Running it for real" says: 3 workers, a minute before a stuck one is replaced.
WEB_WORKERS = 3
WEB_TIMEOUT_S = 60


def gunicorn_command(
    addr: str, *, workers: int = WEB_WORKERS, app: str = "stranded.wsgi"
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        addr,
        "--workers",
        str(workers),
        "--timeout",
        str(WEB_TIMEOUT_S),
        "--graceful-timeout",
        "5",
    ]
    if gunicorn.version_info >= (25, 1):
        # Its control socket has one path per user by default: instances side by side collide.
        command.append("--no-control-socket")
    return command


def worker_command() -> list[str]:
    """Our worker (retries, heartbeat, the outbox, tasks cut off by a crash run again)."""
    return [sys.executable, "-m", "django", "worker"]


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "stranded.settings", **extra}


def start(
    command: Sequence[str], env: dict[str, str] | None = None, log: IO[str] | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 (our own commands)
        list(command), env=env or child_env(), stdout=log, stderr=log
    )


def stop(processes: Sequence[subprocess.Popen[bytes]], *, wait_s: float = 10) -> None:
    """Ask each to stop (gunicorn's quick shutdown, the worker's own), then kill what lingers."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + wait_s
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(
    web: subprocess.Popen[bytes],
    start_worker: Callable[[], subprocess.Popen[bytes]],
    *,
    out: Writer,
) -> int:
    """Serve until Ctrl-C or until gunicorn stops; a worker that dies is started again, so plans
    never wait on a dead queue. Both are stopped on the way out. Returns gunicorn's exit code."""
    worker = start_worker()
    try:
        while web.poll() is None:
            if worker.poll() is not None:
                out.write(
                    f"The task worker stopped (exit {worker.returncode}); starting it again.\n"
                )
                worker = start_worker()
            time.sleep(0.5)
    except KeyboardInterrupt:
        out.write("Stopping the web server and the task worker.\n")
    finally:
        stop([web, worker])
    return web.returncode or 0
