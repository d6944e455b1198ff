"""Plain multi-row INSERTs for writes at scale (a matching round's 45,000 results, 35,000
placements with their training plans and audit entries).

`bulk_create` builds and prepares one model object per row, which at that scale costs most of
the time. Here values are passed as they are, except the column types that need the backend's
adapter (dates, datetimes, JSON). Every non-null column must be given. Only model metadata
(table and column names) goes into the SQL text; values are always parameters.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import orjson
from django.db import DatabaseError, IntegrityError, connection, models

from brug.core import api_cache

# Several rows per statement (like bulk_create); below SQLite's and PostgreSQL's limits.
MAX_PARAMS = 30_000
# A batch of up to this many values goes to PostgreSQL as one INSERT (one round trip) rather
# than COPY (three: start, data, end): a request's token use (one row), or the read log of one
# record. psycopg parses a statement once and keeps it only up to 50 parameters; above that,
# parsing every time costs more CPU than COPY's extra round trips (50 log rows: 5.9 against
# 3.2 ms a request, measured).
INSERT_UP_TO_PARAMS = 50

# `foreign_keys_checked_per_set` on PostgreSQL; the side-by-side bench switches it off to time
# the row-by-row checks it replaced.
SET_BASED_FK_CHECKS = True


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
        rows = iter(rows)
        up_to = INSERT_UP_TO_PARAMS // len(columns)
        first = list(itertools.islice(rows, up_to + 1))
        if len(first) > up_to:
            return _copy_rows(str(meta.db_table), columns, itertools.chain(first, rows))
        rows = first
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(getattr(c, "column", c.name))) for c in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only model metadata (table, column names) goes into the SQL text; values are parameters.
    head = f"INSERT INTO {quote(str(meta.db_table))} ({names}) VALUES "  # noqa: S608
    per_statement = max(1, min(1000, MAX_PARAMS // len(columns)))
    preps = [_prep(c) for c in columns]  # type: ignore[arg-type]
    text_at = _text_columns(columns)
    table = str(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        params: list[Any] = []
        pending = 0

        def flush() -> None:
            sql = head + ", ".join([row_marks] * pending)
            cursor.execute(sql, params)

        for row in rows:
            _refuse_nul(table, columns, text_at, row)
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


def _text_columns(columns: list[Any]) -> list[int]:
    return [i for i, c in enumerate(columns) if isinstance(c, (models.CharField, models.TextField))]


def _refuse_nul(table: str, columns: list[Any], text_at: list[int], values: Sequence[Any]) -> None:
    """PostgreSQL cannot store NUL in text, so neither database gets it (same rows on both)."""
    for i in text_at:
        value = values[i]
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{table}.{columns[i].column}: a text value contains NUL")


def _copy_rows(table: str, columns: list[Any], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY is several times faster than INSERT for 100,000 rows.

    psycopg escapes tabs, newlines and backslashes in COPY's text format itself. PostgreSQL
    cannot store NUL in text: such a value is refused with `ValueError` before anything is
    sent (the caller's transaction then rolls back), as on SQLite."""
    _check_copy(table)  # COPY goes past the execute wrappers: the insert-only rule, here
    api_cache.written(connection)  # and the data version of kept API answers
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(c.column)) for c in columns)
    json_at = [i for i, c in enumerate(columns) if isinstance(c, models.JSONField)]
    text_at = _text_columns(columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                for i in json_at:
                    values[i] = _json_text(values[i])  # escapes NUL as \u0000
                _refuse_nul(table, columns, text_at, values)
                copy.write_row(values)
                count += 1
    return count


_ORJSON = orjson.OPT_NON_STR_KEYS


def _json_text(value: Any) -> str:
    """JSON text for a jsonb column: orjson, several times faster than `json.dumps`; the
    server parses either into the same jsonb value (jsonb keeps no spacing, and both write
    integer keys as strings). Whatever orjson refuses (a lazy translation, an integer beyond
    64 bits, ...) goes through `json.dumps`, which then accepts or raises as before."""
    try:
        return orjson.dumps(value, option=_ORJSON).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value)


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
    params = [pg_array([row[i] for row in rows]) for i in range(len(columns))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_key = {k: pk for pk, k in cursor.fetchall()}
    if len(by_key) != len(rows):
        raise ValueError(f"{table}: the `unique` column repeats a value")
    return [by_key[row[key_at]] for row in rows]


def _array_element(value: Any) -> str:
    if value is None:
        return "NULL"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, str) or kind is date or kind is datetime:
        # str.__str__: a str enum's own text; dates ISO; datetimes with their offset
        text = str.__str__(value) if isinstance(value, str) else str(value)
        if "\x00" in text:
            raise ValueError("a text value contains NUL")
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(kind)


