"""README's backup and restore, run: deploy/backup.sh, then pg_restore into a fresh database.

Every table has the same number of rows after the restore, and the append-only tables (the
audit log, the custody chain of remains) still refuse updates, deletes and truncation.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from stranded.core.audit import record_event
from stranded.core.dbguards import APPEND_ONLY_TABLES
from stranded.tracing.actions import record_person
from tests.base import StrandedTransactionTestCase

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{name}"


def counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_restore") is None,
    reason="pg_dump and pg_restore work on PostgreSQL only",
)
class BackupRestoreTests(StrandedTransactionTestCase):
    def setUp(self) -> None:
        super().setUp()
        name = f"{connection.settings_dict['NAME']}_restore"
        self.restored = url(name)
        with psycopg.connect(url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.addCleanup(self.drop, name)

    def drop(self, name: str) -> None:
        with psycopg.connect(url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def backup(self, tmp: Path) -> Path:
        (tmp / "data" / "private").mkdir(parents=True)
        (tmp / "data" / "private" / "photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
        env = {
            **os.environ,
            "DATABASE_URL": url(connection.settings_dict["NAME"]),
            "STRANDED_BACKUP_DIR": str(tmp / "backups"),
            "STRANDED_DATA_DIR": str(tmp / "data"),
        }
        done = subprocess.run(
            [str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True, check=False
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        files = sorted((tmp / "backups").iterdir())
        self.assertEqual([f.name.split("-")[0] for f in files], ["private", "stranded"])
        for file in files:  # owner only: the dump holds every person's record
            self.assertEqual(stat.S_IMODE(file.stat().st_mode), 0o600, file.name)
        return files[1]

    def test_it_restores_every_row_and_keeps_the_append_only_guards(self) -> None:
        person = record_person(
            operation=self.operation,
            data={"given_name": "Anahit", "family_name": "Hakobyan"},
            source="field",
            status="located",
            by=self.coordinator,
        )
        record_event(actor=self.auditor, verb="person.viewed", target=person)
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory(prefix="stranded-backup-")))
        dump = self.backup(tmp)

        restore = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--dbname",
                self.restored,
                str(dump),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(restore.returncode, 0, restore.stderr)
        original, restored = counts(url(connection.settings_dict["NAME"])), counts(self.restored)
        self.assertEqual(restored, original)
        self.assertGreaterEqual(restored["core_auditevent"], 2)
        self.assertEqual(restored["tracing_person"], 1)

        guards = triggers(self.restored)
        self.assertEqual(guards, triggers(url(connection.settings_dict["NAME"])))
        self.assertIn(("core_auditevent", "core_auditevent_append_only"), guards)
        with psycopg.connect(self.restored, autocommit=True) as conn:
            # Row triggers fire on rows: the audit log has some; every table refuses TRUNCATE.
            statements = ["UPDATE core_auditevent SET verb = 'x'", "DELETE FROM core_auditevent"]
            statements += [f"TRUNCATE {table} CASCADE" for table in APPEND_ONLY_TABLES]
            for statement in statements:
                with self.assertRaisesRegex(psycopg.Error, "is append-only"):
                    conn.execute(statement)
        self.assertEqual(counts(self.restored), restored)


def triggers(database_url: str) -> list[tuple[str, str]]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
            " ORDER BY 1, 2"
        ).fetchall()
    return [(str(table), str(name)) for table, name in rows]
