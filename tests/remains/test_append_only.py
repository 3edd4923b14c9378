"""The custody chain cannot be changed or deleted through the application's database connection:
the database itself refuses (triggers installed by the remains migration)."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction

from stranded.remains.models import CustodyEvent
from tests.remains.base import RemainsTestCase


class AppendOnlyTests(RemainsTestCase):
    def sql(self, statement: str, params: list[object]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)

    def test_the_database_refuses_update(self) -> None:
        event = self.create_remains().events.get()
        with self.assertRaises(DatabaseError) as raised:
            self.sql('UPDATE remains_custodyevent SET "where" = %s', ["somewhere else"])
        self.assertIn("append-only", str(raised.exception))
        event.refresh_from_db()
        self.assertEqual(event.where, "Tumanyan 3, courtyard")

    def test_the_database_refuses_delete(self) -> None:
        remains = self.create_remains()
        with self.assertRaises(DatabaseError) as raised:
            self.sql("DELETE FROM remains_custodyevent", [])
        self.assertIn("append-only", str(raised.exception))
        self.assertEqual(CustodyEvent.objects.filter(remains=remains).count(), 1)

    def test_the_orm_cannot_change_an_event_either(self) -> None:
        event = self.create_remains().events.get()
        with self.assertRaises(DatabaseError), transaction.atomic():
            CustodyEvent.objects.filter(pk=event.pk).update(where="elsewhere")
        self.assertEqual(CustodyEvent.objects.get(pk=event.pk).where, "Tumanyan 3, courtyard")
