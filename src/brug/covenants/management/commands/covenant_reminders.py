"""brug covenant-reminders [--days N]: remind sector funds of progress reports due soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from brug.covenants.services import reminders_send


class Command(BaseCommand):
    help = "Notify sector funds whose reporting window closes within N days and who have not submitted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = reminders_send(days=options["days"], today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
