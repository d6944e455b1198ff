"""`core.bulk`: COPY on PostgreSQL and multi-row INSERT on SQLite write the same rows, odd
text included; NUL is refused on both; foreign keys checked per set still refuse a dangling
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
