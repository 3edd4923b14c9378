"""`stranded operation create NAME --organisation ORG [--center LAT,LON]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from stranded.core.audit import command_line_detail, record_event
from stranded.core.models import Operation, Organisation


class Command(BaseCommand):
    help = "Create an operation (the first step of a real deployment)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        create.add_argument("--organisation", required=True)
        create.add_argument("--center", help="LAT,LON of the operation's centre")

    def handle(self, *args: Any, **options: Any) -> None:
        center: tuple[float | None, float | None] = (None, None)
        if options["center"]:
            try:
                lat, lon = (float(v) for v in options["center"].split(","))
            except ValueError as error:
                raise CommandError("--center must be LAT,LON, e.g. 39.8155,46.7519") from error
            center = (lat, lon)
        if Operation.objects.filter(name=options["name"]).exists():
            raise CommandError(f"operation {options['name']!r} exists already")
        with transaction.atomic():
            org, _ = Organisation.objects.get_or_create(name=options["organisation"])
            operation = Operation.objects.create(
                organisation=org, name=options["name"], center_lat=center[0], center_lon=center[1]
            )
            record_event(
                actor=None, verb="operation.created", target=operation, detail=command_line_detail()
            )
        self.stdout.write(f"created operation {operation.name} ({operation.pk})")
