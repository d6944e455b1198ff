"""`core.bulk`: COPY on PostgreSQL and multi-row INSERT on SQLite write the same rows, odd
text included (PostgreSQL copies only batches above `INSERT_UP_TO_PARAMS` values; here every
batch, so the COPY path is what these tests exercise there); NUL is refused on both; foreign keys checked per set still refuse a dangling
reference, on PostgreSQL by the set-based check and elsewhere by the database itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import UserFactory
from brug.core import bulk
from brug.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=False)

FIELDS = ["at", "actor", "verb", "object_type", "object_id", "object_repr", "changes"]
AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
ODD = [
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "back\\slash",
    "\\N",  # COPY's own NULL marker, as text
    "\\.",  # COPY's end-of-data marker, as text
    "quote ' and \" and ,",
    "",
    "Brugge – €, ü, 🙂",
]


@pytest.fixture(autouse=True)
def _copy_every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "INSERT_UP_TO_PARAMS", 0)


def _rows(texts: list[str], actor: int | None = None) -> list[tuple[Any, ...]]:
    return [
        (AT, actor, "bulk.test", "core.test", str(i), text, {"text": text, "n": i})
        for i, text in enumerate(texts)
    ]


def _stored() -> list[tuple[str, str, dict[str, Any]]]:
    return list(
        AuditEntry.objects.filter(verb="bulk.test")
        .order_by("pk")
        .values_list("object_id", "object_repr", "changes")
    )


def test_odd_text_is_stored_exactly() -> None:
    assert bulk.insert_rows(AuditEntry, FIELDS, _rows(ODD)) == len(ODD)
    assert _stored() == [(str(i), t, {"text": t, "n": i}) for i, t in enumerate(ODD)]
    assert AuditEntry.objects.filter(verb="bulk.test").first().at == AT  # type: ignore[union-attr]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(
            st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40
        ),
        max_size=5,
    )
)
def test_any_text_without_nul_round_trips(texts: list[str]) -> None:
    with transaction.atomic():
        AuditEntry.objects.filter(verb="bulk.test").delete()
        bulk.insert_rows(AuditEntry, FIELDS, _rows(texts))
        assert [(r, c["text"]) for _, r, c in _stored()] == [(t, t) for t in texts]
        transaction.set_rollback(True)


@pytest.mark.parametrize("column", ["object_repr", "verb"])
def test_nul_is_refused_and_nothing_written(column: str) -> None:
    rows = _rows(["fine", "also fine"])
    bad = list(rows[1])
    bad[FIELDS.index(column)] = "nul\x00inside"
    with pytest.raises(ValueError, match="NUL"), transaction.atomic():
        bulk.insert_rows(AuditEntry, FIELDS, [rows[0], tuple(bad)])
    assert _stored() == []


def test_postgresql_copies_and_sqlite_inserts_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    real_copy = bulk._copy_rows

    def spy(table: str, columns: list[Any], rows: Any) -> int:
        copied.append(table)
        return real_copy(table, columns, rows)

    monkeypatch.setattr(bulk, "_copy_rows", spy)
    monkeypatch.setattr(bulk, "MAX_PARAMS", 7 * 3)  # three rows per INSERT
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(AuditEntry, FIELDS, _rows(ODD))
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    if connection.vendor == "postgresql":
        assert copied == ["core_auditentry"] and inserts == []
    else:
        assert copied == [] and len(inserts) == 3  # 9 rows, 3 per statement
    assert len(_stored()) == len(ODD)


def test_a_small_batch_is_one_insert_on_both_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small batch (a request's token use): one INSERT (one round trip), not COPY (three), on
    PostgreSQL too; the same rows, odd text included, as the COPY path writes."""
    copied: list[str] = []
    monkeypatch.setattr(bulk, "_copy_rows", lambda table, *_: copied.append(table) or 0)
    monkeypatch.setattr(bulk, "INSERT_UP_TO_PARAMS", len(ODD) * len(FIELDS))
    with CaptureQueriesContext(connection) as queries:
        assert bulk.insert_rows(AuditEntry, FIELDS, iter(_rows(ODD))) == len(ODD)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert copied == [] and len(inserts) == 1
    assert _stored() == [(str(i), t, {"text": t, "n": i}) for i, t in enumerate(ODD)]
    monkeypatch.setattr(bulk, "INSERT_UP_TO_PARAMS", len(ODD) * len(FIELDS) - 1)  # COPY there
    bulk.insert_rows(AuditEntry, FIELDS, iter(_rows(ODD)))
    assert copied == (["core_auditentry"] if connection.vendor == "postgresql" else [])


