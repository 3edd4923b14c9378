"""SQLite: REPLACE INTO rewrote audit events and custody events (a delete that fires no delete
trigger, then an insert); an insert over an existing id is now refused too. PostgreSQL's triggers
already refuse INSERT ... ON CONFLICT DO UPDATE (it fires the update trigger)."""

from django.db import migrations

from stranded.core.dbguards import APPEND_ONLY_TABLES, install_statements


def forwards(apps, schema_editor):
    for table in APPEND_ONLY_TABLES:
        for sql in install_statements(schema_editor.connection.vendor, table):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_role_requests"), ("remains", "0002_custody_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
