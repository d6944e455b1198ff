"""Statistical disclosure control for published count tables (pure Python, no Django).

Brug publishes figures per programme × province; a published figure must never let anyone single
out a learner. Two rules protect a two-way count table together with its published totals:

1. **Primary suppression.** A cell with ``0 < n < k`` is not published (``k`` is the
   small-cell threshold, ``settings.BRUG_SMALL_CELL_K``, 5 by default). Zeros are published.
   A row, column or grand total with ``0 < n < k`` is not published either: it counts people.
2. **Complementary suppression.** A suppressed cell must not be recomputable from the published
   cells and totals. Each row total, column total and the grand total is one linear equation;
   the unknowns are the suppressed cells (and any total that is suppressed or not published).
   Every unknown appears in exactly two equations (a cell in its row and its column, a row total
   in its row and in "sum of row totals = grand total", ...), so the unknowns are the edges of a
   bipartite graph whose nodes are the equations. An unknown is uniquely determined exactly when
   its edge is a *bridge* of that graph (on no cycle). The classic rule "a row or column with
   one suppressed cell gives it away" is the special case of a node of degree one; two cycles
   joined by one suppressed cell are the less obvious case this module also closes.

   The algorithm suppresses more cells until no suppressed cell is a bridge (a fixpoint): for a bridge it
   prefers the smallest positive cell that closes a cycle through it, then the smallest cell in
   the same row or column, and suppresses a total only when no cell is left.

Several tables that describe the same people (learners, placed, without a place: one is the sum
of the other two) must share one pattern, or the sum would give a hidden cell away:
`suppress_linked` computes one pattern from the union of their small cells.

The same functions serve any aggregate publication (open data here; sector-level reports such
as the non-discrimination addendum can use `suppress_series` for a one-way list with a total).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Cell = tuple[Any, Any]  # (row key, column key); keys must be hashable
Table = Mapping[Any, int]  # Cell -> count

# Graph nodes: ("row", r), ("col", c), and the two margin equations.
Node = tuple[str, Hashable]
ROWS: Node = ("rows", None)  # sum of row totals == grand total
COLS: Node = ("cols", None)  # sum of column totals == grand total
# Graph edges: ("cell", (r, c)), ("row_total", r), ("col_total", c), ("grand_total", None).
Edge = tuple[str, Hashable]


@dataclass(frozen=True)
class Disclosure:
    """What may be published of one table: the suppressed cells and totals."""

    k: int
    rows: tuple[Hashable, ...]
    cols: tuple[Hashable, ...]
    primary: frozenset[Cell]
    cells: frozenset[Cell]  # primary + complementary
    row_totals: frozenset[Hashable] = field(default_factory=frozenset)
    col_totals: frozenset[Hashable] = field(default_factory=frozenset)
    grand_total: bool = False  # True when the grand total is suppressed
    publish_row_totals: bool = True
    publish_col_totals: bool = True
    publish_grand_total: bool = True
    # Totals suppressed because they are small themselves: they may never be recomputable either.
    protected_totals: frozenset[Edge] = field(default_factory=frozenset)

    @property
    def suppressed_totals(self) -> frozenset[Edge]:
        edges: set[Edge] = {("row_total", r) for r in self.row_totals}
        edges |= {("col_total", c) for c in self.col_totals}
        if self.grand_total:
            edges.add(("grand_total", None))
        return frozenset(edges)

    @property
    def complementary(self) -> frozenset[Cell]:
        return self.cells - self.primary

    def cell(self, table: Table, row: Hashable, col: Hashable) -> int | None:
        """The publishable value of one cell, or None when it is suppressed."""
        if (row, col) in self.cells:
            return None
        return int(table.get((row, col), 0))

    def row_total(self, table: Table, row: Hashable) -> int | None:
        if not self.publish_row_totals or row in self.row_totals:
            return None
        return sum(int(table.get((row, c), 0)) for c in self.cols)

    def col_total(self, table: Table, col: Hashable) -> int | None:
        if not self.publish_col_totals or col in self.col_totals:
            return None
        return sum(int(table.get((r, col), 0)) for r in self.rows)

    def total(self, table: Table) -> int | None:
        if not self.publish_grand_total or self.grand_total:
            return None
        return sum(int(table.get((r, c), 0)) for r in self.rows for c in self.cols)


def is_small(value: int, k: int) -> bool:
    """A count that may not be published on its own: 0 < value < k."""
    return 0 < value < k


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """A rate is published only when both its numerator and denominator are publishable."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def suppress(
    table: Table,
    *,
    k: int,
    rows: Iterable[Hashable] | None = None,
    cols: Iterable[Hashable] | None = None,
    publish_row_totals: bool = True,
    publish_col_totals: bool = True,
    publish_grand_total: bool = True,
) -> Disclosure:
    """Primary and complementary suppression of one two-way count table.

    `table` maps (row, col) to a count; cells missing from it count as 0. `rows` and `cols`
    default to the keys present in `table`; pass them to include rows or columns of zeros.
    """
    return suppress_linked(
        [table],
        k=k,
        rows=rows,
        cols=cols,
        publish_row_totals=publish_row_totals,
        publish_col_totals=publish_col_totals,
        publish_grand_total=publish_grand_total,
    )


