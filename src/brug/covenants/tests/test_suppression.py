"""Small-cell suppression: no published count under k, and no hidden cell recomputable."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from brug.covenants.suppression import suppress, with_margins


def _determined(grid_rows: int, grid_cols: int, hidden: set[tuple[int, int]]) -> set:
    """Hidden cells fixed by the published ones, found by exact linear algebra (not by graphs).

    Unknowns: hidden cells. Equations: each inner row sums to its row total, each column to its
    column total (including the totals row/column). A hidden cell is determined iff its unit
    vector lies in the row space of the equations restricted to the unknowns."""
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    rows, cols = grid_rows - 1, grid_cols - 1
    equations = []
    for r in range(rows + 1):
        vec = [Fraction(0)] * len(unknowns)
        for c in range(cols):
            if (r, c) in index:
                vec[index[(r, c)]] += 1
        if (r, cols) in index:
            vec[index[(r, cols)]] -= 1
        equations.append(vec)
    for c in range(cols + 1):
        vec = [Fraction(0)] * len(unknowns)
        for r in range(rows):
            if (r, c) in index:
                vec[index[(r, c)]] += 1
        if (rows, c) in index:
            vec[index[(rows, c)]] -= 1
        equations.append(vec)

    def rank(matrix: list[list[Fraction]]) -> int:
        m = [row[:] for row in matrix]
        rank_, width = 0, len(unknowns)
        for col in range(width):
            pivot = next((i for i in range(rank_, len(m)) if m[i][col] != 0), None)
            if pivot is None:
                continue
            m[rank_], m[pivot] = m[pivot], m[rank_]
            for i in range(len(m)):
                if i != rank_ and m[i][col] != 0:
                    factor = m[i][col] / m[rank_][col]
                    m[i] = [a - factor * b for a, b in zip(m[i], m[rank_], strict=True)]
            rank_ += 1
        return rank_

    base = rank(equations)
    found = set()
    for cell, i in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if rank([*equations, unit]) == base:
            found.add(cell)
    return found


tables = st.integers(1, 5).flatmap(
    lambda r: st.integers(1, 5).flatmap(
        lambda c: st.lists(
            st.lists(st.integers(0, 12), min_size=c, max_size=c), min_size=r, max_size=r
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(table=tables, k=st.integers(1, 8))
def test_no_hidden_cell_can_be_recomputed_from_published_totals(table, k) -> None:
    result = suppress(table, k)
    grid = with_margins(table)
    # Nothing published rests on fewer than k tests (empty cells publish no rate).
    for r, row in enumerate(grid):
        for c, n in enumerate(row):
            if 0 < n < k:
                assert (r, c) in result.hidden
    assert _determined(len(grid), len(grid[0]), set(result.hidden)) == set()


def test_single_small_cell_in_a_row_gets_a_complement() -> None:
    table = [[3, 20, 30], [25, 40, 50]]
    result = suppress(table, 5)
    assert (0, 0) in result.primary
    assert len(result.hidden) >= 4  # a rectangle, never one lonely cell
    assert _determined(3, 4, set(result.hidden)) == set()


def test_nothing_hidden_when_every_cell_is_large() -> None:
    assert suppress([[10, 20], [30, 40]], 5).hidden == frozenset()
