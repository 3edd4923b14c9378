"""Helpers for tests that start real processes (gunicorn, the task worker, commands) against the
test database, and stop them whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.db import connection

from stranded.core import serving

SRC = Path(__file__).resolve().parent.parent / "src"
# The ports these tests may bind on 127.0.0.1; STRANDED_TEST_PORTS=first-last moves them.
_first, _, _last = os.environ.get("STRANDED_TEST_PORTS", "8110-8129").partition("-")
PORTS = range(int(_first), int(_last) + 1)


def free_port() -> int:
    """A port of PORTS nobody listens on (each xdist worker starts at its own offset)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    offset = (int(worker) * 5 if worker.isdigit() else 0) % len(PORTS)
    for port in [*PORTS[offset:], *PORTS[:offset]]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"]
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return f"postgres://{user}{password}@{host}:{port or 5432}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


def env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(
        p for p in (str(SRC), str(SRC.parent), os.environ.get("PYTHONPATH")) if p
    )
    return serving.child_env(DATABASE_URL=database_url(), PYTHONPATH=path, **extra)


def stranded(*args: str) -> list[str]:
    return [sys.executable, "-m", "stranded.cli", *args]


def wait_for_http(
    url: str, *, timeout_s: float = 40, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server stopped (exit {process.returncode}) before {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {timeout_s} s")


def wait_for(predicate: object, *, timeout_s: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc (no psutil needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextlib.contextmanager
def running(
    *commands: Sequence[str], environ: dict[str, str] | None = None
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start the commands; on the way out kill each and its children, whatever happened."""
    processes = [
        subprocess.Popen(list(c), env=environ or env(), start_new_session=True) for c in commands
    ]
    try:
        yield processes
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
