"""`stranded demo` serves with gunicorn and runs the task worker beside it; Ctrl-C stops both."""

from __future__ import annotations

import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from stranded.core import serving
from tests import processes


@pytest.fixture
def database(tmp_path: Path) -> dict[str, str]:
    """A migrated SQLite database of its own: the demo serves it as it is (--serve-only)."""
    environ = serving.child_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        STRANDED_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(processes.SRC),
        DEBUG="true",
    )
    subprocess.run(processes.stranded("migrate", "-v0"), env=environ, check=True, timeout=120)
    return environ


def test_it_serves_with_gunicorn_and_the_worker_and_ctrl_c_stops_both(
    database: dict[str, str],
) -> None:
    port = processes.free_port()
    command = processes.stranded("demo", "--serve-only", "--addr", f"127.0.0.1:{port}")
    with processes.running(command, environ=database) as (demo,):
        processes.wait_for_http(f"http://127.0.0.1:{port}/login/", process=demo)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as page:
            assert page.status == 200
            assert b"password" in page.read().lower()
        # WhiteNoise serves the apps' static files from gunicorn (no collectstatic needed).
        static = f"http://127.0.0.1:{port}/static/sweeps/coverage.js"
        with urllib.request.urlopen(static, timeout=10) as script:
            assert script.status == 200
            assert len(script.read()) > 100

        lines = {pid: processes.command_line(pid) for pid in processes.children(demo.pid)}
        web = [pid for pid, line in lines.items() if "gunicorn" in line]
        worker = [pid for pid, line in lines.items() if line.rstrip().endswith("django worker")]
        assert len(web) == 1 and len(worker) == 1, lines
        processes.wait_for(lambda: len(processes.children(web[0])) >= 1, what="gunicorn workers")
        family = [*web, *worker, *processes.children(web[0])]

        demo.send_signal(signal.SIGINT)  # what Ctrl-C sends the command
        assert demo.wait(30) == 0
        processes.wait_for(
            lambda: not any(processes.alive(pid) for pid in family), what="both to stop"
        )
        assert [pid for pid in family if processes.alive(pid)] == []
