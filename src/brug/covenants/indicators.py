"""Indicator values computed from what is recorded in Brug, through the metric registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DateField, DateTimeField, Model, QuerySet

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.metrics import Metric, MetricScope, metric_get, metrics_all
from brug.covenants.models import Commitment, Covenant


def metric_or_none(key: str) -> Metric | None:
    if not key:
        return None
    try:
        return metric_get(key)
    except KeyError:
        return None


def metric_choices() -> list[tuple[str, str]]:
    return [(mt.key, f"{mt.title} ({mt.unit})") for mt in metrics_all()]


def scope_for(covenant: Covenant, until: dt.date | None = None) -> MetricScope:
    """From the start of the generation up to `until` (cumulative), in the covenant's sector."""
    generation = covenant.generation
    end = min(until or generation.ends_on, generation.ends_on)
    return MetricScope(start=generation.starts_on, end=end, sector_ids=(covenant.sector_id,))


def computed_value(commitment: Commitment, until: dt.date | None = None) -> Decimal | None:
    indicator = getattr(commitment, "indicator", None)
    if indicator is None or not indicator.metric_key:
        return None
    metric = metric_or_none(indicator.metric_key)
    if metric is None:
        return None
    value = metric.compute(scope_for(commitment.action.covenant, until))
    return Decimal(str(value)).quantize(Decimal("0.01"))


def drilldown_rows(
    user: RequestUser, commitment: Commitment, limit: int = 200
) -> tuple[list[dict[str, Any]], int] | None:
    """The records behind a computed value that `user` may see: (rows, total visible).

    None when the metric has no record-level view, or its records have no permission policy
    (then only a platform admin may see them: deny by default)."""
    indicator = getattr(commitment, "indicator", None)
    metric = metric_or_none(indicator.metric_key if indicator else "")
    if metric is None or metric.drilldown is None:
        return None
    queryset: QuerySet[Model] = metric.drilldown(scope_for(commitment.action.covenant))
    try:
        queryset = policy.visible(user, queryset, "view")
    except LookupError:
        if "platform_admin" not in policy.roles_of(user):
            return None
    date_fields = [
        f.name
        for f in queryset.model._meta.get_fields()
        if isinstance(f, DateField | DateTimeField) and not getattr(f, "auto_now", False)
    ][:3]
    rows = [
        {
            "label": str(obj),
            "dates": [(name, getattr(obj, name)) for name in date_fields],
        }
        for obj in queryset[:limit]
    ]
    return rows, queryset.count()