def suppress_linked(
    tables: Sequence[Table],
    *,
    k: int,
    rows: Iterable[Hashable] | None = None,
    cols: Iterable[Hashable] | None = None,
    publish_row_totals: bool = True,
    publish_col_totals: bool = True,
    publish_grand_total: bool = True,
    extra: Iterable[Cell] = (),
    extra_totals: Iterable[Edge] = (),
) -> Disclosure:
    """One suppression pattern that protects every table in `tables` at once.

    A cell is suppressed in all tables when it is small in any of them (or listed in `extra`);
    complementary cells are chosen by the values of the first table. Because whether a hidden
    cell can be recomputed depends only on the pattern, the pattern protects every table.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not tables:
        raise ValueError("at least one table is needed")
    lead = tables[0]
    row_keys = _keys(rows, tables, 0)
    col_keys = _keys(cols, tables, 1)
    primary = {cell for table in tables for cell, n in table.items() if is_small(int(n), k)}
    primary |= set(extra)
    primary &= {(r, c) for r in row_keys for c in col_keys}
    unknown = _initial_unknowns(
        primary, row_keys, col_keys, publish_row_totals, publish_col_totals, publish_grand_total
    )
    protected = _small_totals(tables, row_keys, col_keys, k)
    unknown |= protected | set(extra_totals)
    state = _State(lead=lead, rows=row_keys, cols=col_keys, unknown=unknown, protected=protected)
    state.close_bridges()
    cells: frozenset[Cell] = frozenset(e[1] for e in state.unknown if e[0] == "cell")  # type: ignore[misc]
    return Disclosure(
        k=k,
        rows=tuple(row_keys),
        cols=tuple(col_keys),
        primary=frozenset(primary),
        cells=cells,
        row_totals=frozenset(e[1] for e in state.unknown if e[0] == "row_total")
        if publish_row_totals
        else frozenset(),
        col_totals=frozenset(e[1] for e in state.unknown if e[0] == "col_total")
        if publish_col_totals
        else frozenset(),
        grand_total=publish_grand_total and ("grand_total", None) in state.unknown,
        publish_row_totals=publish_row_totals,
        publish_col_totals=publish_col_totals,
        publish_grand_total=publish_grand_total,
        protected_totals=frozenset(protected),
    )


def suppress_series(
    counts: Mapping[Hashable, int], *, k: int, publish_total: bool = True
) -> Disclosure:
    """A one-way list of counts (e.g. per sector) with its total: a one-column table."""
    table = {(key, "n"): int(value) for key, value in counts.items()}
    return suppress(
        table,
        k=k,
        rows=list(counts),
        cols=["n"],
        publish_row_totals=False,
        publish_col_totals=publish_total,
        publish_grand_total=False,
    )


def determined(disclosure: Disclosure) -> set[Hashable]:
    """The suppressed cells (and small totals) that the published figures give away.

    Empty when safe. A total hidden only as a complement may be recomputable: it is not small,
    so it gives nobody away. A total hidden because it is small must stay hidden, like a cell.
    """
    unknown = _initial_unknowns(
        set(disclosure.cells),
        list(disclosure.rows),
        list(disclosure.cols),
        disclosure.publish_row_totals,
        disclosure.publish_col_totals,
        disclosure.publish_grand_total,
    )
    unknown |= {("row_total", r) for r in disclosure.row_totals}
    unknown |= {("col_total", c) for c in disclosure.col_totals}
    if disclosure.grand_total:
        unknown.add(("grand_total", None))
    bridges = _bridges(unknown)
    found: set[Hashable] = {e[1] for e in bridges if e[0] == "cell"}
    return found | {e for e in bridges if e in disclosure.protected_totals}


# ---------------------------------------------------------------------------- internals


def _keys(given: Iterable[Hashable] | None, tables: Sequence[Table], axis: int) -> list[Hashable]:
    if given is not None:
        return list(dict.fromkeys(given))
    seen: dict[Hashable, None] = {}
    for table in tables:
        for cell in table:
            seen.setdefault(cell[axis], None)
    return list(seen)


def _small_totals(
    tables: Sequence[Table], rows: list[Hashable], cols: list[Hashable], k: int
) -> set[Edge]:
    """Totals count people too: a small total is suppressed like a small cell."""
    small: set[Edge] = set()
    for table in tables:
        for r in rows:
            if is_small(sum(int(table.get((r, c), 0)) for c in cols), k):
                small.add(("row_total", r))
        for c in cols:
            if is_small(sum(int(table.get((r, c), 0)) for r in rows), k):
                small.add(("col_total", c))
        if is_small(sum(int(table.get((r, c), 0)) for r in rows for c in cols), k):
            small.add(("grand_total", None))
    return small


def _initial_unknowns(
    primary: set[Cell],
    rows: list[Hashable],
    cols: list[Hashable],
    publish_row_totals: bool,
    publish_col_totals: bool,
    publish_grand_total: bool,
) -> set[Edge]:
    unknown: set[Edge] = {("cell", cell) for cell in primary}
    # A total that is not published at all is an unknown for good.
    if not publish_row_totals:
        unknown |= {("row_total", r) for r in rows}
    if not publish_col_totals:
        unknown |= {("col_total", c) for c in cols}
    if not publish_grand_total:
        unknown.add(("grand_total", None))
    return unknown


def _ends(edge: Edge) -> tuple[Node, Node]:
    kind, key = edge
    if kind == "cell":
        cell: Cell = key  # type: ignore[assignment]
        return ("row", cell[0]), ("col", cell[1])
    if kind == "row_total":
        return ("row", key), ROWS
    if kind == "col_total":
        return ("col", key), COLS
    return ROWS, COLS


def _bridges(edges: set[Edge]) -> list[Edge]:
    """Bridges of the graph formed by `edges` (iterative Tarjan; the graph has no multi-edges)."""
    adjacency: dict[Node, list[tuple[Node, Edge]]] = defaultdict(list)
    for edge in edges:
        a, b = _ends(edge)
        adjacency[a].append((b, edge))
        adjacency[b].append((a, edge))
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    found: list[Edge] = []
    counter = 0
    for start in sorted(adjacency, key=repr):
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        stack: list[tuple[Node, Edge | None, int]] = [(start, None, 0)]
        while stack:
            node, via, index = stack[-1]
            neighbours = adjacency[node]
            if index < len(neighbours):
                stack[-1] = (node, via, index + 1)
                nxt, edge = neighbours[index]
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return sorted(found, key=repr)


@dataclass
class _State:
    lead: Table
    rows: list[Hashable]
    cols: list[Hashable]
    unknown: set[Edge]
    protected: set[Edge] = field(default_factory=set)

    def _cost(self, edge: Edge) -> tuple[int, int, str]:
        kind, key = edge
        if kind == "cell":
            value = int(self.lead.get(key, 0))
            # Smallest positive cell first; a zero hides little, a total hides most.
            return (0 if value > 0 else 1, value, repr(key))
        rank = {"row_total": 2, "col_total": 2, "grand_total": 3}[kind]
        return (rank, 0, repr(key))

    def _all_edges(self) -> list[Edge]:
        edges: list[Edge] = [("cell", (r, c)) for r in self.rows for c in self.cols]
        edges += [("row_total", r) for r in self.rows]
        edges += [("col_total", c) for c in self.cols]
        edges.append(("grand_total", None))
        return edges

    def _component(self, start: Node, without: Edge) -> set[Node]:
        adjacency: dict[Node, list[Node]] = defaultdict(list)
        for edge in self.unknown:
            if edge == without:
                continue
            a, b = _ends(edge)
            adjacency[a].append(b)
            adjacency[b].append(a)
        seen = {start}
        todo = [start]
        while todo:
            for nxt in adjacency[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def close_bridges(self) -> None:
        everything = self._all_edges()
        while True:
            bridges = [e for e in _bridges(self.unknown) if e[0] == "cell" or e in self.protected]
            if not bridges:
                return
            bridge = bridges[0]
            a, b = _ends(bridge)
            side_a = self._component(a, bridge)
            side_b = self._component(b, bridge)
            known = [e for e in everything if e not in self.unknown]
            closing = [e for e in known if _crosses(e, side_a, side_b)]
            touching = [e for e in known if set(_ends(e)) & {a, b}]
            candidates = closing or touching or known
            if not candidates:  # cannot happen: with everything hidden there is no bridge
                raise RuntimeError("complementary suppression found no candidate")
            self.unknown.add(min(candidates, key=self._cost))


def _crosses(edge: Edge, side_a: set[Node], side_b: set[Node]) -> bool:
    x, y = _ends(edge)
    return (x in side_a and y in side_b) or (x in side_b and y in side_a)
