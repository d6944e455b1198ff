"""{% load covenants %}: a commitment's target with its unit in words ("20 %", "12 uren")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from brug.core import formatting
from brug.core.i18n import ngettext_lazy

register = template.Library()


@register.filter
def target_text(value: Decimal | float | int | None, unit: str) -> str:
    """A count stays a bare number; percent, hours and euro say what they are."""
    if value is None:
        return formatting.MISSING
    if unit == "percent":
        return formatting.percent(Decimal(str(value)) / 100, 2).replace(",00 %", " %")
    if unit == "eur":
        return formatting.money(value)
    if unit == "hours":
        n = formatting.number(value)
        return str(ngettext_lazy("{n} hour", "{n} hours", int(Decimal(str(value)) != 1) + 1, n=n))
    return formatting.number(value)
