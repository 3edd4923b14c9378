from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from stranded.core.audit import record_event, record_read
from stranded.core.models import AuditEvent
from tests.base import StrandedTestCase


class AuditLogTests(StrandedTestCase):
    def test_it_records_actor_role_and_operation(self) -> None:
        with transaction.atomic():
            event = record_event(actor=self.coordinator, verb="test.done", target=self.team)
        self.assertEqual(event.actor_username, "coordinator")
        self.assertEqual(event.role, "coordinator")
        self.assertEqual(event.operation, self.operation)
        self.assertEqual((event.target_type, event.target_id), ("core.team", str(self.team.pk)))

    def test_it_refuses_update_and_delete_in_the_application(self) -> None:
        event = record_read(actor=self.tracing_officer, target=self.team)
        event.verb = "forged"
        with self.assertRaises(PermissionError):
            event.save()
        with self.assertRaises(PermissionError):
            event.delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(pk=event.pk).update(verb="forged")
        with self.assertRaises(PermissionError):
            AuditEvent.objects.all().delete()
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).verb, "read")

    def test_it_refuses_update_and_delete_through_the_database_connection(self) -> None:
        event = record_read(actor=self.tracing_officer, target=self.team)
        table = AuditEvent._meta.db_table
        for sql in (f"UPDATE {table} SET verb = 'forged'", f"DELETE FROM {table}"):
            with (
                self.assertRaises((DatabaseError, IntegrityError)),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).verb, "read")

    def test_it_keeps_events_when_their_actor_would_be_deleted(self) -> None:
        record_read(actor=self.tracing_officer, target=self.team)
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.tracing_officer.delete()
        self.assertEqual(AuditEvent.objects.filter(actor=self.tracing_officer).count(), 1)


class AuditContextTests(StrandedTestCase):
    def test_it_records_the_client_ip_and_stated_purpose_of_a_request(self) -> None:
        self.login(self.auditor)
        self.client.get(
            "/audit/", REMOTE_ADDR="10.9.8.7", HTTP_X_STRANDED_PURPOSE="family asked by phone"
        )
        [event] = self.events(verb="audit.viewed")
        self.assertEqual((event.ip, event.purpose), ("10.9.8.7", "family asked by phone"))
