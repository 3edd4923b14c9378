"""The files under deploy/, checked by the tools that read them where they are installed.

nginx -t, caddy validate, systemd-analyze verify and docker compose config (or docker-compose)
each skip with the reason printed when the tool is missing; `make deploytools` installs nginx
and Caddy from Debian. The body size limits are compared with the app's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stranded.fieldwork.openrosa import MAX_SUBMISSION_BYTES
from stranded.remains.forms import MAX_UPLOAD_BYTES

CHECKOUT = Path(__file__).resolve().parents[2]
DEPLOY = CHECKOUT / "deploy"
MB = 1024 * 1024
SLACK_MB = 5  # room for the rest of a multipart form around the largest file


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is not installed (make deploytools installs nginx and caddy)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    return path


def run(*command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]


def test_it_limits_bodies_to_the_apps_largest_request() -> None:
    largest = max(MAX_UPLOAD_BYTES, MAX_SUBMISSION_BYTES) // MB
    nginx = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx/stranded.conf").read_text())
    caddy = re.search(r"max_size (\d+)MB", (DEPLOY / "caddy/Caddyfile").read_text())
    assert nginx and caddy
    for limit in (int(nginx.group(1)), int(caddy.group(1))):
        assert largest < limit <= largest + SLACK_MB, (limit, largest)


def test_it_passes_nginx_t(tmp_path: Path) -> None:
    nginx = need("nginx")
    openssl = need("openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = run(
        openssl,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-keyout",
        str(key),
        "-out",
        str(cert),
    )
    assert made.returncode == 0, made.stderr
    site = (DEPLOY / "nginx/stranded.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/stranded.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/stranded.example.org/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {tmp_path};\n"
        f"  proxy_temp_path {tmp_path};\n  include {tmp_path}/site.conf;\n}}\n"
    )
    checked = run(nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_it_passes_caddy_validate(tmp_path: Path) -> None:
    caddy = need("caddy")
    env = {
        **os.environ,
        "STRANDED_HOST": "stranded.example.org",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    config = str(DEPLOY / "caddy/Caddyfile")
    checked = run(caddy, "validate", "--config", config, "--adapter", "caddyfile", env=env)
    assert checked.returncode == 0, checked.stderr
    formatted = run(caddy, "fmt", config)
    assert formatted.stdout == (DEPLOY / "caddy/Caddyfile").read_text()


def test_it_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = need("systemd-analyze")
    venv = Path(sys.executable).parent.parent
    if not (venv / "bin" / "gunicorn").exists() or not (venv / "bin" / "stranded").exists():
        pytest.skip("the test's virtual environment has no gunicorn or stranded script")
    (tmp_path / "stranded.env").write_text((DEPLOY / "stranded.env.example").read_text())
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/stranded/.venv", str(venv))
        text = text.replace("/srv/stranded/deploy", str(DEPLOY))
        text = text.replace("/etc/stranded/stranded.env", str(tmp_path / "stranded.env"))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    assert {Path(u).name for u in units} >= {
        "stranded-web.service",
        "stranded-worker.service",
        "stranded-backup.timer",
    }
    checked = run(analyze, "verify", "--man=no", *units)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "", checked.stderr  # unknown keys are only warnings


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker and run(docker, "compose", "version").returncode == 0:
        return [docker, "compose"]
    return [need("docker-compose")]


def test_it_passes_docker_compose_config() -> None:
    env = {
        **os.environ,
        "STRANDED_HOST": "stranded.example.org",
        "SECRET_KEY": "x" * 50,
        "POSTGRES_PASSWORD": "p",
    }
    command = [*compose_command(), "-f", str(DEPLOY / "compose.yaml"), "config"]
    checked = run(*command, env=env)
    assert checked.returncode == 0, checked.stderr
    for service in ("db:", "web:", "worker:", "proxy:", "migrate:"):
        assert f"  {service}" in checked.stdout
    assert "postgres://stranded:p@db:5432/stranded" in checked.stdout
    refused = run(*command, env={k: v for k, v in env.items() if k != "POSTGRES_PASSWORD"})
    assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr


def test_it_lists_every_variable_of_the_environment_file_in_the_readme() -> None:
    readme = (CHECKOUT / "README.md").read_text()
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "stranded.env.example").read_text(), re.M)
    assert "SECRET_KEY" in names and "DATABASE_URL" in names
    assert [name for name in names if f"`{name}`" not in readme] == []
