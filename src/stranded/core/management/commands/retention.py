"""`stranded retention run [--dry-run] [--json]`: pseudonymise the personal data of closed cases
whose operation's retention period has passed (stranded.core.retention)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stranded.core.retention import run_retention


class Command(BaseCommand):
    help = "Pseudonymise personal data of closed cases once their operation's retention is over."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="pseudonymise what is due (audited, idempotent)")
        run.add_argument("--dry-run", action="store_true", help="count what is due, change none")
        run.add_argument("--json", action="store_true", help="counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        done = run_retention(dry_run=dry_run)
        if options["json"]:
            self.stdout.write(json.dumps({"dry_run": dry_run, "operations": done}))
            return
        if not done:
            self.stdout.write("No operation is past its retention period.")
        verb = "due" if dry_run else "pseudonymised"
        for name, counts in done.items():
            listed = ", ".join(f"{label} {count}" for label, count in counts.items())
            self.stdout.write(f"{name}: {verb}: {listed}")