def _dangling_user_id() -> int:
    return UserFactory().pk + 1_000_000


def test_per_set_check_accepts_valid_rows_and_restores_the_triggers() -> None:
    user = UserFactory()
    with transaction.atomic(), bulk.foreign_keys_checked_per_set(AuditEntry):
        bulk.insert_rows(AuditEntry, FIELDS, _rows(ODD, actor=user.pk))
    assert AuditEntry.objects.filter(verb="bulk.test", actor=user).count() == len(ODD)
    connection.check_constraints(table_names=["core_auditentry"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"


@pytest.mark.parametrize("set_based", [True, False])
def test_a_dangling_reference_is_refused(set_based: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "SET_BASED_FK_CHECKS", set_based)
    missing = _dangling_user_id()
    with pytest.raises(IntegrityError), transaction.atomic():
        with bulk.foreign_keys_checked_per_set(AuditEntry):
            bulk.insert_rows(AuditEntry, FIELDS, _rows(["a", "b"], actor=missing))
        # without the set-based check the database refuses it itself (deferred: at commit)
        connection.check_constraints(table_names=["core_auditentry"])
    assert _stored() == []


def test_set_based_only_where_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL (the test role is a superuser) switches the triggers off inside the block;
    SQLite, or the switch off, never does."""

    def role() -> str | None:
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            return str(cursor.fetchone()[0])

    with transaction.atomic(), bulk.foreign_keys_checked_per_set(AuditEntry):
        assert role() == ("replica" if connection.vendor == "postgresql" else None)
    monkeypatch.setattr(bulk, "SET_BASED_FK_CHECKS", False)
    with transaction.atomic(), bulk.foreign_keys_checked_per_set(AuditEntry):
        assert role() in (None, "origin")


def test_an_error_inside_restores_the_triggers() -> None:
    with transaction.atomic():
        with (
            pytest.raises(RuntimeError, match="boom"),
            bulk.foreign_keys_checked_per_set(AuditEntry),
        ):
            raise RuntimeError("boom")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW session_replication_role")
                assert cursor.fetchone()[0] == "origin"


def test_needs_a_transaction() -> None:
    connection.in_atomic_block = False  # as outside any transaction
    try:
        with (
            pytest.raises(RuntimeError, match="transaction"),
            bulk.foreign_keys_checked_per_set(AuditEntry),
        ):
            pass  # pragma: no cover
    finally:
        connection.in_atomic_block = True


def _entry(user_pk: int) -> AuditEntry:
    bulk.insert_rows(AuditEntry, FIELDS, _rows(["kept"], actor=user_pk))
    return AuditEntry.objects.get(verb="bulk.test")


@pytest.mark.parametrize(
    "write",
    [
        lambda pk: AuditEntry.objects.filter(pk=pk).update(object_repr="changed"),
        lambda pk: AuditEntry.objects.filter(pk=pk).delete(),
        lambda pk: connection.cursor().execute(
            "UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["changed", pk]
        ),
        lambda pk: connection.cursor().execute("DELETE FROM core_auditentry WHERE id = %s", [pk]),
    ],
    ids=["orm-update", "orm-delete", "sql-update", "sql-delete"],
)
def test_an_update_or_delete_inside_the_block_is_refused(write: Any) -> None:
    """The block turns every trigger of the session off on PostgreSQL (cascades, other
    checks): only inserts into the written tables may run there, on every database."""
    entry = _entry(UserFactory().pk)
    with (
        pytest.raises(bulk.OnlyInsertsAllowed, match="refused"),
        transaction.atomic(),
        bulk.foreign_keys_checked_per_set(AuditEntry),
    ):
        write(entry.pk)
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "kept"
    with transaction.atomic():  # outside the block the same statements run as usual
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="changed")
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "changed"


def test_a_refused_statement_never_reaches_the_database() -> None:
    entry = _entry(UserFactory().pk)
    with transaction.atomic():
        with (
            pytest.raises(bulk.OnlyInsertsAllowed),
            bulk.foreign_keys_checked_per_set(AuditEntry),
        ):
            connection.cursor().execute(
                "UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["changed", entry.pk]
            )
        # the same transaction goes on (nothing failed in the database), the row unchanged
        assert AuditEntry.objects.get(pk=entry.pk).object_repr == "kept"


def test_an_insert_into_an_unlisted_table_is_refused() -> None:
    from brug.core.models import AccessLog

    user = UserFactory()
    with transaction.atomic(), bulk.foreign_keys_checked_per_set(AuditEntry):
        # reads, savepoints and inserts into the listed table pass
        assert AuditEntry.objects.filter(verb="bulk.test").count() == 0
        with transaction.atomic():
            bulk.insert_rows(AuditEntry, FIELDS, _rows(["a"], actor=user.pk))
        # (each in a savepoint: Django marks a transaction whose model write failed)
        with pytest.raises(bulk.OnlyInsertsAllowed), transaction.atomic():
            UserFactory()  # a model save elsewhere
        with pytest.raises(bulk.OnlyInsertsAllowed), transaction.atomic():
            # COPY on PostgreSQL, INSERT on SQLite
            bulk.insert_rows(
                AccessLog,
                ["at", "reader", "subject_type", "subject_id", "fields", "purpose"],
                [(AT, user.pk, "core.test", "1", "name", "bulk.test")],
            )
    assert len(_stored()) == 1


def test_an_upsert_inside_the_block_is_refused() -> None:
    user = UserFactory()
    with (
        transaction.atomic(),
        bulk.foreign_keys_checked_per_set(AuditEntry),
        pytest.raises(bulk.OnlyInsertsAllowed),
    ):
        connection.cursor().execute(
            "INSERT INTO core_auditentry (at, actor_id, verb, object_type, object_id, "
            "object_repr, changes) VALUES (%s, %s, 'v', 't', '1', 'r', '{}') "
            "ON CONFLICT (id) DO UPDATE SET object_repr = 'x'",
            [AT, user.pk],
        )


def test_blocks_do_not_nest() -> None:
    with (
        transaction.atomic(),
        bulk.foreign_keys_checked_per_set(AuditEntry),
        pytest.raises(RuntimeError, match="nested"),
        bulk.foreign_keys_checked_per_set(),
    ):
        pass  # pragma: no cover


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL array literals")
@pytest.mark.parametrize(
    ("db_type", "values"),
    [
        ("bigint", [1, None, 2**40, -3]),
        ("varchar", [*ODD, None, "NULL", "{a,b}", 'x"y']),
        ("date", [datetime(2026, 1, 2).date(), None]),
        ("timestamptz", [AT, None]),
        ("boolean", [True, False, None]),
    ],
)
def test_array_literals_read_back_as_the_lists(db_type: str, values: list[Any]) -> None:
    literal = bulk.pg_array(values)
    assert isinstance(literal, str)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{db_type}[]", [literal])
        assert cursor.fetchone()[0] == values


def test_json_for_copy_is_the_same_json() -> None:
    import json

    value = {"a": [1, 2.5, None, True], 3: 'é "q" \\ \n', "nested": {"x": []}}
    assert json.loads(bulk._json_text(value)) == json.loads(json.dumps(value))
    assert bulk._json_text(2**70) == json.dumps(2**70)  # beyond orjson: the standard library
