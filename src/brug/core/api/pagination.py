"""The one pagination of every API list: `?limit=&offset=`, with a maximum page size."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_PAGE_SIZE = 200
MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` is capped at 200 (a larger value gives 200); `offset` beyond the rows is empty."""

    default_limit = 50
    max_limit = MAX_PAGE_SIZE

    def get_offset(self, request) -> int:  # type: ignore[no-untyped-def]
        return min(super().get_offset(request), MAX_OFFSET)
