"""Bounds a person would expect, one pattern for every service: check, then store.

A service calls `text_within`, `int_within` or `date_within` for each field it writes; each
raises `ServiceError` (Dutch and English, with the field) and so changes nothing. The same
limits are the database's backstop through `length_check`, `range_check` and `date_check`,
which build `CheckConstraint`s that hold the same on SQLite and PostgreSQL (a `CharField`'s
`max_length` is not enforced by SQLite, so text gets an explicit length check).
"""

from __future__ import annotations

from datetime import date

from django.db.models import CheckConstraint, F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy

# Calendar limits every stored date of the platform respects (the database backstop).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# People's birth dates: no one is older than this at the platform's earliest record.
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def text_within(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    """The text stripped; refused when longer than `max_length` or empty while required."""
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(
            gettext_lazy("Fill in this field ({field}).", field=field),
            code="required",
            field=field,
        )
    if len(value) > max_length:
        raise ServiceError(
            gettext_lazy("Too long: at most {n} characters ({field}).", n=max_length, field=field),
            code="too_long",
            field=field,
        )
    return value


def int_within(value: int | None, *, field: str, low: int, high: int) -> int:
    """An integer in [low, high]; refused otherwise (also when missing)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(
            gettext_lazy("Fill in a whole number ({field}).", field=field),
            code="required",
            field=field,
        )
    if not low <= value <= high:
        raise ServiceError(
            gettext_lazy(
                "Choose a value from {low} to {high} ({field}).", low=low, high=high, field=field
            ),
            code="out_of_range",
            field=field,
        )
    return value


def date_within(value: date, *, field: str, earliest: date, latest: date) -> date:
    """A date in [earliest, latest]; refused otherwise."""
    if not earliest <= value <= latest:
        raise ServiceError(
            gettext_lazy(
                "Choose a date from {a} to {b} ({field}).",
                a=earliest.isoformat(),
                b=latest.isoformat(),
                field=field,
            ),
            code="date_out_of_range",
            field=field,
        )
    return value


def add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- database backstops -------------------------------------------------------------------


def length_check(field: str, max_length: int, *, name: str) -> CheckConstraint:
    """`len(field) <= max_length`, enforced by SQLite too."""
    return CheckConstraint(condition=LessThanOrEqual(Length(F(field)), max_length), name=name)


def range_check(
    field: str, low: int, high: int, *, name: str, null: bool = False
) -> CheckConstraint:
    """`low <= field <= high` (or NULL when `null`)."""
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return CheckConstraint(condition=condition, name=name)


def date_check(
    field: str,
    *,
    name: str,
    earliest: date = EARLIEST_DATE,
    latest: date = LATEST_DATE,
    null: bool = False,
) -> CheckConstraint:
    """`earliest <= field <= latest` (or NULL when `null`)."""
    condition = Q(**{f"{field}__gte": earliest, f"{field}__lte": latest})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return CheckConstraint(condition=condition, name=name)
