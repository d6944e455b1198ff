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
