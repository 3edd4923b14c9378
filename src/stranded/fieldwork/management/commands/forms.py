"""`stranded forms xlsform|import`: the visit form for ODK/KoBo, and imports of its submissions.

stranded forms xlsform visit --out visit.xlsx [--team NAME] [--xform visit.xml]
    The XLSForm (labels en/hy/ru/az; areas; the team's open leads, or all open leads without
    --team), checked by converting it with pyxform; --xform also writes the XForm.
stranded forms import FILE... --user USERNAME [--json]
    ODK Central CSV zip, OData JSON ($expand=*) or OpenRosa instance XML files. All or nothing:
    any rejected record and nothing is saved (exit status 1). Idempotent: submissions already
    stored count as unchanged. Prints {"created", "unchanged", "rejected": [{file, record,
    field, error}]}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.core.management.options import add_operation_argument, named_operation
from stranded.core.models import Operation, Team, User
from stranded.core.roles import Perm
from stranded.fieldwork import xlsform
from stranded.fieldwork.imports import import_files


class Command(BaseCommand):
    help = "The visit form (XLSForm for ODK/KoBo) and imports of its submissions."

    def add_arguments(self, parser: CommandParser) -> None:
        add_operation_argument(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        form = sub.add_parser("xlsform", help="write the XLSForm")
        form.add_argument("form", choices=["visit"])
        form.add_argument("--out", type=Path, required=True)
        form.add_argument("--team", help="only this team's open leads")
        form.add_argument("--xform", type=Path, help="also write pyxform's XForm here")
        imported = sub.add_parser("import", help="import submissions (all or nothing)")
        imported.add_argument("files", type=Path, nargs="+")
        imported.add_argument("--user", required=True, help="recorded as entered by this user")
        imported.add_argument("--json", action="store_true", help="print only the JSON report")

    def handle(self, *args: Any, **options: Any) -> None:
        operation = named_operation(options["operation"])
        if options["action"] == "xlsform":
            self.write_form(operation, options)
        else:
            self.import_(operation, options)

    def write_form(self, operation: Operation, options: dict[str, Any]) -> None:
        team = None
        if options["team"]:
            team = Team.objects.filter(operation=operation, name=options["team"]).first()
            if team is None:
                raise CommandError(f"no team '{options['team']}' in {operation.name}")
        choices = xlsform.choices_for(operation, team)
        options["out"].write_bytes(xlsform.xlsx_bytes(choices))
        document = xlsform.xform(choices)  # raises if pyxform finds the form invalid
        if options["xform"]:
            options["xform"].write_text(document, encoding="utf-8")
        self.stdout.write(json.dumps({**xlsform.describe(choices), "out": str(options["out"])}))

    def import_(self, operation: Operation, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or user.operation != operation:
            raise CommandError(f"no active user '{options['user']}' in {operation.name}")
        if not user.can(Perm.RECORD_VISITS):
            raise CommandError(f"user '{user.username}' may not record visits")
        report = import_files(operation=operation, paths=options["files"], by=user)
        self.stdout.write(
            json.dumps(report, ensure_ascii=False, indent=None if options["json"] else 2)
        )
        if report["rejected"]:
            if not options["json"]:
                self.stderr.write(f"{len(report['rejected'])} rejected: nothing was saved")
            raise SystemExit(1)
