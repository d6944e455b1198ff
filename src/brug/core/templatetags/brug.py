from __future__ import annotations

from typing import Any

from django import template

from brug.core import formatting, policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, target: Any) -> bool:
    """{% can "change" object as may_change %}"""
    request = context.get("request")
    return policy.can(getattr(request, "user", None), action, target)


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.2 -> "20 %" (the decimal comma in Dutch)."""
    return formatting.percent(value, digits)


@register.filter
def money(value: object, digits: int = 2) -> str:
    """1250 -> "€ 1.250,00" in Dutch; `|money:0` without cents."""
    return formatting.money(value, digits)


@register.filter
def number(value: object, digits: int | None = None) -> str:
    """12345 -> "12.345" in Dutch (grouped, whatever USE_THOUSAND_SEPARATOR says)."""
    return formatting.number(value, digits)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded: str = params.urlencode()
    return encoded


@register.inclusion_tag("brug/partials/chart.html")
def chart(chart: Any, open: bool = True) -> dict[str, Any]:
    """{% chart c %}: a core chart (brug.core.charts) with its numbers as a table under it
    (folded with `open=False` where the page shows the same numbers in a table of its own)."""
    return {"chart": chart, "open": open}


@register.inclusion_tag("brug/partials/point_map.html")
def point_map(map: Any) -> dict[str, Any]:
    """{% point_map m %}: places as dots; Leaflet (vendored) when scripts run, SVG otherwise."""
    return {"map": map}


@register.filter
def be_number(value: Any, decimals: int = 0) -> str:
    """12.345 and 0,20: Belgian number format (brug.core.numbers)."""
    from brug.core.numbers import be_number as fmt

    return fmt(value, int(decimals))
