"""`stranded worker [--supervise] [--queue-name Q] [--interval S] [--batch] [--max-tasks N]`.

The background worker: plans, imports, batch matching, and the scheduled jobs (the outbox,
pruning of finished tasks). See stranded.core.worker for what keeps it working.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from stranded.core.worker import StrandedWorker, supervise


class Command(BaseCommand):
    help = "Run the background task worker (with --supervise: restarted whenever it dies)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="run the worker as a child, started again if it dies",
        )
        parser.add_argument("--queue-name", default="default", help="comma-separated, or '*'")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument(
            "--beat-every", type=float, default=5.0, help="seconds between heartbeats"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["supervise"]:
            arguments = [a for a in sys.argv[2:] if a != "--supervise"]
            sys.exit(supervise(arguments))
        worker = StrandedWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
            beat_every=options["beat_every"],
        )
        worker.configure_signals()
        worker.run()
