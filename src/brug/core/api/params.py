"""Query-string numbers read safely: a non-number or an absurd number is a clear 400."""

from __future__ import annotations

from collections.abc import Mapping

from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy

# The largest id any table holds (a 32-bit integer, the same on SQLite and PostgreSQL).
MAX_ID = 2**31 - 1


def query_int(
    params: Mapping[str, str], name: str, *, low: int = 1, high: int = MAX_ID
) -> int | None:
    """The integer in `?name=`, None when absent or empty; a ServiceError (400) otherwise."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if len(raw) > 12 or not raw.lstrip("-").isdigit() or not low <= int(raw) <= high:
        raise ServiceError(
            gettext_lazy(
                "'{name}' must be a whole number from {low} to {high}.",
                name=name,
                low=low,
                high=high,
            ),
            code="invalid_parameter",
            field=name,
        )
    return int(raw)
