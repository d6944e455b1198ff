"""Named metrics computed from what is recorded in Brug, for covenant indicators and dashboards.

An app registers a metric with a clear definition; the covenants app lets a commitment's
indicator point at a metric key, so a sector reports once. `drilldown` returns the records
behind the number (the caller filters them with the permission layer before showing them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Model, QuerySet

from brug.core.i18n import Message


@dataclass(frozen=True)
class MetricScope:
    """Which part of the world a metric is computed for. Empty sector_ids means all sectors."""

    start: date
    end: date  # inclusive
    sector_ids: tuple[int, ...] = ()
    province_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Metric:
    key: str
    title: Message
    definition: Message
    unit: str  # "count", "percent", "hours", "eur"
    compute: Callable[[MetricScope], float]
    # The records behind the number; None when the metric has no record-level view.
    drilldown: Callable[[MetricScope], QuerySet[Model]] | None = None


_METRICS: dict[str, Metric] = {}


def metric_register(metric: Metric) -> Metric:
    _METRICS[metric.key] = metric
    return metric


def metric_get(key: str) -> Metric:
    return _METRICS[key]


def metrics_all() -> list[Metric]:
    return sorted(_METRICS.values(), key=lambda m: m.key)
