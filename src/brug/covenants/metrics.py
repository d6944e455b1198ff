"""Named metrics of the covenants app itself, for covenant indicators: the sector's answer to
shortages signalled from the radar (seed 000: the sector actively searches for places)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope
from brug.covenants import models as m


def _signals(scope: MetricScope, **filters: Any) -> QuerySet[Any]:
    qs = m.ShortageSignal.objects.filter(**filters)
    if scope.sector_ids:
        qs = qs.filter(sector_id__in=scope.sector_ids)
    if scope.province_ids:
        qs = qs.filter(province_id__in=scope.province_ids)
    return qs


def signals_received(scope: MetricScope) -> QuerySet[Any]:
    return _signals(scope, created_at__date__gte=scope.start, created_at__date__lte=scope.end)


def signals_answered(scope: MetricScope) -> QuerySet[Any]:
    return _signals(
        scope, answered_at__date__gte=scope.start, answered_at__date__lte=scope.end
    ).filter(~Q(status=m.SignalStatus.OPEN))


def _places_found(scope: MetricScope) -> float:
    return float(signals_answered(scope).aggregate(n=Sum("places_found"))["n"] or 0)


METRICS: list[Metric] = [
    Metric(
        key="covenants.shortage_signals_received",
        title=gettext_lazy("Shortage signals received"),
        definition=gettext_lazy(
            "Shortages of places that an RTC, a school or a department signalled to the sector."
        ),
        unit="count",
        compute=lambda scope: float(signals_received(scope).count()),
        drilldown=signals_received,
    ),
    Metric(
        key="covenants.shortage_places_found",
        title=gettext_lazy("Places found after a shortage signal"),
        definition=gettext_lazy(
            "Places the sector found in answer to shortage signals, as the sector answered."
        ),
        unit="count",
        compute=_places_found,
        drilldown=signals_answered,
    ),
]
