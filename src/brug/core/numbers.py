"""Belgian number formats for pages, charts and reports: 12.345 and 0,20 (nl-BE and fr-BE).

Brug writes numbers the Belgian way in both languages: a reader in Flanders expects a point
between thousands and a comma before decimals, also on the English page of the same report.
"""

from __future__ import annotations

from decimal import Decimal

Number = int | float | Decimal


def be_number(value: Number | None, decimals: int = 0, *, empty: str = "–") -> str:
    """12345 → "12.345", 0.2 with 2 decimals → "0,20"; None → `empty`."""
    if value is None:
        return empty
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,"))


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
