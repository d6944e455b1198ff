"""A snapshot of the whole test database, taken once and put back before each test that needs it.

The all-pages browser test runs once per demo role (so pytest-xdist spreads the roles over its
workers), and every role needs the same `small` demo set. Building it takes 10-15 s; putting a
snapshot back takes well under a second. Each worker builds the set once (a session fixture),
takes a `DatabaseSnapshot`, and every test restores it inside its own transactional database
(which pytest-django empties again after the test, as for any transactional test).

* SQLite: SQLite's online backup API, the whole database file copied page by page into memory
  and back.
* PostgreSQL: every table's rows as `COPY ... TO STDOUT` text, restored with `TRUNCATE` of all
  tables and `COPY ... FROM STDIN` in one transaction (Django's foreign keys are deferred, so
  the order of the tables does not matter), then every sequence set past its table's rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class DatabaseSnapshot:
    vendor: str
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def take(cls) -> DatabaseSnapshot:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return cls("sqlite", sqlite=copy)
        if connection.vendor != "postgresql":
            raise NotImplementedError(f"no snapshot for {connection.vendor}")
        tables: dict[str, bytes] = {}
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in _tables():
                with raw.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                    tables[table] = b"".join(bytes(chunk) for chunk in copy)
        return cls("postgresql", tables=tables)

    def restore(self) -> None:
        """Replace everything in the test database by the snapshot."""
        connection.ensure_connection()
        if self.sqlite is not None:
            self.sqlite.backup(connection.connection)
        else:
            quote = connection.ops.quote_name
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in self.tables))
                raw = cursor.cursor
                for table, data in self.tables.items():
                    if data:
                        with raw.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                            copy.write(data)
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(sql)
        # Cached rows of the emptied database (content types) must not outlive it.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

    def close(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))
