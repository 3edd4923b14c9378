"""Helpers for tests that start real processes (gunicorn, the task worker, commands) against the
test database, and stop them whatever happens."""

from __future__ import annotations

import base64
import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

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
        password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
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
    url: str, *, timeout_s: float = 90, process: subprocess.Popen[bytes] | None = None
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


def wait_for(predicate: Callable[[], bool], *, timeout_s: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
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


class Browser:
    """A logged-in user of the pages and the JSON API over real HTTP (cookies, CSRF token)."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        page = self.request("GET", "/login/")[1].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        status, _ = self.request(
            "POST",
            "/login/",
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, f"login as {username} answered {status}"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read()

    def json(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        csrf = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": csrf or ""}
        status, content = self.request(method, path, body, headers)
        return status, json.loads(content) if content else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextlib.contextmanager
def two_machines() -> Iterator[tuple[str, str]]:
    """Two gunicorn instances on two ports (two web machines) against the test's database, one
    worker each, so that each keeps what it has in memory between requests."""
    ports = [free_port()]
    with socket.socket() as held:  # keep the first port taken while the second is chosen
        held.bind(("127.0.0.1", ports[0]))
        ports.append(free_port())
    commands = [serving.gunicorn_command(f"127.0.0.1:{port}", workers=1) for port in ports]
    with running(*commands) as servers:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server in zip(bases, servers, strict=True):
            wait_for_http(f"{base}/login/", process=server)
        yield bases[0], bases[1]


def submit_visit(base: str, xml: bytes, username: str, password: str) -> int:
    """What ODK Collect sends to /openrosa/submission: multipart, HTTP Basic; the status."""
    boundary = "stranded-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"; '
            f'filename="submission.xml"\r\nContent-Type: text/xml\r\n\r\n'
        ).encode()
        + xml
        + f"\r\n--{boundary}--\r\n".encode()
    )
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    request = urllib.request.Request(
        f"{base}/openrosa/submission",
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Authorization": f"Basic {token}",
            "X-OpenRosa-Version": "1.0",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """SIGTERM (a graceful stop, as systemd does), then SIGKILL if it does not end in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
