"""Is this deployment working? `GET /health/` and `stranded health`, the same JSON.

Anonymous and free of personal data: counts, ages and yes/no only. 200 when every check passes,
503 otherwise, so that a monitor, a load balancer or cron can act on the status alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
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


def check_outbox() -> dict[str, Any]:
    from stranded.evacuation.models import OutboxMessage

    queued = OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED)
    oldest = queued.aggregate(oldest=Min("created_at"))["oldest"]
    minutes = None if oldest is None else round((timezone.now() - oldest).total_seconds() / 60)
    limit = settings.STRANDED_HEALTH_OUTBOX_MINUTES
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    return {
        "ok": minutes is None or minutes <= limit,
        "queued": queued.count(),
        "failed": failed,
        "oldest_queued_minutes": minutes,
        "limit_minutes": limit,
    }


CHECKS = {"database": check_database, "migrations": check_migrations,
          "worker": check_worker, "outbox": check_outbox}  # fmt: skip


def health() -> dict[str, Any]:
    """Every check, each failing alone (a database that is down fails the others too)."""
    checks: dict[str, Any] = {}
    for name, check in CHECKS.items():
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
