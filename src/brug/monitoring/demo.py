"""Demo snapshots (order 90): a few months of metric values, back-filled from the demo records.

Each past value is computed with the metric's own definition at that past reference date, from
the records as they stand now (so it is deterministic, and it is an approximation of the past:
labelled `is_demo`). Every scale gets the same months; bigger scales get fewer sector scopes.
"""

from __future__ import annotations

from datetime import date

from brug.core.demo import DemoContext, demo_step
from brug.core.metrics import MetricScope
from brug.monitoring.figures import school_year
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import Snapshot, scope_key
from brug.registry.models import Province, Sector
from brug.workplace.models import Recognition

MONTHS = 6


def past_dates(today: date, months: int = MONTHS) -> list[date]:
    """The first day of each of the last `months` months, then today."""
    dates: list[date] = []
    year, month = today.year, today.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        dates.append(date(year, month, 1))
    return [*sorted(dates), today]


@demo_step(90, "monitoring.snapshots")
def snapshots(ctx: DemoContext) -> None:
    today = date.today()
    sectors = list(
        Sector.objects.filter(pk__in=Recognition.objects.values("company__sectors"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ctx.scale.name != "small":  # keep `flanders` within minutes: the busiest sectors only
        sectors = sectors[:10]
    provinces = list(Province.objects.order_by("pk").values_list("pk", flat=True))
    dates = past_dates(today)
    scopes: list[tuple[int | None, int | None]] = [(None, None)]
    scopes += [(s, None) for s in sectors] + [(None, p) for p in provinces]
    total = len(dates) * len(scopes)
    rows: list[Snapshot] = []
    for index, on in enumerate(dates):
        start = school_year(on)[0]
        for sector_id, province_id in scopes:
            scope = MetricScope(
                start=start,
                end=on,
                sector_ids=(sector_id,) if sector_id else (),
                province_ids=(province_id,) if province_id else (),
            )
            for metric in KEY_FIGURES:
                rows.append(
                    Snapshot(
                        metric_key=metric.key,
                        scope=scope_key(sector_id=sector_id, province_id=province_id),
                        sector_id=sector_id,
                        province_id=province_id,
                        on=on,
                        value=float(metric.compute(scope)),
                        is_demo=True,
                    )
                )
        ctx.progress("monitoring.snapshots", (index + 1) * len(scopes), total)
    Snapshot.objects.filter(on__in=dates, metric_key__in=[m.key for m in KEY_FIGURES]).delete()
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    ctx.counts["monitoring.snapshots"] += len(rows)
