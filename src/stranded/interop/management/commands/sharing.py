"""`stranded sharing export REFERENCE --out FILE`: what an approved request covers, nothing else.
`stranded sharing import-pfif FILE --user USERNAME`: PFIF 1.1-1.4 into the user's operation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.core.models import User
from stranded.interop.actions import SharingError, record_download
from stranded.interop.models import SharingRequest
from stranded.interop.pfif import PfifError
from stranded.interop.pfif_import import import_pfif


class Command(BaseCommand):
    help = "Export an approved sharing request; import PFIF."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write what an approved request covers")
        export.add_argument("reference")
        export.add_argument("--out", required=True)
        imported = sub.add_parser("import-pfif", help="import a PFIF 1.1-1.4 file")
        imported.add_argument("file")
        imported.add_argument("--user", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options["reference"], Path(options["out"]))
        else:
            self.import_pfif(Path(options["file"]), options["user"])

    def export(self, reference: str, out: Path) -> None:
        found = SharingRequest.objects.filter(reference=reference).first()
        if found is None:
            raise CommandError(f"{reference}: no such sharing request")
        try:
            data, _, _ = record_download(request=found, via="command")
        except SharingError as error:
            raise CommandError(str(error)) from error
        out.write_bytes(data)
        self.stdout.write(f"{reference}: {len(found.records)} records written to {out}")

    def import_pfif(self, path: Path, username: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None or user.operation is None:
            raise CommandError(f"--user: {username!r} has no operation")
        try:
            counts = import_pfif(operation=user.operation, data=path.read_bytes(), by=user)
        except (PfifError, OSError) as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(json.dumps(counts))
