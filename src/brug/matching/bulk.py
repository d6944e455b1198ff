"""Plain multi-row INSERTs for a round's own rows at scale (its results, one per learner).

Placements are the workplace app's (`placements_create_bulk`); this is only for
`RoundResult`. `bulk_create` builds and prepares one model object per row; for the 45,000
results of a Flanders-wide round that cost seconds of the publication's time budget. Here values are passed as they are, except the column types that
need the backend's adapter (dates, datetimes, JSON). Every non-null column must be given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection, models

# Several rows per statement (like bulk_create); below SQLite's and PostgreSQL's limits.
MAX_PARAMS = 30_000


def _prep(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        if connection.vendor == "sqlite":
            return json.dumps  # what the field stores on SQLite, without the per-value detour
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        # the same few timestamps and dates repeat on every row
        return lru_cache(maxsize=1024)(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return lru_cache(maxsize=1024)(connection.ops.adapt_datefield_value)
    return None


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT `rows` (values in the order of `fields`; foreign keys as ids). Returns the count."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    if connection.vendor == "postgresql":
        return _copy_rows(str(meta.db_table), columns, rows)
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(getattr(c, "column", c.name))) for c in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only model metadata (table, column names) goes into the SQL text; values are parameters.
    head = f"INSERT INTO {quote(str(meta.db_table))} ({names}) VALUES "  # noqa: S608
    per_statement = max(1, min(1000, MAX_PARAMS // len(columns)))
    preps = [_prep(c) for c in columns]  # type: ignore[arg-type]
    count = 0
    with connection.cursor() as cursor:
        params: list[Any] = []
        pending = 0

        def flush() -> None:
            sql = head + ", ".join([row_marks] * pending)
            cursor.execute(sql, params)

        for row in rows:
            params.extend(v if p is None else p(v) for p, v in zip(preps, row, strict=True))
            pending += 1
            if pending == per_statement:
                flush()
                count += pending
                params, pending = [], 0
        if pending:
            flush()
            count += pending
    return count


def _copy_rows(table: str, columns: list[Any], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY is several times faster than INSERT for 100,000 rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(c.column)) for c in columns)
    json_at = [i for i, c in enumerate(columns) if isinstance(c, models.JSONField)]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                for i in json_at:
                    values[i] = json.dumps(values[i])
                copy.write_row(values)
                count += 1
    return count
