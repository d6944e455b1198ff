"""Writes of the monitoring app: storing the day's metric values (snapshots)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope, metrics_all
from brug.monitoring.figures import school_year
from brug.monitoring.models import Snapshot, scope_key
from brug.registry.models import Province, Sector

logger = logging.getLogger(__name__)
ProgressFn = Callable[[int, int], None]


@dataclass
class SnapshotRun:
    on: date
    stored: int = 0
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "stored": self.stored, "failed": self.failed}


def snapshot_scopes(on: date) -> list[tuple[MetricScope, int | None, int | None]]:
    """Flanders, every sector and every province: (scope, sector id, province id)."""
    start = school_year(on)[0]
    scopes: list[tuple[MetricScope, int | None, int | None]] = [
        (MetricScope(start=start, end=on), None, None)
    ]
    scopes += [
        (MetricScope(start=start, end=on, sector_ids=(pk,)), pk, None)
        for pk in Sector.objects.order_by("pk").values_list("pk", flat=True)
    ]
    scopes += [
        (MetricScope(start=start, end=on, province_ids=(pk,)), None, pk)
        for pk in Province.objects.order_by("pk").values_list("pk", flat=True)
    ]
    return scopes


def snapshots_record(
    *,
    actor: RequestUser,
    on: date,
    metrics: list[Metric] | None = None,
    progress: ProgressFn | None = None,
) -> SnapshotRun:
    """Store `on`'s value of every registered metric for Flanders, each sector and province."""
    policy.require(actor, "record", Snapshot())
    return _record(actor=actor, on=on, metrics=metrics, progress=progress)


def snapshots_record_as_system(
    *,
    on: date,
    metrics: list[Metric] | None = None,
    progress: ProgressFn | None = None,
    is_demo: bool = False,
) -> SnapshotRun:
    """The same for the command line, the scheduler and the demo data: whoever can run those
    already operates the platform, so there is no actor to check."""
    return _record(actor=None, on=on, metrics=metrics, progress=progress, is_demo=is_demo)


def _record(
    *,
    actor: RequestUser | None,
    on: date,
    metrics: list[Metric] | None,
    progress: ProgressFn | None,
    is_demo: bool = False,
) -> SnapshotRun:
    if on > date.today():
        raise ServiceError(
            gettext_lazy("A snapshot cannot be in the future."),
            code="future_date",
            field="on",
        )
    chosen = metrics if metrics is not None else metrics_all()
    scopes = snapshot_scopes(on)
    run = SnapshotRun(on=on)
    rows: list[Snapshot] = []
    total = len(chosen) * len(scopes)
    done = 0
    for metric in chosen:
        for scope, sector_id, province_id in scopes:
            done += 1
            try:
                value = float(metric.compute(scope))
            except Exception:  # one broken metric must not stop the others
                logger.exception("Metric %s failed for %s", metric.key, scope)
                if metric.key not in run.failed:
                    run.failed.append(metric.key)
                continue
            rows.append(
                Snapshot(
                    metric_key=metric.key,
                    scope=scope_key(sector_id=sector_id, province_id=province_id),
                    sector_id=sector_id,
                    province_id=province_id,
                    on=on,
                    value=value,
                    is_demo=is_demo,
                )
            )
            if progress is not None and (done % 25 == 0 or done == total):
                progress(done, total)
    with transaction.atomic():
        Snapshot.objects.filter(on=on, metric_key__in=[m.key for m in chosen]).delete()
        Snapshot.objects.bulk_create(rows, batch_size=1000)
        run.stored = len(rows)
        if rows:
            audit_record(
                actor=actor,
                verb="monitoring.snapshots_recorded",
                obj=Snapshot.objects.filter(on=on).order_by("pk").first() or rows[0],
                changes=run.as_dict(),
            )
    return run
