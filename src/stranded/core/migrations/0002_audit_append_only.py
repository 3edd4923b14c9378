"""The audit log is append-only for every client of the database, not only for the application.

A deployment that must purge events after their retention period does it as the database owner,
with the trigger lifted for that statement, and records that it did.
"""

from django.db import migrations

from stranded.core.dbguards import install_statements, remove_statements

TABLE = "core_auditevent"


def forwards(apps, schema_editor):
    for sql in install_statements(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in remove_statements(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
