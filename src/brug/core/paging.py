"""Paging of HTML lists: one helper, one maximum page size (issue 18).

Every page that lists rows shows them a page at a time: `page_of(request, rows, per_page)`
returns the requested `django.core.paginator.Page` (a missing, malformed or too large page
number gives the first or last page, never an error). No list page shows more than
`MAX_HTML_PAGE_SIZE` rows; `core/tests/test_page_query_budgets.py` checks both.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

MAX_HTML_PAGE_SIZE = 100


def page_of(request: HttpRequest, rows: Any, per_page: int, param: str = "page") -> Page[Any]:
    """The page of `rows` the request asks for (`?page=`), at most MAX_HTML_PAGE_SIZE rows."""
    size = max(1, min(per_page, MAX_HTML_PAGE_SIZE))
    return Paginator(rows, size).get_page(request.GET.get(param))
