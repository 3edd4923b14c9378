"""The audit log and the custody chain cannot be rewritten by an insert over an existing row
(REPLACE INTO on SQLite, INSERT ... ON CONFLICT DO UPDATE on both), and on PostgreSQL the
application's runtime role can neither drop the triggers nor alter the tables."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from stranded.core.audit import record_event
from stranded.core.dbguards import runtime_role_statements
from stranded.core.models import AuditEvent
from stranded.remains.models import CustodyEvent
from tests.base import StrandedTestCase
from tests.remains.base import RemainsTestCase


class AuditRewriteTests(RemainsTestCase):
    def sql(self, statement: str, params: list[object]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)

    def id_of(self, table: str, pk: Any) -> Any:
        """The id as the database stores it (SQLite: 32 hex digits)."""
        return pk.hex if connection.vendor == "sqlite" else pk

    def rewrites(self, table: str, pk: object, column: str) -> list[str]:
        raw = self.id_of(table, pk)
        statements = [
            f"INSERT INTO {table} SELECT * FROM {table} WHERE id = %s "
            f"ON CONFLICT (id) DO UPDATE SET {column} = 'rewritten'",
        ]
        if connection.vendor == "sqlite":
            statements.append(f"REPLACE INTO {table} SELECT * FROM {table} WHERE id = %s")
            statements.append(f"INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE id = %s")
        refused = []
        for statement in statements:
            try:
                self.sql(statement, [raw])
            except DatabaseError as error:
                self.assertIn("append-only", str(error))
                refused.append(statement.split()[0])
        return refused

    def test_it_refuses_rewriting_an_audit_event(self) -> None:
        event = record_event(actor=self.coordinator, verb="match.confirmed")
        refused = self.rewrites("core_auditevent", event.pk, "verb")
        self.assertEqual(len(refused), 3 if connection.vendor == "sqlite" else 1)
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).verb, "match.confirmed")
        self.assertEqual(AuditEvent.objects.filter(pk=event.pk).count(), 1)

    def test_it_refuses_rewriting_a_custody_event(self) -> None:
        event = self.create_remains().events.get()
        refused = self.rewrites("remains_custodyevent", event.pk, '"where"')
        self.assertEqual(len(refused), 3 if connection.vendor == "sqlite" else 1)
        self.assertEqual(CustodyEvent.objects.get(pk=event.pk).where, "Tumanyan 3, courtyard")

    def test_it_still_appends(self) -> None:
        before = AuditEvent.objects.count()
        record_event(actor=self.coordinator, verb="probe")
        self.assertEqual(AuditEvent.objects.count(), before + 1)


@pytest.mark.postgres
class RuntimeRoleTests(StrandedTestCase):
    ROLE = "stranded_runtime_test"

    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            reason = "database roles need PostgreSQL"
            print(f"SKIPPED: {reason}")
            pytest.skip(reason)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DO $$ BEGIN CREATE ROLE {self.ROLE} NOLOGIN; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
            )
            database = connection.settings_dict["NAME"]
            for sql in runtime_role_statements(self.ROLE):
                cursor.execute(sql.format(database=connection.ops.quote_name(database)))

    def as_runtime(self, statement: str) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {self.ROLE}")
            cursor.execute(statement)

    def test_it_cannot_drop_triggers_or_alter_tables(self) -> None:
        for statement in (
            "DROP TRIGGER core_auditevent_append_only ON core_auditevent",
            "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
            "ALTER TABLE remains_custodyevent ADD COLUMN x integer",
            "TRUNCATE core_auditevent",
            "DELETE FROM core_auditevent",
            "UPDATE remains_custodyevent SET note = 'x'",
        ):
            with self.subTest(statement), self.assertRaises(DatabaseError):
                self.as_runtime(statement)

    def test_it_reads_and_appends(self) -> None:
        self.as_runtime("SELECT count(*) FROM core_auditevent")
        self.as_runtime(
            "INSERT INTO core_auditevent (id, at, actor_username, role, verb, target_type, "
            "target_id, purpose, detail) VALUES (gen_random_uuid(), now(), '', '', 'probe', "
            "'', '', '', '{}')"
        )
        self.assertTrue(AuditEvent.objects.filter(verb="probe").exists())
