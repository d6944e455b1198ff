"""brug snapshot-metrics [--date YYYY-MM-DD]: store today's value of every registered metric.

Run it daily (cron, systemd timer); dashboards show the stored values as a trend.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from brug.core.jobs import job_run_inline
from brug.core.models import Job, JobStatus
from brug.monitoring.jobs import SNAPSHOT_JOB


class Command(BaseCommand):
    help = "Store today's value of every registered metric for Flanders, each sector and province."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        on: date = options["date"] or date.today()
        job = Job.objects.create(
            kind=SNAPSHOT_JOB, title=f"Momentopname metrieken {on}", params={"on": on.isoformat()}
        )
        with tqdm(total=0, unit="values", disable=options["no_progress"]) as bar:
            job = job_run_inline(job, bar=bar)
        if job.status != JobStatus.SUCCEEDED:
            self.stderr.write(job.error)
            raise SystemExit(1)
        result = job.result
        self.stdout.write(
            self.style.SUCCESS(f"Stored {result['stored']} snapshot values for {result['on']}.")
        )
        if result["failed"]:
            self.stderr.write("Metrics that failed: " + ", ".join(result["failed"]))
