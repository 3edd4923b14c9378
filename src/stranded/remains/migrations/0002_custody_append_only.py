"""The custody chain is append-only for every client of the database, not only for the app.

A mistake in the chain is corrected by a new 'correction' event; no event is ever changed.
"""

from django.db import migrations

from stranded.core.dbguards import install_statements, remove_statements

TABLE = "remains_custodyevent"


def forwards(apps, schema_editor):
    for sql in install_statements(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in remove_statements(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("remains", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