def pg_array(values: list[Any]) -> Any:
    """PostgreSQL: `values` as an array literal (text, for a `%s::type[]` parameter), built
    at C speed for a column of ints; Django's client-side binding would otherwise quote a
    list of hundreds of thousands of values element by element in Python (about 4 times the
    CPU). Only int, bool, str, date and aware datetime values (and None); any other kind of
    value leaves the list to the driver as before."""
    try:
        if all(type(v) is int for v in values):
            return "{" + ",".join(map(str, values)) + "}"
        return "{" + ",".join(map(_array_element, values)) + "}"
    except TypeError:
        return values


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


class OnlyInsertsAllowed(RuntimeError):
    """A statement other than a read or an INSERT into one of the written tables was issued
    inside `foreign_keys_checked_per_set` (where PostgreSQL runs no trigger at all). Raised
    before the statement reaches the database."""


# Inside `foreign_keys_checked_per_set`: the tables that may be inserted into (per thread and
# task, like Django's connections).
_insert_only: ContextVar[frozenset[str] | None] = ContextVar("brug_insert_only", default=None)

_READ = re.compile(r"\s*(SELECT|SHOW)\b", re.IGNORECASE)
_SAVEPOINT = re.compile(
    r"\s*(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO\s+SAVEPOINT)\s", re.IGNORECASE
)
_INSERT = re.compile(r'\s*INSERT\s+INTO\s+(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_$]*))', re.IGNORECASE)
# An upsert may update (DO UPDATE) or skip rows (DO NOTHING): no plain insert either way.
_NOT_A_PLAIN_INSERT = re.compile(r"\bDO\s+UPDATE\b|\bON\s+CONFLICT\b", re.IGNORECASE)


def _refuse_statement(sql: str, allowed: frozenset[str]) -> None:
    """Deny by default: reads (SELECT, SHOW), savepoints (a nested `atomic`) and plain INSERTs
    into `allowed`; UPDATE, DELETE, TRUNCATE, upserts, CTEs, DDL, SET ... are refused."""
    if _READ.match(sql) or _SAVEPOINT.match(sql):
        return
    found = _INSERT.match(sql)
    if found and (found[1] or found[2]) in allowed and not _NOT_A_PLAIN_INSERT.search(sql):
        return
    raise OnlyInsertsAllowed(
        "only INSERTs into "
        + ", ".join(sorted(allowed))
        + " (and reads) may run inside foreign_keys_checked_per_set, where PostgreSQL's "
        + f"triggers are off; refused: {sql[:200]}"
    )


