"""`stranded bench pages`: every list page, API list and heavy detail page, timed per role.

Builds (once per database) the demo operation at `--scale N` (N=10: 200,000 persons, 20,000
inquiries, about 8,400 visits, 3,000 evacuation requests; see benchmarks/_pages_data.py), serves
it with gunicorn (3 workers, as README's "Running it for real" says), logs in as each role and
requests every GET page and API list the role may open, plus the person, inquiry, area, plan,
trip, visit, need, remains and sighting detail pages, `--rounds` times each. Prints p50 and p95
per URL and role, slowest first, and the matching index figures: the time for a process to pick
up 100 new persons and the index's memory in one process.

    stranded bench pages [--scale 1] [--database sqlite|postgres] [--port 8100] [--rounds 10]
                         [--database-url URL] [--rebuild] [--json]

SQLite: var/bench-pages-N.sqlite3. PostgreSQL: --database-url, else DATABASE_URL when it is a
PostgreSQL URL, else postgres://postgres@127.0.0.1:5432/stranded_bench. A database built at
another scale is refused; --rebuild starts it again (drops it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings

ROLES = ("coordinator", "tracing", "field", "driver", "liaison", "auditor", "admin")
SKIP = re.compile(
    r"(login|logout|/new/|/assign/|/release/|/complete/|/publish/|/boarding/|/handover/|/close/"
    r"|/status/|/events/|/identification/|/attachments/|/actions/|/active/|/confirm|/reject"
    r"|/known/|search|formList|submission|openrosa|/api/docs|openapi|\.pdf$|manifest)"
)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench pages")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        _build_here(args.scale)
        return
    url = database_url(args)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "stranded.settings"}
    if args.rebuild:
        drop(url)
    log = sys.stderr if args.json else sys.stdout
    print(f"building scale {args.scale} on {url.split('@')[-1]} ...", file=log, flush=True)
    built = _run_build(args.scale, env, log)
    server = serve(env, args.port)
    try:
        rows = time_pages(f"http://127.0.0.1:{args.port}", built["ids"], args.rounds, log)
        workers = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    report(rows, built, workers, args)


def database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    if args.database == "sqlite":
        return f"sqlite:///{Path(settings.DATA_DIR) / f'bench-pages-{args.scale}.sqlite3'}"
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith("postgres"):
        return current
    return "postgres://postgres@127.0.0.1:5432/stranded_bench"


def drop(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _run_build(scale: int, env: dict[str, str], log: Any) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "stranded.cli",
        "bench",
        "pages",
        "--build-only",
        "--scale",
        str(scale),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    print(done.stderr[-3000:], file=log, flush=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _build_here(scale: int) -> None:
    from benchmarks._pages_data import build, index_figures, pick_ids
    from stranded.tracing.models import Person

    operation = build(scale, lambda line: print(line, file=sys.stderr, flush=True))
    persons = Person.objects.filter(operation=operation).count()
    figures = {"persons": persons, "ids": pick_ids(operation), "index": index_figures(operation)}
    print(json.dumps(figures))


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "stranded.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "3",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env)
    import requests

    for _ in range(120):
        try:
            requests.get(f"http://127.0.0.1:{port}/login/", timeout=30)
            return server
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def page_urls(ids: dict[str, str]) -> list[str]:
    """Every GET route of the project without parameters, and the detail routes whose ids the
    build picked (pets' inquiry ids and users' ids are not picked)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "/")
    urls = []
    for route in found:
        filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids.get(m.group(1), "?"), route)
        if "?" in filled or ("pets/" in route and "<" in route) or SKIP.search(filled):
            continue
        if filled not in urls:
            urls.append(filled)
    return urls


def time_pages(base: str, ids: dict[str, str], rounds: int, log: Any) -> list[dict[str, Any]]:
    import requests

    from benchmarks._pages_data import PASSWORD

    rows = []
    for role in ROLES:
        session = requests.Session()
        session.get(f"{base}/login/")
        response = session.post(
            f"{base}/login/",
            allow_redirects=False,
            data={
                "username": role,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{base}/login/"},
        )
        if response.status_code != 302:
            print(f"{role}: login failed ({response.status_code})", file=log)
            continue
        for url in page_urls(ids):
            first = session.get(base + url)
            if first.status_code in (403, 404, 405):
                continue
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                status = session.get(base + url).status_code
                times.append((time.perf_counter() - started) * 1000)
            rows.append({"url": url, "role": role, "status": status, **_percentiles(times)})
        print(f"{role}: {sum(1 for r in rows if r['role'] == role)} URLs", file=log, flush=True)
    return sorted(rows, key=lambda row: -row["p95_ms"])


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def worker_memory(master: int) -> list[float]:
    """Resident memory of each gunicorn worker (MB) after the run."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if match:
                sizes.append(round(int(match.group(1)) / 1024, 1))
    return sizes


def report(
    rows: list[dict[str, Any]],
    built: dict[str, Any],
    workers: list[float],
    args: argparse.Namespace,
) -> None:
    index = built["index"]
    if args.json:
        print(
            json.dumps(
                {
                    "scale": args.scale,
                    "database": args.database,
                    "persons": built["persons"],
                    "pages": rows,
                    "index": index,
                    "worker_rss_mb": workers,
                }
            )
        )
        return
    print(
        f"\nscale {args.scale} on {args.database}: {built['persons']:,} persons, "
        f"{args.rounds} requests per URL and role, one at a time\n"
    )
    print(f"{'p95 ms':>8} {'p50 ms':>8}  {'status':6} {'role':12} url")
    for row in rows:
        print(
            f"{row['p95_ms']:8.1f} {row['p50_ms']:8.1f}  {row['status']:<6} "
            f"{row['role']:12} {row['url']}"
        )
    over = [row for row in rows if row["p95_ms"] >= 300]
    print(f"\n{len(rows)} URL and role pairs; {len(over)} with p95 at or over 300 ms")
    print(
        f"matching index: {index['persons']:,} persons built in {index['build_s']:.1f} s, "
        f"about {index['index_mb']:.0f} MB in the process; {index['picked_up']} new persons "
        f"picked up in {index['pickup_ms']:.0f} ms"
    )
    print(f"gunicorn workers' resident memory after the run (MB): {workers}")
