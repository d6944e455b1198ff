"""Small-cell suppression with complementary suppression for a two-way table with totals.

Every cell holds a count of tests `n` (and a count of outcomes, published together with it).
A cell, row total, column total or grand total resting on fewer than `k` tests is hidden
(primary suppression). Published totals could give a hidden cell away, so more cells are hidden
until none can be recomputed (complementary suppression).

The algorithm is Brug's one disclosure control, `brug.core.disclosure` (shared with the open
data of the monitoring app); this module adapts it to the sector × ground grid of the
non-discrimination comparison, whose last row and column are the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brug.core import disclosure

Cell = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with margins; `hidden` holds positions in the (R+1)×(C+1) grid."""

    counts: tuple[tuple[int, ...], ...]  # the grid including totals: last row/col are totals
    hidden: frozenset[Cell]
    primary: frozenset[Cell]

    @property
    def rows(self) -> int:
        return len(self.counts) - 1

    @property
    def cols(self) -> int:
        return len(self.counts[0]) - 1

    def is_hidden(self, row: int, col: int) -> bool:
        return (row, col) in self.hidden


def with_margins(table: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [[*r, sum(r)] for r in table]
    cols = len(table[0]) if table else 0
    totals = [sum(r[j] for r in rows) for j in range(cols + 1)]
    return [*rows, totals]


def suppress(table: Sequence[Sequence[int]], k: int) -> SuppressedTable:
    """Suppress a table of test counts (rows × columns, without totals) for threshold `k`."""
    if not table or not table[0]:
        return SuppressedTable(counts=((0,),), hidden=frozenset(), primary=frozenset())
    grid = with_margins(table)
    rows, cols = len(table), len(table[0])
    counts = {(r, c): table[r][c] for r in range(rows) for c in range(cols)}
    result = disclosure.suppress(counts, k=k, rows=range(rows), cols=range(cols))
    hidden = set(result.cells)
    hidden |= {(r, cols) for r in result.row_totals}
    hidden |= {(rows, c) for c in result.col_totals}
    if result.grand_total:
        hidden.add((rows, cols))
    primary = {
        (r, c)
        for r in range(rows + 1)
        for c in range(cols + 1)
        if disclosure.is_small(grid[r][c], k)
    }
    return SuppressedTable(
        counts=tuple(tuple(row) for row in grid),
        hidden=frozenset(hidden),
        primary=frozenset(primary),
    )
