"""Disclosure control: no suppressed cell can be recomputed, no small count is published."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brug.core.disclosure import (
    Disclosure,
    determined,
    is_small,
    rate,
    suppress,
    suppress_linked,
    suppress_series,
)


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [r[:] for r in matrix]
    rank = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def recomputable_cells(d: Disclosure) -> set[tuple[Any, Any]]:
    """Independent of the module's graph argument: plain linear algebra over the published
    equations. A hidden cell is recomputable when its unit vector lies in the row space of the
    equations' coefficients on the unknowns."""
    unknowns: list[tuple[str, Any]] = [("cell", c) for c in sorted(d.cells, key=repr)]
    rows_hidden = [r for r in d.rows if not d.publish_row_totals or r in d.row_totals]
    cols_hidden = [c for c in d.cols if not d.publish_col_totals or c in d.col_totals]
    unknowns += [("row_total", r) for r in rows_hidden] + [("col_total", c) for c in cols_hidden]
    grand_hidden = not d.publish_grand_total or d.grand_total
    if grand_hidden:
        unknowns.append(("grand_total", None))
    index = {u: i for i, u in enumerate(unknowns)}
    equations: list[list[Fraction]] = []

    def equation(terms: list[tuple[tuple[str, Any], int]]) -> None:
        row = [Fraction(0)] * len(unknowns)
        for unknown, coefficient in terms:
            if unknown in index:
                row[index[unknown]] += coefficient
        if any(row):
            equations.append(row)

    for r in d.rows:
        equation([(("cell", (r, c)), 1) for c in d.cols] + [(("row_total", r), -1)])
    for c in d.cols:
        equation([(("cell", (r, c)), 1) for r in d.rows] + [(("col_total", c), -1)])
    equation([(("row_total", r), 1) for r in d.rows] + [(("grand_total", None), -1)])
    equation([(("col_total", c), 1) for c in d.cols] + [(("grand_total", None), -1)])
    if not equations:
        return set()
    base = _rank(equations)
    found = set()
    for unknown, i in index.items():
        if unknown[0] != "cell":
            continue
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.add(unknown[1])
    return found


counts = st.one_of(st.integers(0, 4), st.integers(0, 40), st.just(0))


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[tuple[int, int], int], int, int, int]:
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(1, 5))
    table = {(r, c): draw(counts) for r in range(n_rows) for c in range(n_cols)}
    k = draw(st.integers(2, 10))
    return table, n_rows, n_cols, k


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_suppressed_cell_can_be_recomputed(data: tuple[dict, int, int, int]) -> None:
    table, n_rows, n_cols, k = data
    d = suppress(table, k=k, rows=range(n_rows), cols=range(n_cols))
    assert recomputable_cells(d) == set()
    assert determined(d) == set()


@settings(max_examples=150, deadline=None)
@given(tables())
def test_every_line_with_a_published_total_hides_zero_or_at_least_two_cells(
    data: tuple[dict, int, int, int],
) -> None:
    table, n_rows, n_cols, k = data
    d = suppress(table, k=k, rows=range(n_rows), cols=range(n_cols))
    for r in range(n_rows):
        if d.row_total(table, r) is not None:
            assert sum((r, c) in d.cells for c in range(n_cols)) != 1
    for c in range(n_cols):
        if d.col_total(table, c) is not None:
            assert sum((r, c) in d.cells for r in range(n_rows)) != 1


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_published_cell_or_total_is_small(data: tuple[dict, int, int, int]) -> None:
    table, n_rows, n_cols, k = data
    d = suppress(table, k=k, rows=range(n_rows), cols=range(n_cols))
    for (r, c), n in table.items():
        published = d.cell(table, r, c)
        assert published is None or not is_small(published, k)
        if is_small(n, k):
            assert published is None
        else:
            assert published is None or published == n
    totals = [d.total(table)]
    totals += [d.row_total(table, r) for r in range(n_rows)]
    totals += [d.col_total(table, c) for c in range(n_cols)]
    assert all(t is None or not is_small(t, k) for t in totals)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_suppression_is_idempotent_and_deterministic(data: tuple[dict, int, int, int]) -> None:
    table, n_rows, n_cols, k = data
    first = suppress(table, k=k, rows=range(n_rows), cols=range(n_cols))
    again = suppress(table, k=k, rows=range(n_rows), cols=range(n_cols))
    assert again == first
    # Starting from the published pattern adds nothing: it is a fixpoint.
    fixed = suppress_linked(
        [table],
        k=k,
        rows=range(n_rows),
        cols=range(n_cols),
        extra=first.cells,
        extra_totals=first.suppressed_totals,
    )
    assert fixed.cells == first.cells


