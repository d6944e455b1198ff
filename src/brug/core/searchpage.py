"""Sorting and paging of a search's results, once for every full-text search (the InnoVET
catalogue, the partnership register).

A search chooses its sort (`sort_choice`), builds its filtered queryset and hands both orders
to `results_page`: on SQLite, relevance is ranked from one bm25 pass, in SQL one page at a time
(`page_ids`, the InnoVET catalogue) or in Python (`ranked_ids`); elsewhere the database orders
(`ordered`). Either way one page of at most `size` rows comes back
with the total and the page actually shown (a page past the end shows the last one)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def sort_choice(sort: str, sorts: Sequence[str], *, has_origin: bool, without_origin: str) -> str:
    """The asked sort when it is known (else the first, "relevance"); "distance" needs a place,
    without one the search sorts by `without_origin`."""
    chosen = sort if sort in sorts else sorts[0]
    if chosen == "distance" and not has_origin:
        return without_origin
    return chosen


def page_window(total: int, page: int, size: int) -> tuple[int, int, slice]:
    """(the page shown, the number of pages, the rows' slice) for `total` rows."""
    pages = max(1, math.ceil(total / size))
    shown = min(max(page, 1), pages)
    return shown, pages, slice((shown - 1) * size, shown * size)


@dataclass
class ResultsPage(Generic[M]):
    rows: list[M]
    total: int
    page: int
    pages: int


def results_page(
    filtered: QuerySet[M],
    *,
    page: int,
    size: int,
    related: tuple[str, ...],
    ordered: QuerySet[M] | None = None,
    ranked_ids: Callable[[QuerySet[M]], list[int]] | None = None,
    page_ids: Callable[[int, int], list[int]] | None = None,
    total: Callable[[], int] | None = None,
) -> ResultsPage[M]:
    """One page of `filtered`: in the order of `ranked_ids(filtered)` when given (relevance
    ranked in Python: one query for the ids, one for the page's rows), of `page_ids(offset,
    limit)` when given (the ids of one page, ordered by the database: relevance in SQL), else
    of `ordered` (the filtered queryset with its order_by); `total()` when the count is known
    another way."""
    if page_ids is not None:
        count = total() if total is not None else filtered.count()
        shown, pages, window = page_window(count, page, size)
        chosen = page_ids(window.start, size) if count else []
        by_pk = filtered.model._default_manager.select_related(*related).in_bulk(chosen)
        return ResultsPage([by_pk[pk] for pk in chosen if pk in by_pk], count, shown, pages)
    if ranked_ids is not None:
        ids = ranked_ids(filtered)
        shown, pages, window = page_window(len(ids), page, size)
        chosen = ids[window]
        by_pk = filtered.model._default_manager.select_related(*related).in_bulk(chosen)
        return ResultsPage([by_pk[pk] for pk in chosen], len(ids), shown, pages)
    if ordered is None:
        raise ValueError("results_page needs `ordered` or `ranked_ids`")
    count = total() if total is not None else filtered.count()
    shown, pages, window = page_window(count, page, size)
    # Nothing to show (a known count of 0): no scan for a page that is empty anyway.
    rows = list(ordered.select_related(*related)[window]) if count else []
    return ResultsPage(rows, count, shown, pages)
