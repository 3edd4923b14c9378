"""`stranded users add USERNAME --role ROLE --operation NAME [--team TEAM]`.

Prints a generated password once; the person changes nothing else here. Day-to-day accounts are
made by an admin in /users/.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from stranded.core.audit import command_line_detail, record_event
from stranded.core.models import Membership, Operation, Team, User
from stranded.core.roles import Role


class Command(BaseCommand):
    help = "Add a staff account with one role in an operation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--operation", required=True)
        add.add_argument("--team")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            operation = Operation.objects.get(name=options["operation"])
        except Operation.DoesNotExist as error:
            raise CommandError(f"no operation named {options['operation']!r}") from error
        team = None
        if options["team"]:
            team = Team.objects.get_or_create(operation=operation, name=options["team"])[0]
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} exists already")
        password = "-".join(secrets.token_urlsafe(5) for _ in range(3))
        with transaction.atomic():
            user = User.objects.create_user(options["username"], password=password)
            Membership.objects.create(
                user=user, operation=operation, role=options["role"], team=team
            )
            record_event(
                actor=None,
                verb="user.created",
                target=user,
                detail={"role": options["role"], **command_line_detail()},
            )
        self.stdout.write(f"{user.username} ({options['role']}): password {password}")
