"""Small-cell suppression with complementary suppression for a two-way table with totals.

Every cell holds a count of tests `n` (and a count of outcomes, published together with it).
A cell, row total, column total or grand total resting on fewer than `k` tests is hidden
(primary suppression). Published totals could give a hidden cell away, so more cells are hidden
until none can be recomputed (complementary suppression).

Why a cycle is enough: after flipping the sign of total cells, every row and every column of the
table-with-margins says "these entries sum to zero". The entries are edges of a bipartite graph
(row lines × column lines); a hidden entry is determined by the published ones exactly when it is
a *bridge* of the graph of hidden entries. So we hide extra cells until no hidden entry is a
bridge, each time closing a rectangle through the bridge at the lowest cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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


def _bridges(edges: set[Cell], rows: int, cols: int) -> set[Cell]:
    """Bridges of the bipartite graph whose nodes are rows 0..rows and columns 0..cols."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for r, c in edges:
        adjacency.setdefault(("r", r), []).append((("c", c), (r, c)))
        adjacency.setdefault(("c", c), []).append((("r", r), (r, c)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: set[Cell] = set()
    counter = 0
    for start in adjacency:
        if start in order:
            continue
        # Iterative DFS (tables can be long): stack of (node, parent edge, neighbour iterator).
        order[start] = low[start] = counter
        counter += 1
        stack: list[tuple[tuple[str, int], Cell | None, Iterator[tuple[tuple[str, int], Cell]]]]
        stack = [(start, None, iter(adjacency[start]))]
        while stack:
            node, parent_edge, neighbours = stack[-1]
            advanced = False
            for nxt, edge in neighbours:
                if edge == parent_edge:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                    continue
                order[nxt] = low[nxt] = counter
                counter += 1
                stack.append((nxt, edge, iter(adjacency[nxt])))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent] and parent_edge is not None:
                    found.add(parent_edge)
    return found


def suppress(table: Sequence[Sequence[int]], k: int) -> SuppressedTable:
    """Suppress a table of test counts (rows × columns, without totals) for threshold `k`."""
    if not table or not table[0]:
        return SuppressedTable(counts=((0,),), hidden=frozenset(), primary=frozenset())
    grid = with_margins(table)
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    primary = {
        (r, c)
        for r in range(rows + 1)
        for c in range(cols + 1)
        if grid[r][c] < k and grid[r][c] > 0
    }
    # An empty cell publishes nothing about anyone, but a hidden neighbour's total still must
    # not be recomputable, so zero cells may be used as (free) complements below.
    hidden = set(primary)
    while True:
        bridges = _bridges(hidden, rows, cols)
        if not bridges:
            break
        r, c = min(bridges)
        best: tuple[int, int, int] | None = None
        for r2 in range(rows + 1):
            if r2 == r:
                continue
            for c2 in range(cols + 1):
                if c2 == c:
                    continue
                added = [p for p in ((r, c2), (r2, c), (r2, c2)) if p not in hidden]
                # Prefer hiding little information; never prefer a total over an inner cell.
                cost = sum(
                    grid[p[0]][p[1]] + (10**9 if p[0] == rows or p[1] == cols else 0) for p in added
                )
                if best is None or cost < best[0]:
                    best = (cost, r2, c2)
        if best is None:  # a 1×1 grid cannot happen: margins always add a line
            break
        _, r2, c2 = best
        hidden.update({(r, c2), (r2, c), (r2, c2)})
    return SuppressedTable(
        counts=tuple(tuple(row) for row in grid),
        hidden=frozenset(hidden),
        primary=frozenset(primary),
    )
