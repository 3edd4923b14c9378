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
        # REPLACE INTO deletes the old row without firing delete triggers (unless the connection
        # turned recursive_triggers on): refuse any insert over an existing id.
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;""",  # noqa: S608 (table names are ours)
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
        f"DROP TRIGGER IF EXISTS {table}_no_replace;",
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


def runtime_role_statements(role: str, tables: list[str] | None = None) -> list[str]:
    """PostgreSQL: what the database owner (who runs migrations) grants the role the web and
    worker processes connect as. That role owns nothing, so it can neither drop the triggers
    nor alter or truncate tables; on the append-only tables it may only read and insert."""
    quoted = '"' + role.replace('"', '""') + '"'
    statements = [
        f"GRANT CONNECT ON DATABASE {{database}} TO {quoted};",
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {quoted};",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted};",
    ]
    for table in tables or APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted};")
    return statements
