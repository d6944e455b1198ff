"""Numbers and amounts in the active language's format (nl-BE: "12.345", "0,20", "€ 1.250,00").

Templates use the `number`, `money` and `percent` filters of `{% load brug %}`; PDFs and
spreadsheets call these functions. Dates go through Django's `date` filter / `formats`
(`brug/config/formats/nl/formats.py`: "2 december 2026").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

MISSING = "–"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value: object, decimals: int | None = None) -> str:
    """A number with the thousands separator; `decimals` fixes the digits after the comma."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    if decimals is None and amount == amount.to_integral_value():
        decimals = 0
    if decimals is not None:  # Django cuts the digits off; a reader expects them rounded
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def money(value: object, decimals: int = 2) -> str:
    """An amount in euro: "€ 1.250,00" in Dutch, "€ 1,250.00" in English."""
    text = number(value, decimals)
    return text if text == MISSING else f"€ {text}"


def percent(value: object, decimals: int = 0) -> str:
    """A share (0.2) as a percentage: "20 %"."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    return f"{number(amount * 100, decimals)} %"
