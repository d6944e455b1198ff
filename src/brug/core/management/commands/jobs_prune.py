from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brug.core.jobs import jobs_prune


class Command(BaseCommand):
    help = "Delete finished jobs and finished task rows older than a number of days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650")
        pruned = jobs_prune(older_than=timedelta(days=days))
        self.stdout.write(
            f"Pruned {pruned['jobs']} finished jobs and {pruned['tasks']} task rows "
            f"older than {days} days."
        )