@settings(max_examples=200, deadline=None)
@given(tables(), st.data())
def test_linked_tables_share_a_pattern_that_protects_each(
    data: tuple[dict, int, int, int], more: st.DataObject
) -> None:
    learners, n_rows, n_cols, k = data
    placed = {cell: more.draw(st.integers(0, n)) for cell, n in learners.items()}
    waiting = {cell: learners[cell] - placed[cell] for cell in learners}
    d = suppress_linked([learners, placed, waiting], k=k, rows=range(n_rows), cols=range(n_cols))
    assert recomputable_cells(d) == set()
    for cell in learners:
        for table in (learners, placed, waiting):
            value = d.cell(table, *cell)
            assert value is None or not is_small(value, k)


def test_two_cycles_joined_by_one_hidden_cell_are_closed() -> None:
    """A pattern where every line hides two cells yet one cell is recomputable (a bridge)."""
    table = {(r, c): 50 for r in range(4) for c in range(4)}
    for cell in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        table[cell] = 1 if cell != (0, 2) else 3
    hidden = frozenset(c for c, n in table.items() if n < 5)
    naive = Disclosure(
        k=5, rows=tuple(range(4)), cols=tuple(range(4)), primary=hidden, cells=hidden
    )
    # The classic "two per line" rule holds, yet (0, 2) = row 0 - column 0,1 sums:
    assert recomputable_cells(naive) == {(0, 2)}
    assert determined(naive) == {(0, 2)}
    d = suppress(table, k=5, rows=range(4), cols=range(4))
    assert recomputable_cells(d) == set()
    assert hidden < d.cells


def test_worked_example() -> None:
    table = {("a", "x"): 3, ("a", "y"): 10, ("a", "z"): 20, ("b", "x"): 8, ("b", "y"): 9}
    d = suppress(table, k=5, cols=["x", "y", "z"])
    assert d.primary == {("a", "x")}
    # Row a and column x each need a second hidden cell; (b, y) then closes the cycle.
    assert d.cells == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert d.row_total(table, "a") == 33
    assert d.col_total(table, "z") == 20
    assert d.total(table) == 50


def test_single_cell_table_hides_its_totals() -> None:
    d = suppress({("a", "x"): 2}, k=5)
    assert d.cells == {("a", "x")}
    assert d.row_total({("a", "x"): 2}, "a") is None
    assert d.total({("a", "x"): 2}) is None
    assert recomputable_cells(d) == set()


def test_series_with_total_hides_a_second_count() -> None:
    d = suppress_series({"bouw": 3, "zorg": 40, "metaal": 12}, k=5)
    assert d.cells == {("bouw", "n"), ("metaal", "n")}
    assert d.col_total({("bouw", "n"): 3, ("zorg", "n"): 40, ("metaal", "n"): 12}, "n") == 55
    assert recomputable_cells(d) == set()


def test_zero_is_published() -> None:
    d = suppress({("a", "x"): 0, ("a", "y"): 7}, k=5)
    assert d.cells == set()


def test_rate_needs_both_parts() -> None:
    assert rate(3, 6) == 0.5
    assert rate(None, 6) is None
    assert rate(3, None) is None
    assert rate(0, 0) is None


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError):
        suppress({}, k=0)
