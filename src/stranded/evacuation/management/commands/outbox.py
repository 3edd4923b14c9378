"""`stranded outbox send`: send the queued messages to families through the configured channel."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stranded.evacuation.outbox import send_outbox


class Command(BaseCommand):
    help = "Send queued outbox messages (families told of a hand-over)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["send"])
        parser.add_argument("--limit", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_outbox(limit=options["limit"])
        self.stdout.write(f"outbox: {counts['sent']} sent, {counts['failed']} failed")
