"""Long work of the monitoring app, run by any worker (`brug db_worker`) or inline by a command."""

from __future__ import annotations

from datetime import date
from typing import Any

from brug.core.i18n import gettext_lazy
from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.monitoring.services import snapshots_record, snapshots_record_as_system

SNAPSHOT_JOB = "monitoring.snapshot_metrics"


@job_handler(SNAPSHOT_JOB, retries=1)
def snapshot_metrics(job: Job, progress: Progress) -> dict[str, Any]:
    on = date.fromisoformat(job.params["on"]) if job.params.get("on") else date.today()

    def report(done: int, total: int) -> None:
        progress(done, total, gettext_lazy("Computing metrics"))

    if job.created_by is not None:  # started from the web: the person's rights apply
        run = snapshots_record(actor=job.created_by, on=on, progress=report)
    else:  # started by `brug snapshot-metrics` or a scheduler
        run = snapshots_record_as_system(on=on, progress=report)
    return run.as_dict() | {"url": "/cijfers/dashboard/"}
