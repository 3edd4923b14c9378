"""The production path of README's "Running it for real", run for real.

The package is installed (not editable) into a fresh virtual environment, then migrate,
collectstatic and check --deploy run with STRANDED_PRODUCTION=true, gunicorn serves, and the
login page and every static file it links answer 200 under hashed names. The dependencies come
from the test's own environment (a .pth file) so that the test is fast and needs no network for
them; the package itself is built and installed by pip exactly as the README says.

Run by `make test-production` (part of `make test`), on PostgreSQL when DATABASE_URL names one.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh PostgreSQL database beside DATABASE_URL's, or SQLite in the data directory."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield ""
        return
    import psycopg

    base, _, name = url.rpartition("/")
    fresh = f"{name}_prodpath"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        conn.execute(f'CREATE DATABASE "{fresh}"')
    yield f"{base}/{fresh}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the package installed from a copy of the checkout."""
    root = tmp_path_factory.mktemp("prod")
    source = root / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(CHECKOUT / "src", source / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(CHECKOUT / name, source / name)
    venv = root / ".venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies: this environment's site-packages, after the new one's own (so the
    # installed copy of stranded wins over any editable one found there).
    (site / "_shared_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(source)],
        check=True,
        cwd=root,
    )
    return venv


def run(venv: Path, env: dict[str, str], cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [str(venv / "bin" / "stranded"), *args],
        env=env, cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"stranded {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def production_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTHON"))}
    env.pop("DATABASE_URL", None)
    env.pop("STRANDED_DATA_DIR", None)
    env.update(
        STRANDED_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer at {url}")


def test_it_installs_migrates_collects_and_serves_styled_pages(
    installed: Path, database_url: str, tmp_path: Path
) -> None:
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import stranded; print(stranded.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )  # fmt: skip
    assert where.stdout.startswith(str(installed)), where.stdout  # installed, not the checkout

    env = production_env(database_url)
    run(installed, env, tmp_path, "migrate", "--noinput")
    run(installed, env, tmp_path, "collectstatic", "--noinput")
    checked = run(installed, env, tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in checked
    # The data directory: var/ where the command runs, never inside the virtual environment.
    assert (tmp_path / "var" / "static" / "staticfiles.json").exists()
    assert not list(installed.rglob("var"))

    port = free_port()
    server = subprocess.Popen(
        [str(installed / "bin" / "python"), "-m", "gunicorn", "stranded.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/login/", server)
        status, body = fetch(f"{base}/login/")
        assert status == 200
        links = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
        assert any(link.endswith(".css") for link in links), links
        for link in links:
            assert HASHED.search(link), f"{link} is not a hashed name"
            status, content = fetch(base + link)
            assert status == 200, f"{link}: {status}"
            assert content
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
