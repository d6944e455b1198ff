"""The `when` filter: dates and moments (or their ISO text, as in an export) in the page's
language and format."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from brug.core.templatetags.brug import when


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", date(2026, 12, 2), "2 december 2026"),
        ("en", date(2026, 12, 2), "2 December 2026"),
        ("nl", "2026-03-01", "1 maart 2026"),
        ("en", "2026-03-01", "1 March 2026"),
    ],
)
def test_dates_in_the_pages_language(language: str, value: object, expected: str) -> None:
    with translation.override(language):
        assert when(value) == expected


def test_an_iso_moment_is_shown_in_local_time_without_its_iso_form() -> None:
    with translation.override("nl"):
        shown = when("2026-12-02T10:30:00+00:00")
    assert shown.startswith("2 december 2026") and "T" not in shown and "+00" not in shown


@pytest.mark.parametrize("value", ["", "not a date", None, 42])
def test_anything_else_is_shown_as_is(value: object) -> None:
    assert when(value) == ("" if value is None else str(value))
