"""The bilingual label of a stored code (issue 15): `{{ r.status|code_label:"ten_day" }}`."""

from __future__ import annotations

from django import template

from brug.innovet import labels

register = template.Library()

_TABLES = {
    "ten_day": labels.TEN_DAY_STATUS,
    "year": labels.TEN_DAY_YEARS,
    "placement": labels.PLACEMENT_STATUS,
    "hybrid_side": labels.HYBRID_SIDE,
    "hybrid": labels.HYBRID_STATUS,
    "stage": labels.CANDIDATE_STAGE,
}


@register.filter
def code_label(code: str, table: str) -> str:
    return str(labels.label(_TABLES[table], code))


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)
