"""Plain multi-row INSERTs for writes at scale (a matching round's 45,000 results, 35,000
placements with their training plans and audit entries).

`bulk_create` builds and prepares one model object per row, which at that scale costs most of
the time. Here values are passed as they are, except the column types that need the backend's
adapter (dates, datetimes, JSON). Every non-null column must be given. Only model metadata
(table and column names) goes into the SQL text; values are always parameters.
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


def insert_returning_ids(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    unique: str | None = None,
) -> list[int]:
    """Multi-row INSERT ... RETURNING id (SQLite 3.35+ and PostgreSQL); ids in row order.

    `unique`: one of `fields` whose values are distinct across `rows`. On PostgreSQL the rows
    then go in as one array per column in a single `INSERT ... SELECT FROM unnest(...)` (tens
    of thousands of `VALUES` tuples cost the server far more to parse and plan), and each id
    is matched to its row by that column, so no RETURNING order is relied upon."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    if (
        unique is not None
        and rows
        and connection.vendor == "postgresql"
        and not any(isinstance(c, models.JSONField) for c in columns)
    ):
        return _unnest_returning_ids(
            str(meta.db_table), columns, fields.index(unique), rows, str(meta.pk.column)
        )
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(getattr(c, "column", c.name))) for c in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(str(meta.db_table))} ({names}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(str(meta.pk.column))}"
    per_statement = max(1, min(1000, MAX_PARAMS // len(columns)))
    preps = [_prep(c) for c in columns]  # type: ignore[arg-type]
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                v if p is None else p(v) for row in chunk for p, v in zip(preps, row, strict=True)
            ]
            cursor.execute(head + ", ".join([row_marks] * len(chunk)) + tail, params)
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def _unnest_returning_ids(
    table: str, columns: list[Any], key_at: int, rows: Sequence[Sequence[Any]], pk: str
) -> list[int]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(c.column)) for c in columns)
    key = quote(str(columns[key_at].column))
    # Only model metadata (table, column names and types) goes into the SQL text.
    arrays = ", ".join(f"%s::{c.db_type(connection)}[]" for c in columns)
    sql = (
        f"INSERT INTO {quote(table)} ({names}) SELECT * FROM unnest({arrays}) "  # noqa: S608
        f"RETURNING {quote(pk)}, {key}"
    )
    params = [[row[i] for row in rows] for i in range(len(columns))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_key = {k: pk for pk, k in cursor.fetchall()}
    if len(by_key) != len(rows):
        raise ValueError(f"{table}: the `unique` column repeats a value")
    return [by_key[row[key_at]] for row in rows]


def with_defaults(
    model: type[models.Model], given: Sequence[str]
) -> tuple[list[str], Callable[[Sequence[Any]], tuple[Any, ...]]]:
    """The fields to pass to `insert_rows`/`insert_returning_ids` when a caller gives only
    `given`: every other concrete column (the auto pk aside) gets what `Model.save()` would
    store, its default (a callable default is called per row, as for `Model()`) or, for
    `auto_now`/`auto_now_add`, the time of this call. Returns (fields, complete) where
    `complete(values)` appends the defaults to a row of `given` values."""
    from django.utils import timezone

    now = timezone.now()
    rest: list[str] = []
    fixed: list[Any] = []
    calls: list[Callable[[], Any] | None] = []
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        if field.name in given or field.attname in given:
            continue
        rest.append(field.attname)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append(now)
            calls.append(None)
        elif field.has_default() and callable(field.default):
            fixed.append(None)
            calls.append(field.default)
        else:
            fixed.append(field.get_default())
            calls.append(None)
    if all(c is None for c in calls):
        tail = tuple(fixed)

        def complete(values: Sequence[Any]) -> tuple[Any, ...]:
            return (*values, *tail)
    else:

        def complete(values: Sequence[Any]) -> tuple[Any, ...]:
            return (
                *values,
                *(f if c is None else c() for f, c in zip(fixed, calls, strict=True)),
            )

    return [*given, *rest], complete
