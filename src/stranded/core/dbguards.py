"""Database triggers that make a table append-only for every client of the connection.

Used by migrations (the audit log here; the custody chain of remains later). Test suites that
flush the database between tests (browser tests) lift the guard for the flush only, through
`remove_append_only`, and put it back before the next test.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION stranded_refuse_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END;
    $$ LANGUAGE plpgsql;"""


def install_statements(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            POSTGRES_FUNCTION,
            f"""CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION stranded_refuse_change();""",
            f"""CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION stranded_refuse_change();""",
        ]
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;""",
    ]


def remove_statements(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update;",
        f"DROP TRIGGER IF EXISTS {table}_no_delete;",
    ]


APPEND_ONLY_TABLES = ["core_auditevent", "remains_custodyevent"]


def install_append_only(connection: BaseDatabaseWrapper, tables: list[str] | None = None) -> None:
    with connection.cursor() as cursor:
        for table in tables or APPEND_ONLY_TABLES:
            for sql in install_statements(connection.vendor, table):
                cursor.execute(sql)


def remove_append_only(connection: BaseDatabaseWrapper, tables: list[str] | None = None) -> None:
    with connection.cursor() as cursor:
        for table in tables or APPEND_ONLY_TABLES:
            for sql in remove_statements(connection.vendor, table):
                cursor.execute(sql)
