"""`stranded bench load`: many people at once on the demo operation, with Locust.

stranded bench load [--phones 60] [--tracers 10] [--coordinators 3] [--minutes 5]
                    [--database postgres|sqlite] [--small] [--port 8120] [--json]

Builds the demo operation on a fresh database (PostgreSQL: the server of DATABASE_URL or
127.0.0.1:5432, database `<name>_load`, created afresh and dropped at the end; SQLite: a
temporary file), serves it with gunicorn as README's "Running it for real" says, runs the task
worker beside it, and drives it with Locust (as a library, no web UI), on 127.0.0.1 only:
- phones submit OpenRosa visits (persons, needs, animals) built from the XForm they downloaded;
  one in five is sent again (as a phone does when the answer is lost); a failed one stays on the
  phone and is sent again;
- tracing officers save inquiries about persons the operation knows, read the candidates and
  confirm a likely match;
- coordinators open the sweeps map, start a plan, wait for it and publish it.
Prints requests, errors by kind, p50 and p95 per kind, and what was sent against what was
stored. Server logs go to var/bench-load-<database>.log.
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from stranded.core import serving

CHECKOUT = Path(settings.BASE_DIR)


def parse(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stranded bench load")
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--tracers", type=int, default=10)
    parser.add_argument("--coordinators", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--small", action="store_true", help="the small demo (2,000 persons)")
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args(args)


def fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'load.sqlite3'}"
    configured = settings.DATABASES["default"]
    base = "postgres://postgres@127.0.0.1:5432/stranded"
    if configured["ENGINE"].endswith("postgresql"):
        base = (
            f"postgres://{configured['USER']}@{configured['HOST'] or '127.0.0.1'}:"
            f"{configured['PORT'] or 5432}/{configured['NAME']}"
        )
    parts = urlsplit(base)
    url = urlunsplit(parts._replace(path=f"{parts.path}_load"))  # never the configured one
    drop_database(url, create=True)
    return url


def drop_database(url: str, *, create: bool = False) -> None:
    import psycopg

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            db.execute(f'CREATE DATABASE "{name}"')


def stranded(*args: str) -> list[str]:
    return [sys.executable, "-m", "stranded.cli", *args]


def database_side(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        stranded("bench", "_load_db", *args), env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def wait_for_plans(env: dict[str, str], sent_file: Path, limit_s: float = 180) -> dict[str, Any]:
    """Plans started near the end are still in the queue: give the worker time to finish them."""
    deadline = time.monotonic() + limit_s
    while True:
        counts = database_side(env, "count", str(sent_file))
        pending = sum(counts["plan_statuses"].get(s, 0) for s in ("queued", "running"))
        if not pending or time.monotonic() > deadline:
            return counts
        time.sleep(3)


def wait_until_serving(url: str, web: Any, timeout_s: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {web.returncode}); see its log")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url} within {timeout_s} s")


def drive(
    folder: Path,
    env: dict[str, str],
    host: str,
    setup: dict[str, Any],
    password: str,
    options: argparse.Namespace,
) -> dict[str, Any]:
    """Locust in a process of its own (its gevent patches must come before Django's imports)."""
    given, out = folder / "locust-in.json", folder / "locust-out.json"
    keys = ("phones", "tracers", "coordinators", "minutes")
    given.write_text(
        json.dumps(
            {
                "host": host,
                "setup": setup,
                "password": password,
                "options": {k: getattr(options, k) for k in keys},
            }
        )
    )
    locust_env = {**env, "PYTHONPATH": f"{CHECKOUT / 'src'}:{CHECKOUT}"}
    command = [sys.executable, "-m", "benchmarks._load_users", str(given), str(out)]
    subprocess.run(command, env=locust_env, cwd=CHECKOUT, check=True)
    return json.loads(out.read_text())


def main(args: list[str]) -> None:
    options = parse(args)
    say = (lambda text: print(text, file=sys.stderr)) if options.json else print
    password = secrets.token_urlsafe(12)
    log_path = CHECKOUT / "var" / f"bench-load-{options.database}.log"
    with tempfile.TemporaryDirectory(prefix="stranded-load-") as tmp:
        folder = Path(tmp)
        url = fresh_database(options.database, folder)
        env = serving.child_env(
            DATABASE_URL=url,
            STRANDED_DATA_DIR=str(folder),
            STRANDED_LOAD_PASSWORD=password,
            PYTHONPATH=f"{CHECKOUT / 'src'}",
            STRANDED_LOG_LEVEL="WARNING",
        )
        say(f"Building the {'small ' if options.small else ''}demo operation ({options.database})")
        with log_path.open("w") as log:
            demo = ["demo", "--no-serve", *(["--small"] if options.small else [])]
            subprocess.run(stranded(*demo), env=env, stdout=log, stderr=log, check=True)
            setup = database_side(
                env,
                "prepare",
                "--phones",
                str(options.phones),
                "--tracers",
                str(options.tracers),
                "--coordinators",
                str(options.coordinators),
            )
            host = f"http://127.0.0.1:{options.port}"
            web = serving.start(serving.gunicorn_command(f"127.0.0.1:{options.port}"), env, log)
            worker = serving.start(serving.worker_command(), env, log)
            try:
                wait_until_serving(f"{host}/login/", web)
                say(
                    f"Load: {options.phones} phones, {options.tracers} tracing officers, "
                    f"{options.coordinators} coordinators for {options.minutes:g} min at {host}"
                )
                result = drive(folder, env, host, setup, password, options)
                sent_file = folder / "sent.json"
                sent_file.write_text(
                    json.dumps(
                        {
                            "instance_ids": sorted(result.pop("instance_ids")),
                            "plans_before": setup["plans_before"],
                            "inquiries_before": setup["inquiries_before"],
                        }
                    )
                )
                result.update(wait_for_plans(env, sent_file))
            finally:
                serving.stop([web, worker])
                drop_database(url)
    result["database"] = options.database
    if options.json:
        print(json.dumps(result))
    else:
        print_report(result)
        print(f"(server logs: {log_path})")


def print_report(result: dict[str, Any]) -> None:
    print(f"\n{'request kind':28} {'n':>6} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, row in sorted(result["kinds"].items(), key=lambda item: -item[1]["p95_ms"]):
        print(
            f"{kind:28} {row['requests']:>6} {row['failures']:>5} "
            f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f}"
        )
    print(f"\nrequests: {result['requests']}, errors: {sum(result['errors'].values())}")
    for kind, number in sorted(result["errors"].items(), key=lambda item: -item[1]):
        print(f"  {number:>5}  {kind}")
    print(
        f"submissions sent {result['submissions_sent']} (left on phones "
        f"{result['left_on_phones']}), visits stored {result['visits_stored']} "
        f"(rows {result['visit_rows']})\n"
        f"inquiries sent {result['inquiries_sent']}, stored {result['inquiries_stored']}\n"
        f"plans started {result['plans_started']}, finished {result['plans_finished']} "
        f"({result['plan_statuses']}), published {result['plans_published']}"
    )
