"""Belgian number formats for charts and reports that a reader in Flanders hands over: 12.345
and 0,20 in both languages (a point between thousands and a comma before decimals, also on the
English page of the same report).

One implementation: these are `brug.core.formatting` (the page filters `number`, `money`,
`percent`) with the Belgian Dutch formats fixed instead of following the page's language.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from brug.core import formatting

Number = int | float | Decimal


def be_number(value: Number | None, decimals: int = 0, *, empty: str = "–") -> str:
    """12345 → "12.345", 0.2 with 2 decimals → "0,20"; None → `empty`."""
    if value is None:
        return empty
    with translation.override("nl"):
        return formatting.number(value, decimals)


def be_number_auto(value: Number | None, *, empty: str = "–", max_decimals: int = 2) -> str:
    """Whole numbers without decimals, others with up to `max_decimals` (trailing zeros kept
    to that width, so a column lines up): 100 → "100", 2.5 → "2,50"."""
    if value is None:
        return empty
    if Decimal(str(value)) == Decimal(str(value)).to_integral_value():
        return be_number(value, 0)
    return be_number(value, max_decimals)


def be_money(value: Number | None, *, empty: str = "–") -> str:
    """€ 12.345,00"""
    if value is None:
        return empty
    return f"€ {be_number(value, 2)}"


def be_percent(fraction: float | None, decimals: int = 0, *, empty: str = "–") -> str:
    """0.2 → "20 %"."""
    if fraction is None:
        return empty
    return f"{be_number(fraction * 100, decimals)} %"
