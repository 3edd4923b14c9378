"""README's "Running it for real", steps 3 to 7, run for real on a fresh virtual environment.

The checkout is copied (as if cloned to /srv/stranded), `.venv/bin/pip install .` installs the
package (not editable) into its own `.venv`, the environment file is made from
deploy/stranded.env.example, and every command goes through deploy/stranded as the README says:
migrate, collectstatic, check --deploy (STRANDED_PRODUCTION=true), operation create, users add.
Then gunicorn serves (as deploy/systemd/stranded-web.service, curl's part played here) and the
worker runs: the login page and every static file it links answer 200 under hashed names, the
admin logs in and lands on a page of their own, and /health/ answers 200.

Two shortcuts keep it fast and offline: the dependencies come from this test's environment
(a .pth file; pip installs the package with --no-deps), so gunicorn runs as
`.venv/bin/python -m gunicorn`. Run by `make test-production`, on PostgreSQL when DATABASE_URL
names one (a fresh database beside it), else on SQLite in the data directory.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.processes import stop

pytestmark = pytest.mark.production

CHECKOUT = Path(__file__).resolve().parents[2]
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")


def free_port() -> int:
    if os.environ.get("STRANDED_TEST_PORT"):
        return int(os.environ["STRANDED_TEST_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database beside DATABASE_URL's, or "" for SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield ""
        return
    import psycopg

    base, _, name = url.rpartition("/")
    fresh = f"{name}_prodpath"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{fresh}"')
    yield f"{base}/{fresh}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout copied to srv/ and installed into srv/.venv, as README's step 3."""
    srv = tmp_path_factory.mktemp("prod") / "srv"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("src", "deploy"):
        shutil.copytree(CHECKOUT / name, srv / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(CHECKOUT / name, srv / name)
    venv = srv / ".venv"
    subprocess.run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)], check=True
    )
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies: this environment's site-packages, after the new one's own (so the
    # installed copy of stranded wins over any editable one found there).
    (site / "_shared_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", "."], check=True, cwd=srv
    )
    return srv


def clean_env(**extra: str) -> dict[str, str]:
    dropped = ("DJANGO_", "PYTHON", "STRANDED_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    return {**env, **extra}


def environment_file(srv: Path, database_url: str, port: int) -> Path:
    """README step 4: the template with a generated secret and this machine's values."""
    data = srv.parent / "data"
    data.mkdir()
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url or f"sqlite:///{data}/stranded.sqlite3",
        "ALLOWED_HOSTS": "stranded.example.org,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "STRANDED_DATA_DIR": str(data),
        "STRANDED_BACKUP_DIR": str(srv.parent / "backups"),
    }
    text = (srv / "deploy" / "stranded.env.example").read_text()
    for key, value in values.items():
        text, found = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
        assert found == 1, key
    path = srv.parent / "stranded.env"
    path.write_text(text)
    return path


def stranded(srv: Path, env_file: Path, *args: str) -> str:
    result = subprocess.run(
        [str(srv / "deploy" / "stranded"), *args],
        env=clean_env(STRANDED_ENV_FILE=str(env_file)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"stranded {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


class Browser:
    """curl's part: HTTPS as the proxy reports it, cookies kept by hand (they are Secure)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, SimpleCookie()

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/login/",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, dict(response.headers), response.read()
        finally:
            conn.close()

    def wait(self, process: subprocess.Popen[bytes]) -> None:
        for _ in range(300):
            assert process.poll() is None, f"gunicorn exited with {process.returncode}"
            try:
                self.request("GET", "/login/")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer")


def test_it_keeps_the_data_directory_out_of_the_venv(srv: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [
            str(srv / ".venv" / "bin" / "python"),
            "-c",
            "import stranded, stranded.settings as s; print(stranded.__file__); print(s.DATA_DIR)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(DJANGO_SETTINGS_MODULE="stranded.settings"),
    )
    module, data_dir = where.stdout.split()
    assert module.startswith(str(srv / ".venv")), module  # installed, not the checkout
    assert Path(data_dir) == tmp_path / "var"  # where the command runs


def test_it_follows_running_it_for_real(srv: Path, database_url: str) -> None:
    port = free_port()
    env_file = environment_file(srv, database_url, port)
    stranded(srv, env_file, "migrate", "--noinput")
    stranded(srv, env_file, "collectstatic", "--noinput")
    checked = stranded(srv, env_file, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in checked
    stranded(srv, env_file, "operation", "create", "Flood 2027", "--organisation", "Red Cross")
    added = stranded(
        srv, env_file, "users", "add", "alice", "--role", "admin", "--operation", "Flood 2027"
    )
    password = added.strip().rsplit(" ", 1)[1]
    assert not list(srv.rglob("static/staticfiles.json"))  # in the data directory only
    assert (srv.parent / "data" / "static" / "staticfiles.json").exists()

    unit = (srv / "deploy" / "systemd" / "stranded-web.service").read_text()
    args = re.search(r"ExecStart=\S+/gunicorn (.+)", unit).group(1).split()  # type: ignore[union-attr]
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    args[args.index("--config") + 1] = str(srv / "deploy" / "gunicorn.conf.py")
    env = clean_env(**dict(re.findall(r"^([A-Z_]+)=(.*)$", env_file.read_text(), re.M)))
    data = str(srv.parent / "data")
    log = srv.parent / "gunicorn.log"
    web = subprocess.Popen(
        [str(srv / ".venv" / "bin" / "python"), "-m", "gunicorn", *args],
        env=env,
        cwd=data,
        stderr=log.open("wb"),
    )
    worker = subprocess.Popen(
        [str(srv / "deploy" / "stranded"), "worker"],
        env=clean_env(STRANDED_ENV_FILE=str(env_file)),
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(port)
        browser.wait(web)
        status, _, body = browser.request("GET", "/login/")
        assert status == 200
        links = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
        assert any(link.endswith(".css") for link in links), links
        for link in links:
            assert HASHED.search(link), f"{link} is not a hashed name"
            status, _, content = browser.request("GET", link)
            assert (status, bool(content)) == (200, True), link

        token = browser.cookies["csrftoken"].value
        status, headers, _ = browser.request(
            "POST",
            "/login/",
            {"username": "alice", "password": password, "csrfmiddlewaretoken": token},
        )
        assert (status, headers.get("Location")) == (302, "/users/")
        status, _, page = browser.request("GET", "/users/")
        assert status == 200 and b"alice" in page

        for _ in range(150):  # the worker's first heartbeat
            status, _, report = browser.request("GET", "/health/")
            if status == 200:
                break
            time.sleep(0.2)
        assert status == 200, report
        assert json.loads(report)["checks"]["migrations"] == {"ok": True, "unapplied": 0}
    finally:
        stop(worker)
        stop(web)
    # One format (the template sets STRANDED_LOG_FORMAT=json): gunicorn's lines and the
    # access lines alike, each a JSON object.
    text = log.read_text().splitlines()
    assert not [line for line in text if "] [INFO] " in line]  # gunicorn's own plain format
    lines = [json.loads(line) for line in text if line.startswith("{")]
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "stranded.access"} <= loggers, loggers
    assert any(line.get("path") == "/users/" and line.get("status") == 200 for line in lines)
