"""Is this deployment working? `GET /health/` and `stranded health`, the same JSON: the
database, the migrations and the worker checked here, and what each app adds (evacuation: outbox).

Anonymous and free of personal data: counts, ages and yes/no only. 200 when every check passes,
503 otherwise, so that a monitor, a load balancer or cron can act on the status alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> dict[str, Any]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connections[DEFAULT_DB_ALIAS].vendor}


def check_migrations() -> dict[str, Any]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not unapplied, "unapplied": len(unapplied)}


def check_worker() -> dict[str, Any]:
    from stranded.core.worker import last_seen

    within = timedelta(minutes=settings.STRANDED_HEALTH_WORKER_MINUTES)
    seen = last_seen()
    ago = None if seen is None else round((timezone.now() - seen).total_seconds())
    return {
        "ok": ago is not None and ago <= within.total_seconds(),
        "seconds_since_seen": ago,
        "limit_seconds": int(within.total_seconds()),
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
}


def all_checks() -> dict[str, Callable[[], dict[str, Any]]]:
    """Core's checks, then each app's own: the CHECKS of its `health.py` (evacuation's outbox)."""
    found = dict(CHECKS)
    for config in apps.get_app_configs():
        name = f"{config.name}.health"
        if config.name.startswith("stranded.") and name != __name__ and find_spec(name):
            found.update(import_module(name).CHECKS)
    return found


def health() -> dict[str, Any]:
    """Every check, each failing alone (a database that is down fails the others too)."""
    checks: dict[str, Any] = {}
    for name, check in all_checks().items():
        try:
            checks[name] = check()
        except DatabaseError as error:
            # The kind of error only: its text may hold connection details.
            checks[name] = {"ok": False, "error": type(error).__name__}
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "fail", "at": timezone.now().isoformat(), "checks": checks}


@never_cache
@require_GET
@transaction.non_atomic_requests
def health_view(request: HttpRequest) -> JsonResponse:
    report = health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
