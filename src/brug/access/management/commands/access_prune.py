"""Delete API token uses, sign-ins and sign-in attempt records past their retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from brug.access.services import access_logs_prune


class Command(BaseCommand):
    help = (
        "Delete API token uses, sign-ins and sign-in attempt records older than "
        "BRUG_ACCESS_RECORD_RETENTION_DAYS (or --days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.BRUG_ACCESS_RECORD_RETENTION_DAYS
        if not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650")
        pruned = access_logs_prune(older_than=timedelta(days=days))
        self.stdout.write(
            f"Deleted {pruned['token_uses']} token uses, {pruned['sign_ins']} sign-ins and "
            f"{pruned['sign_in_attempts']} sign-in attempt records older than {days} days."
        )
