"""`stranded dbrole grants ROLE`: the SQL the database owner runs for the runtime role.

PostgreSQL only. Migrations run as the owner of the tables; the web and worker processes connect
as ROLE, which owns nothing: it cannot drop the append-only triggers or alter tables, and on the
audit log and the custody chain it may only read and insert. Run it again after migrations that
add tables (default privileges cover tables the owner creates later).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from stranded.core.dbguards import runtime_role_statements


class Command(BaseCommand):
    help = "Print the GRANT statements for the PostgreSQL runtime role."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grants = sub.add_parser("grants")
        grants.add_argument("role")

    def handle(self, *args: Any, **options: Any) -> None:
        database = connection.ops.quote_name(connection.settings_dict["NAME"] or "stranded")
        for sql in runtime_role_statements(options["role"]):
            self.stdout.write(sql.format(database=database))
