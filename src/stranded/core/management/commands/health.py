"""`stranded health`: what GET /health/ answers, as JSON; exit status 1 when a check fails."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Check the database, migrations, the task worker and the outbox (exit 1 on failure)."

    def handle(self, *args: Any, **options: Any) -> None:
        from stranded.core.health import health

        report = health()
        self.stdout.write(json.dumps(report, indent=2))
        if report["status"] != "ok":
            sys.exit(1)
