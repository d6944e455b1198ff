from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from brug.core.jobs import STALE_AFTER, jobs_recover


class Command(BaseCommand):
    help = "Start again, or fail with a message, the running jobs whose worker stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-after",
            type=int,
            default=int(STALE_AFTER.total_seconds()),
            help="seconds without a heartbeat after which a job's worker counts as dead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = max(30, min(options["stale_after"], 86400))
        result = jobs_recover(stale_after=timedelta(seconds=seconds))
        self.stdout.write(
            f"Recovered jobs: {len(result.retried)} started again, {len(result.failed)} failed."
        )
