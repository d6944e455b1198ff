"""Named metrics of a sector fund's core work, so a covenant commitment's indicator can be
computed from the same records the fund typed once (issue 17 §5): the covenant's quarterly
progress report and its evaluation then read them, like every other report.

A record counts in a scope when its quarter starts within the scope's dates and its covenant is
of one of the scope's sectors. Core work has no province: a scope limited to provinces counts
nothing rather than the whole sector (no figure is attributed to a province it did not come from).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, QuerySet, Sum

from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope
from brug.corework import models as m


def _quarter_key(day: date, *, round_up: bool) -> int:
    """year * 4 + quarter index of the first quarter starting on or after `day` (round_up),
    or of the quarter containing `day`."""
    index = (day.month - 1) // 3
    starts_on = date(day.year, index * 3 + 1, 1)
    key = day.year * 4 + index
    return key + 1 if round_up and day > starts_on else key


def records(scope: MetricScope) -> QuerySet[Any]:
    if scope.province_ids:
        return m.TrainingRecord.objects.none()
    qs = m.TrainingRecord.objects.annotate(key=F("year") * 4 + F("quarter") - 1).filter(
        key__gte=_quarter_key(scope.start, round_up=True),
        key__lte=_quarter_key(scope.end, round_up=False),
    )
    if scope.sector_ids:
        qs = qs.filter(covenant__sector_id__in=scope.sector_ids)
    return qs


def _sum(field: str) -> Any:
    def compute(scope: MetricScope) -> float:
        return float(records(scope).aggregate(n=Sum(field))["n"] or 0)

    return compute


METRICS: list[Metric] = [
    Metric(
        key="corework.training_hours",
        title=gettext_lazy("Training hours for workers"),
        definition=gettext_lazy(
            "Sum of the training hours the sector fund recorded per quarter in its core work."
        ),
        unit="hours",
        compute=_sum("training_hours"),
        drilldown=records,
    ),
    Metric(
        key="corework.training_participants",
        title=gettext_lazy("Training participations"),
        definition=gettext_lazy(
            "Sum over the quarters of the workers who took a training (a worker trained in two "
            "quarters counts twice)."
        ),
        unit="count",
        compute=_sum("participants"),
        drilldown=records,
    ),
    Metric(
        key="corework.training_dossiers",
        title=gettext_lazy("Training dossiers"),
        definition=gettext_lazy(
            "Sum of the training dossiers the sector fund handled per quarter."
        ),
        unit="count",
        compute=_sum("dossiers"),
        drilldown=records,
    ),
]
