"""`brug daily`: every once-a-day command, in order, from one cron line or timer.

The list is `BRUG_DAILY_COMMANDS` in the settings, so a deployment runs exactly what Brug says
is daily work, and a new daily command is added in one place. A command that fails is reported
and the others still run; the exit status is non-zero when any failed.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from brug.core.steps import steps_run


class Command(BaseCommand):
    help = (
        "Run Brug's daily commands (metric snapshots, reminders, stale offers, retention, pruning)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="only print what would run")

    def handle(self, *args: Any, **options: Any) -> None:
        steps = []
        for name, arguments in settings.BRUG_DAILY_COMMANDS:
            line = " ".join(["brug", name.replace("_", "-"), *arguments])
            if options["list"]:
                self.stdout.write(line)
                continue
            run = partial(call_command, name, *arguments, stdout=self.stdout, stderr=self.stderr)
            steps.append((line, run))
        failed = steps_run(steps, stdout=self.stdout, stderr=self.stderr, announce=True)
        if failed:
            raise CommandError(f"Daily commands failed: {', '.join(failed)}")
