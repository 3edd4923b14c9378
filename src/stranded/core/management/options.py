"""The operation an app's command works on: named by --operation, or the only one there is."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from stranded.core.models import Operation


def add_operation_argument(parser: CommandParser) -> None:
    parser.add_argument("--operation", help="operation name (default: the only one)")


def named_operation(name: str | None) -> Operation:
    operations = Operation.objects.filter(name=name) if name else Operation.objects.all()
    if operations.count() != 1:
        raise CommandError("name the operation with --operation (none or several found)")
    return operations.get()
