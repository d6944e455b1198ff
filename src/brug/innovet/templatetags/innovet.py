"""Template filters of InnoVET's pages: `{{ counts|get_count:key }}`."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)