def _insert_only_guard(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    allowed = _insert_only.get()
    if allowed is not None:
        _refuse_statement(str(sql), allowed)
    return execute(sql, params, many, context)


def _check_copy(table: str) -> None:
    allowed = _insert_only.get()
    if allowed is not None and table not in allowed:
        _refuse_statement(f"COPY {table}", allowed)


@contextmanager
def _only_inserts_into(tables: Iterable[str]) -> Iterator[None]:
    if _insert_only.get() is not None:
        raise RuntimeError("foreign_keys_checked_per_set blocks cannot be nested")
    token = _insert_only.set(frozenset(tables))
    try:
        with connection.execute_wrapper(_insert_only_guard):
            yield
    finally:
        _insert_only.reset(token)


def _set_based_allowed() -> bool:
    """May this session switch PostgreSQL's row triggers off for its own transaction? Only a
    superuser or a role granted `SET ON PARAMETER session_replication_role` (PostgreSQL 15+)."""
    if connection.vendor != "postgresql" or not SET_BASED_FK_CHECKS:
        return False
    if connection.pg_version < 150000:  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            return bool(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_parameter_privilege(current_user, 'session_replication_role', 'SET')"
        )
        return bool(cursor.fetchone()[0])


def _own_rows(ref: tuple[str, int] | None, ref_column: str) -> tuple[str, list[int]]:
    """SQL (and parameters) leaving out of the lock the referenced rows this transaction
    inserted in the same block (a plan item's plan): no other transaction can see them, let
    alone delete them, and locking each would cost a write per row. Only rows above the block's
    key floor whose `xmin` is this transaction's own top-level id qualify; rows written in a
    savepoint carry another id and are locked as before (the safe side)."""
    if ref is None or ref[0] != ref_column:
        return "", []
    # Only a column name from model metadata goes into the SQL text.
    return (
        f"AND NOT (r.{connection.ops.quote_name(ref[0])} > %s "
        "AND r.xmin = pg_current_xact_id()::xid) ",
        [ref[1]],
    )


def _foreign_keys(model: type[models.Model]) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column) of each database foreign key."""
    found = []
    for field in model._meta.concrete_fields:
        if field.is_relation and getattr(field, "db_constraint", False):
            target = field.target_field  # type: ignore[attr-defined]
            found.append((str(field.column), str(target.model._meta.db_table), str(target.column)))
    return found


@contextmanager
def foreign_keys_checked_per_set(*written: type[models.Model]) -> Iterator[None]:
    """Bulk INSERTs into the `written` tables whose foreign keys PostgreSQL checks per set.

    PostgreSQL checks every inserted reference with its own query from a row trigger (for a
    matching round about a million of them at commit, 4-8 s). Inside this block those
    triggers are off for this transaction only (`SET LOCAL session_replication_role =
    replica`); at its end, per foreign key of each written table, one statement locks the
    referenced rows the new rows point to (`FOR KEY SHARE`, the lock the trigger would take;
    not the rows this transaction inserted into another table of the same block, such as a
    plan item's plan: nobody else can see those) and one anti-join counts the references
    that point nowhere: any such row raises
    `IntegrityError` and the transaction rolls back, as a failed trigger check would. The
    constraints stay in the schema and keep guarding every other write.

    Only INSERTs into `written` may happen inside (the switch disables every trigger of the
    session, including those guarding deletes), and reads: that rule is enforced on every
    database, so a test on SQLite catches a break of it too. Any other statement (UPDATE,
    DELETE, an upsert, an INSERT into another table, DDL, ...) raises `OnlyInsertsAllowed`
    before it is sent, and so does a COPY into another table. New rows are found by primary
    key above the key sequence's value before the block, so the tables need keys from a
    sequence. Must run inside `transaction.atomic`; blocks do not nest. On SQLite, or without
    the privilege, the triggers stay on and the database checks row by row as usual."""
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_per_set needs an open transaction")
    if _insert_only.get() is not None:
        raise RuntimeError("foreign_keys_checked_per_set blocks cannot be nested")
    allowed = [str(model._meta.db_table) for model in written]
    if not _set_based_allowed():
        with _only_inserts_into(allowed):
            yield
        return
    quote = connection.ops.quote_name
    tables = [
        (str(model._meta.db_table), str(model._meta.pk.column), _foreign_keys(model))
        for model in written
    ]
    before: list[int] = []
    with connection.cursor() as cursor:
        for table, pk, _ in tables:
            # The key sequence's next value (one id skipped): every row inserted later has a
            # larger key. Not max(id): its index scan wades through deleted, unvacuumed rows.
            # Only model metadata (table and column names) goes into the SQL text.
            cursor.execute(
                "SELECT coalesce(nextval(pg_get_serial_sequence(%s, %s)), "  # noqa: S608
                f"(SELECT coalesce(max({quote(pk)}), 0) FROM {quote(table)}))",
                [quote(table), pk],
            )
            before.append(int(cursor.fetchone()[0]))
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        with _only_inserts_into(allowed):
            yield
    except BaseException:
        try:  # back to normal unless the transaction already failed (it then rolls back)
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        except DatabaseError:
            pass
        raise
    floor_of = {table: (pk, floor) for (table, pk, _), floor in zip(tables, before, strict=True)}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")
        for (table, pk, keys), floor in zip(tables, before, strict=True):
            for column, ref_table, ref_column in keys:
                t, c, rt, rc = (quote(table), quote(column), quote(ref_table), quote(ref_column))
                # Only model metadata goes into the SQL text; the floor is a parameter.
                new = f"SELECT {c} FROM {t} WHERE {quote(pk)} > %s AND {c} IS NOT NULL"  # noqa: S608
                mine, params = _own_rows(floor_of.get(ref_table), ref_column)
                # The distinct values first, materialised: the new rows are read exactly once
                # whatever the plan (without it PostgreSQL may probe the new rows once per
                # referenced row through any index that holds the column, even a non-leading one).
                cursor.execute(
                    f"WITH n AS MATERIALIZED (SELECT DISTINCT {c} AS v FROM {t} "  # noqa: S608
                    f"WHERE {quote(pk)} > %s AND {c} IS NOT NULL) "
                    f"SELECT count(*) FROM (SELECT 1 FROM {rt} r WHERE r.{rc} IN "
                    f"(SELECT v FROM n) {mine}FOR KEY SHARE OF r) locked",
                    [floor, *params],
                )
                cursor.execute(
                    f"SELECT count(*) FROM ({new}) n WHERE NOT EXISTS "  # noqa: S608
                    f"(SELECT 1 FROM {rt} r WHERE r.{rc} = n.{c})",
                    [floor],
                )
                missing = int(cursor.fetchone()[0])
                if missing:
                    raise IntegrityError(
                        f"{table}.{column}: {missing} new rows refer to no row of {ref_table}"
                    )
