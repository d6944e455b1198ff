"""`brug daily`: every once-a-day command, in order, from one cron line or timer.

The list is `BRUG_DAILY_COMMANDS` in the settings, so a deployment runs exactly what Brug says
is daily work, and a new daily command is added in one place. A command that fails is reported
and the others still run; the exit status is non-zero when any failed.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Run Brug's daily commands (metric snapshots, reminders, stale offers, retention, pruning)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="only print what would run")

    def handle(self, *args: Any, **options: Any) -> None:
        failed: list[str] = []
        for name, arguments in settings.BRUG_DAILY_COMMANDS:
            line = " ".join(["brug", name.replace("_", "-"), *arguments])
            if options["list"]:
                self.stdout.write(line)
                continue
            self.stdout.write(f"== {line}")
            started = time.monotonic()
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # report and go on with the next daily command
                failed.append(name)
                self.stderr.write(f"   failed: {type(exc).__name__}: {exc}")
                continue
            self.stdout.write(f"   done in {time.monotonic() - started:.1f} s")
        if failed:
            raise CommandError(f"Daily commands failed: {', '.join(failed)}")
