"""brug retention [--dry-run] [--no-progress]: apply the retention rules (docs/privacy.md).

Anonymises learners BRUG_LEARNER_RETENTION_DAYS after their last placement ended and deletes
reads older than BRUG_ACCESS_LOG_RETENTION_DAYS from the read log, then says what it did.
Run it daily on one host (docs/deployment.md). `--dry-run` only counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from brug.core.errors import ServiceError
from brug.workplace.privacy import retention_run


class Command(BaseCommand):
    help = "Anonymise learners past the retention term and delete old reads from the read log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="as of (today)")
        parser.add_argument("--learner-days", type=int, default=None)
        parser.add_argument("--log-days", type=int, default=None)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        today: date = options["date"] or date.today()
        with tqdm(total=0, unit="learners", disable=options["no_progress"]) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                report = retention_run(
                    today=today,
                    dry_run=options["dry_run"],
                    learner_days=options["learner_days"],
                    log_days=options["log_days"],
                    progress=progress,
                )
            except ServiceError as exc:
                raise CommandError(exc.text.resolve("en")) from exc
        if report.dry_run:
            self.stdout.write(
                f"Dry run, nothing changed. Learners whose last placement ended before "
                f"{report.learner_cutoff}: {report.learners_due} would be anonymised. "
                f"Reads before {report.log_cutoff}: {report.reads_due} would be deleted."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {report.learners_anonymised} learners whose last placement ended "
                f"before {report.learner_cutoff}. Deleted {report.reads_deleted} reads from "
                f"before {report.log_cutoff} from the read log."
            )
        )
